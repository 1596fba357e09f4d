package dev.herald.api;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, 400 in Twilio's error JSON, a request whose path breaks the URI rules Jetty would enforce (bad UTF-8
 * after percent-decoding), after discarding its body, and one with a UTF-16 escape ({@code %u0041}), which Javalin's
 * path-parameter decoding cannot read (it failed such a request with a 500). Jetty refuses the former itself before
 * any handler, without reading the body: the connection then closes on unread data, and the reset can overtake the
 * answer, so a client still sending a large body (the JDK's HTTP client) saw no answer at all. {@link #takeOver}
 * moves the check here, where the body can be {@link Bodies#drainWhileFree drained} first.
 *
 * <p>Targets Jetty cannot parse at all ({@code %00}, {@code %ZZ}) are still refused by Jetty while it reads the
 * request line, before it knows the length of the body: it must close the connection, and a client still sending
 * may miss the answer. No handler can help there.
 *
 * <p>Runs on Jetty's request threads, which may block. Stateless and thread-safe.
 */
final class RefusedUris extends Handler.Wrapper {
    private final UriCompliance rules;

    private RefusedUris(UriCompliance rules) {
        this.rules = rules;
    }

    /**
     * The wrapper enforcing {@code http}'s URI rules, which it relaxes so that Jetty lets every URI through to it.
     * Insert it in front of the server's handlers ({@code Server.insertHandler}), so that it sees every request first.
     */
    static RefusedUris takeOver(HttpConfiguration http) {
        RefusedUris refused = new RefusedUris(http.getUriCompliance()
                .without("HERALD", UriCompliance.Violation.UTF16_ENCODINGS));
        http.setUriCompliance(UriCompliance.UNSAFE);
        return refused;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        UriCompliance.Violation broken = broken(request.getHttpURI());
        if (broken == null) {
            return super.handle(request, response, callback);
        }
        if (Bodies.announced(request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH),
                request.getHeaders().get(HttpHeader.TRANSFER_ENCODING))) {
            Bodies.drainWhileFree(Content.Source.asInputStream(request),
                    request.getConnectionMetaData().getConnection().getEndPoint());
        }
        Response.writeError(request, response, callback, 400, broken.getDescription());
        return true;
    }

    /** The first rule {@code uri} breaks, or null. */
    private UriCompliance.Violation broken(HttpURI uri) {
        if (!uri.hasViolations()) {
            return null;
        }
        for (UriCompliance.Violation violation : uri.getViolations()) {
            if (!rules.allows(violation)) {
                return violation;
            }
        }
        return null;
    }
}
