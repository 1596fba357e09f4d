package dev.herald.api;

import io.javalin.http.Context;
import java.util.Map;

/**
 * The unauthenticated probes of a load balancer or orchestrator: {@code /healthz} (the process answers) and
 * {@code /readyz} (it can serve: 200 {@code {"status":"ready"}}, or 503 {@code {"status":"unavailable","reason":…}}
 * with {@code Retry-After}).
 */
final class Probes {
    private Probes() {
    }

    static void healthz(Context ctx) {
        Call.json(ctx, 200, Map.of("status", "ok"));
    }

    static void readyz(Context ctx, Operations.Readiness readiness) {
        String problem = readiness.problem();
        if (problem == null) {
            Call.json(ctx, 200, Map.of("status", "ready"));
        } else {
            ctx.header("Retry-After", Failures.RETRY_AFTER_SECONDS);
            Call.json(ctx, 503, Map.of("status", "unavailable", "reason", problem));
        }
    }
}
