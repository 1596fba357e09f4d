package dev.herald.domain;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Notify Services, scoped by account. Thread-safe; every write is durable on return. */
public interface ServiceStore {

    /** Outcome of {@link #insert} and {@link #update}: the Service as stored, or nothing changed, and why. */
    sealed interface WriteResult {
        record Written(Service service) implements WriteResult {
        }

        /** There is no such Service in the account (an update only). */
        record ServiceMissing() implements WriteResult {
        }

        /** The Service would name {@code credentialSid}, which is not (or no longer) a Credential of the account. */
        record CredentialMissing(String credentialSid) implements WriteResult {
        }
    }

    /**
     * Stores a new Service if every Credential it names is the account's, in one step with that check: a Credential
     * deleted at the same time is either gone before ({@code CredentialMissing}) or refused its delete after.
     */
    WriteResult insert(Service service);

    Optional<Service> find(String accountSid, String sid);

    /**
     * Applies {@code change} to the stored Service atomically (concurrent updates of one Service take turns, each
     * applied to the other's result) and stores the result if every Credential it names is the account's, checked
     * as {@link #insert} does.
     */
    WriteResult update(String accountSid, String sid, UnaryOperator<Service> change);

    /** Deletes the Service and all its Bindings; false if there was no such Service. */
    boolean delete(String accountSid, String sid);

    /** Services of the account, optionally only those with exactly {@code friendlyName}. */
    Slice<Service> list(String accountSid, String friendlyName, PageRequest page);
}
