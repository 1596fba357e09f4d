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

    /** Deletes the Credential unless a Service or Binding still names it. */
    DeleteResult delete(String accountSid, String sid);

    Slice<Credential> list(String accountSid, PageRequest page);
}
