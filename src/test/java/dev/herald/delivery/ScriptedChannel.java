package dev.herald.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A channel whose outcome for each attempt a function decides; it records every attempt in order. */
final class ScriptedChannel implements Channel {
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Function<Attempt, CompletableFuture<Outcome>> script;

    ScriptedChannel(Function<Attempt, CompletableFuture<Outcome>> script) {
        this.script = script;
    }

    static ScriptedChannel delivering() {
        return new ScriptedChannel(a -> CompletableFuture.completedFuture(new Outcome.Delivered("id-" + a.deliveryId(),
                null)));
    }

    @Override
    public CompletableFuture<Outcome> send(Attempt attempt) {
        attempts.add(attempt);
        return script.apply(attempt);
    }

    @Override
    public int maxInFlight() {
        return 100;
    }
}
