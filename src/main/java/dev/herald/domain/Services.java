package dev.herald.domain;

import java.time.Clock;

/** Use cases of Notify Services. Thread-safe. */
public final class Services {
    static final int MAX_NAME = 64;

    private final ServiceStore serviceStore;
    private final CredentialStore credentialStore;
    private final Clock clock;

    public Services(ServiceStore serviceStore, CredentialStore credentialStore, Clock clock) {
        this.serviceStore = serviceStore;
        this.credentialStore = credentialStore;
        this.clock = clock;
    }

    public Service create(String accountSid, ServiceChanges changes) {
        changes.validate(new CredentialRefs(credentialStore, accountSid));
        long now = clock.instant().getEpochSecond();
        Service created = changes.applyTo(Service.builder(Sids.next(Sids.SERVICE), accountSid, now).build(), now);
        return written(serviceStore.insert(created), changes, created.sid());
    }

    public Service update(String accountSid, String sid, ServiceChanges changes) {
        requireSid(sid);
        changes.validate(new CredentialRefs(credentialStore, accountSid));
        long now = clock.instant().getEpochSecond();
        return written(serviceStore.update(accountSid, sid, current -> changes.applyTo(current, now)), changes, sid);
    }

    /** The stored Service, or the refusal the store's answer means. */
    private static Service written(ServiceStore.WriteResult result, ServiceChanges changes, String sid) {
        if (result instanceof ServiceStore.WriteResult.CredentialMissing missing) {
            throw changes.credentialMissing(missing.credentialSid());
        }
        if (result instanceof ServiceStore.WriteResult.ServiceMissing) {
            throw notFound(sid);
        }
        return ((ServiceStore.WriteResult.Written) result).service();
    }

    public Service fetch(String accountSid, String sid) {
        requireSid(sid);
        return serviceStore.find(accountSid, sid).orElseThrow(() -> notFound(sid));
    }

    public void delete(String accountSid, String sid) {
        requireSid(sid);
        if (!serviceStore.delete(accountSid, sid)) {
            throw notFound(sid);
        }
    }

    public Slice<Service> list(String accountSid, String friendlyName, PageRequest page) {
        return serviceStore.list(accountSid, friendlyName, page);
    }

    private static void requireSid(String sid) {
        if (!Sids.isValid(Sids.SERVICE, sid)) {
            throw notFound(sid);
        }
    }

    private static NotFoundException notFound(String sid) {
        return new NotFoundException("Service " + sid);
    }
}
