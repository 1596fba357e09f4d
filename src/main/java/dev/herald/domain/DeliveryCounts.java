package dev.herald.domain;

/**
 * How far a Notification's fan-out and delivery got: {@code total} deliveries created so far (final once the
 * state leaves {@code EXPANDING}), and how many of them are in each status; {@code warning} is Notify's 52301
 * when the fan-out found no target, else null. Immutable.
 */
public record DeliveryCounts(State state, long total, long queued, long delivered, long rejected, long expired,
                             Integer warning) {
    /** Notify's warning "Resulted destination list for requested parameters is empty". */
    public static final int NO_TARGET = 52301;

    /** {@code EXPANDING}: targets are still being found; {@code SENDING}: all found, some queued; {@code DONE}. */
    public enum State {
        EXPANDING("expanding"), SENDING("sending"), DONE("done");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
