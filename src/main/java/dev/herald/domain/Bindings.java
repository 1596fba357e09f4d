package dev.herald.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Use cases of Bindings. Thread-safe. */
public final class Bindings {
    /** Notify's documented limits. */
    public static final int MAX_PER_IDENTITY = 20;
    public static final int MAX_TAGS = 20;
    static final int MAX_IDENTITY = 256;
    static final int MAX_ADDRESS = 1024;
    static final int MAX_TAG = 128;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final ServiceStore serviceStore;
    private final CredentialStore credentialStore;
    private final BindingStore bindingStore;
    private final Clock clock;

    public Bindings(ServiceStore serviceStore, CredentialStore credentialStore, BindingStore bindingStore,
                    Clock clock) {
        this.serviceStore = serviceStore;
        this.credentialStore = credentialStore;
        this.bindingStore = bindingStore;
        this.clock = clock;
    }

    /**
     * Creates a Binding, replacing the Service's Binding with the same address (Notify's rule: an address belongs
     * to one Binding). Fails when the Service is not the account's or the identity already has
     * {@value #MAX_PER_IDENTITY} Bindings.
     */
    public Binding create(String accountSid, String serviceSid, NewBinding p) {
        requireServiceSid(serviceSid);
        String identity = Validate.required("Identity", p.identity(), MAX_IDENTITY);
        Validate.required("BindingType", p.bindingType(), 32);
        BindingType type = BindingType.fromWire(p.bindingType()).orElseThrow(() -> new InvalidParameterException(
                "BindingType", "must be one of apn, gcm, sms, fcm, facebook-messenger, alexa"));
        String address = Validate.required("Address", p.address(), MAX_ADDRESS);
        if (type == BindingType.SMS && !E164.matcher(address).matches()) {
            throw new InvalidParameterException("Address",
                    "an sms Binding needs a phone number in E.164 format, such as +15555550100");
        }
        List<String> tags = tags(p.tags());
        String version = ProtocolVersions.check("NotificationProtocolVersion",
                Validate.emptyToNull(p.notificationProtocolVersion()));
        String credentialSid = credential(accountSid, type, Validate.emptyToNull(p.credentialSid()));
        String endpoint = Validate.emptyToNull(Validate.maxLength("Endpoint", p.endpoint(), MAX_ADDRESS));
        long now = clock.instant().getEpochSecond();
        Binding binding = new Binding(Sids.next(Sids.BINDING), accountSid, serviceSid, credentialSid, identity, type,
                address, tags, version, endpoint, now, now);
        BindingStore.InsertResult result = bindingStore.insert(binding, MAX_PER_IDENTITY);
        if (result instanceof BindingStore.InsertResult.IdentityFull full) {
            throw new InvalidParameterException("Identity", "an Identity can have at most " + full.limit()
                    + " Bindings in a Service; delete one before creating another");
        }
        if (result instanceof BindingStore.InsertResult.ServiceMissing) {
            throw serviceNotFound(serviceSid);
        }
        if (result instanceof BindingStore.InsertResult.CredentialMissing) {
            throw CredentialRefs.missing("CredentialSid", credentialSid); // deleted since it was checked
        }
        return ((BindingStore.InsertResult.Inserted) result).binding();
    }

    public Binding fetch(String accountSid, String serviceSid, String sid) {
        requireServiceSid(serviceSid);
        requireSid(sid);
        return bindingStore.find(accountSid, serviceSid, sid).orElseThrow(() -> notFound(sid));
    }

    public void delete(String accountSid, String serviceSid, String sid) {
        requireServiceSid(serviceSid);
        requireSid(sid);
        if (!bindingStore.delete(accountSid, serviceSid, sid)) {
            throw notFound(sid);
        }
    }

    /** Lists the Service's Bindings that match {@code filter}; fails with 404 if the Service is not the account's. */
    public Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page) {
        requireServiceSid(serviceSid);
        Slice<Binding> slice = filter.none() ? new Slice<>(List.of(), false)
                : bindingStore.list(accountSid, serviceSid, filter, page);
        if (slice.items().isEmpty()) {
            service(accountSid, serviceSid); // rows prove the Service is the account's; no rows prove nothing
        }
        return slice;
    }

    private Service service(String accountSid, String serviceSid) {
        return serviceStore.find(accountSid, serviceSid).orElseThrow(() -> serviceNotFound(serviceSid));
    }

    private static List<String> tags(List<String> given) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String tag : given) {
            if (tag.isEmpty()) {
                throw new InvalidParameterException("Tag", "a tag must not be empty");
            }
            Validate.maxLength("Tag", tag, MAX_TAG);
            unique.add(tag);
        }
        if (unique.size() > MAX_TAGS) {
            throw new InvalidParameterException("Tag", "a Binding can have at most " + MAX_TAGS + " tags");
        }
        return new ArrayList<>(unique);
    }

    private String credential(String accountSid, BindingType type, String sid) {
        if (sid == null) {
            return null;
        }
        Validate.sidOrEmpty("CredentialSid", Sids.CREDENTIAL, sid);
        if (!type.usesCredential()) {
            throw new InvalidParameterException("CredentialSid", "only apn, fcm, gcm and facebook-messenger Bindings take a Credential");
        }
        return new CredentialRefs(credentialStore, accountSid).check("CredentialSid", sid, type);
    }

    private static void requireServiceSid(String serviceSid) {
        if (!Sids.isValid(Sids.SERVICE, serviceSid)) {
            throw serviceNotFound(serviceSid);
        }
    }

    private static void requireSid(String sid) {
        if (!Sids.isValid(Sids.BINDING, sid)) {
            throw notFound(sid);
        }
    }

    private static NotFoundException serviceNotFound(String serviceSid) {
        return new NotFoundException("Service " + serviceSid);
    }

    private static NotFoundException notFound(String sid) {
        return new NotFoundException("Binding " + sid);
    }
}
