package dev.herald.domain;

import java.util.Optional;

/** Bindings, scoped by account and Service. Thread-safe; writes are durable on return. */
public interface BindingStore {

    /** Outcome of {@link #insert}: the Binding was stored, or nothing changed, and why. */
    sealed interface InsertResult {
        record Inserted(Binding binding) implements InsertResult {
        }

        /** The identity already has {@code limit} Bindings in the Service. */
        record IdentityFull(int limit) implements InsertResult {
        }

        /** The Service is not (or no longer) the account's. */
        record ServiceMissing() implements InsertResult {
        }

        /** The Binding's Credential is not (or no longer) the account's. */
        record CredentialMissing() implements InsertResult {
        }
    }

    /**
     * Stores {@code binding} in one atomic step: if its Service is the account's, and so is its Credential when it
     * names one, deletes any Binding with the same address in the Service and stores the new one; nothing changes
     * if that would leave the identity with more than {@code maxPerIdentity} Bindings. The check holds under
     * concurrent inserts. A Service or Credential deleted at the same time is either gone first (the insert
     * answers {@code ServiceMissing} or {@code CredentialMissing}) or deleted after: the Service with the new
     * Binding, the Credential not at all (it is in use). A Binding without a notification protocol version gets
     * its Service's default for its type ({@link Service#defaultProtocolVersion}), as read in the same
     * transaction; {@code Inserted} carries the Binding as stored.
     */
    InsertResult insert(Binding binding, int maxPerIdentity);

    Optional<Binding> find(String accountSid, String serviceSid, String sid);

    boolean delete(String accountSid, String serviceSid, String sid);

    /** The account's Bindings in the Service that match {@code filter}; empty if the Service is not the account's. */
    Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page);
}
