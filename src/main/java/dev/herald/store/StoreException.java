package dev.herald.store;

/** The store could not do what was asked (database unreachable, I/O error, closed). Never a caller's mistake. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
