package dev.herald.store;

import dev.herald.domain.Binding;
import dev.herald.domain.Service;
import java.util.Optional;
import java.util.function.Function;

/** Bindings, scoped by account and Service. Thread-safe; writes are durable on return. */
public interface BindingStore {

    /** Outcome of {@link #create}: the Binding was stored, or the identity already has the maximum. */
    sealed interface CreateResult {
        record Created(Binding binding, String replacedSid) implements CreateResult {
        }

        record IdentityFull(int limit) implements CreateResult {
        }

        record ServiceNotFound() implements CreateResult {
        }
    }

    /**
     * Creates a Binding in one atomic step: reads the account's Service, builds the Binding from it with
     * {@code build} (which must be quick and free of side effects: it may run more than once), deletes any Binding
     * with the same address in the Service, and stores the new one; nothing changes if that would leave the
     * identity with more than {@code maxPerIdentity} Bindings. The check holds under concurrent creates.
     */
    CreateResult create(String accountSid, String serviceSid, Function<Service, Binding> build, int maxPerIdentity);

    Optional<Binding> find(String accountSid, String serviceSid, String sid);

    boolean delete(String accountSid, String serviceSid, String sid);

    /** The account's Bindings in the Service that match {@code filter}; empty if the Service is not the account's. */
    Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page);
}
