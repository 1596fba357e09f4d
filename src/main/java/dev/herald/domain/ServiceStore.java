package dev.herald.domain;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Notify Services, scoped by account. Thread-safe; every write is durable on return. */
public interface ServiceStore {
    void insert(Service service);

    Optional<Service> find(String accountSid, String sid);

    /**
     * Applies {@code change} to the stored Service atomically and returns the result, or empty if there is no
     * such Service in the account.
     */
    Optional<Service> update(String accountSid, String sid, UnaryOperator<Service> change);

    /** Deletes the Service and all its Bindings; false if there was no such Service. */
    boolean delete(String accountSid, String sid);

    /** Services of the account, optionally only those with exactly {@code friendlyName}. */
    Slice<Service> list(String accountSid, String friendlyName, PageRequest page);
}
