package dev.herald.domain;

/**
 * A store could not do what was asked (database unreachable, I/O error, closed). Never a caller's mistake.
 * {@link #busy} ones are passing: the database was locked, overloaded or out of reach for a moment, the request
 * changed nothing, and the same request may succeed when sent again.
 */
public class StoreException extends RuntimeException {
    private final boolean busy;

    public StoreException(String message) {
        this(message, null, false);
    }

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StoreException(String message, Throwable cause, boolean busy) {
        super(message, cause);
        this.busy = busy;
    }

    /** A passing failure: nothing was changed, and trying again later may succeed. */
    public static StoreException busy(String message, Throwable cause) {
        return new StoreException(message, cause, true);
    }

    public boolean busy() {
        return busy;
    }

    /** The first line of the message of {@code failure}'s innermost cause (its class name if it has none). */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }
}
