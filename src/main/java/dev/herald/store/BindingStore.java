package dev.herald.store;

import dev.herald.domain.Binding;
import java.util.Optional;

/** Bindings, scoped by account and Service. Thread-safe; writes are durable on return. */
public interface BindingStore {

    /** Outcome of {@link #create}: the Binding was stored, or the identity already has the maximum. */
    sealed interface CreateResult {
        record Created(Binding binding, String replacedSid) implements CreateResult {
        }

        record IdentityFull(int limit) implements CreateResult {
        }
    }

    /**
     * Stores {@code binding} in one atomic step: a Binding with the same address in the Service is deleted first,
     * and nothing changes if that would leave the identity with more than {@code maxPerIdentity} Bindings. The
     * check holds under concurrent creates.
     */
    CreateResult create(Binding binding, int maxPerIdentity);

    Optional<Binding> find(String accountSid, String serviceSid, String sid);

    boolean delete(String accountSid, String serviceSid, String sid);

    Slice<Binding> list(String serviceSid, BindingFilter filter, PageRequest page);
}
