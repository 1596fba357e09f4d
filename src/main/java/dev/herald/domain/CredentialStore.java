package dev.herald.domain;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Credentials, scoped by account; secrets are encrypted at rest. Thread-safe; writes are durable on return. */
public interface CredentialStore {
    void insert(Credential credential);

    Optional<Credential> find(String accountSid, String sid);

    Optional<Credential> update(String accountSid, String sid, UnaryOperator<Credential> change);

    /** Outcome of {@link #delete}. */
    enum DeleteResult { DELETED, NOT_FOUND, IN_USE }

    /**
     * Deletes the Credential unless a Service or Binding still names it, in one step with that check: a Service or
     * Binding written at the same time to name it is either written first (and the delete answers {@code IN_USE})
     * or refused after, its Credential missing.
     */
    DeleteResult delete(String accountSid, String sid);

    Slice<Credential> list(String accountSid, PageRequest page);
}
