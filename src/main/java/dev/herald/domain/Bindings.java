package dev.herald.domain;

import dev.herald.store.BindingFilter;
import dev.herald.store.BindingStore;
import dev.herald.store.BindingStore.CreateResult;
import dev.herald.store.CredentialStore;
import dev.herald.store.PageRequest;
import dev.herald.store.ServiceStore;
import dev.herald.store.Slice;
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
    public static final int MAX_FILTER_TAGS = 5;
    public static final int MAX_FILTER_IDENTITIES = 20;
    static final int MAX_IDENTITY = 256;
    static final int MAX_ADDRESS = 1024;
    static final int MAX_TAG = 128;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    /** The parameters of a create; {@code bindingType} is the raw wire value. Null means not given. */
    public record NewBinding(String identity, String bindingType, String address, List<String> tags,
                             String notificationProtocolVersion, String credentialSid, String endpoint) {
    }

    private final ServiceStore services;
    private final CredentialStore credentials;
    private final BindingStore bindings;
    private final Clock clock;

    public Bindings(ServiceStore services, CredentialStore credentials, BindingStore bindings, Clock clock) {
        this.services = services;
        this.credentials = credentials;
        this.bindings = bindings;
        this.clock = clock;
    }

    public Binding create(String accountSid, String serviceSid, NewBinding p) {
        requireServiceSid(serviceSid);
        String identity = Validate.required("Identity", p.identity(), MAX_IDENTITY);
        Validate.required("BindingType", p.bindingType(), 32);
        BindingType type = BindingType.fromWire(p.bindingType()).orElseThrow(() -> new InvalidParameterException(
                "BindingType", "Invalid parameter BindingType: must be one of apn, gcm, sms, fcm, facebook-messenger, alexa"));
        String address = Validate.required("Address", p.address(), MAX_ADDRESS);
        if (type == BindingType.SMS && !E164.matcher(address).matches()) {
            throw new InvalidParameterException("Address",
                    "Invalid parameter Address: an sms Binding needs a phone number in E.164 format, such as +15555550100");
        }
        List<String> tags = tags(p.tags());
        String version = ProtocolVersions.check("NotificationProtocolVersion", Validate.emptyToNull(p.notificationProtocolVersion()));
        String credentialSid = credential(accountSid, type, Validate.emptyToNull(p.credentialSid()));
        String endpoint = Validate.emptyToNull(Validate.maxLength("Endpoint", p.endpoint(), MAX_ADDRESS));
        long now = clock.instant().getEpochSecond();
        String sid = Sids.next(Sids.BINDING);
        CreateResult result = bindings.create(accountSid, serviceSid, service -> new Binding(sid, accountSid, serviceSid,
                credentialSid, identity, type, address, tags, version != null ? version : service.defaultProtocolVersion(type),
                endpoint, now, now), MAX_PER_IDENTITY);
        if (result instanceof CreateResult.IdentityFull full) {
            throw new InvalidParameterException("Identity", "Invalid parameter Identity: an Identity can have at most "
                    + full.limit() + " Bindings in a Service; delete one before creating another");
        }
        if (result instanceof CreateResult.ServiceNotFound) {
            throw new NotFoundException("Service " + serviceSid);
        }
        return ((CreateResult.Created) result).binding();
    }

    public Binding fetch(String accountSid, String serviceSid, String sid) {
        requireServiceSid(serviceSid);
        requireSid(serviceSid, sid);
        return bindings.find(accountSid, serviceSid, sid).orElseThrow(() -> notFound(serviceSid, sid));
    }

    public void delete(String accountSid, String serviceSid, String sid) {
        requireServiceSid(serviceSid);
        requireSid(serviceSid, sid);
        if (!bindings.delete(accountSid, serviceSid, sid)) {
            throw notFound(serviceSid, sid);
        }
    }

    /** Lists the Service's Bindings; fails with 404 if the Service is not the account's. */
    public Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page) {
        requireServiceSid(serviceSid);
        if (filter.tags().size() > MAX_FILTER_TAGS) {
            throw new InvalidParameterException("Tag", "Invalid parameter Tag: at most " + MAX_FILTER_TAGS + " tags are allowed");
        }
        if (filter.identities().size() > MAX_FILTER_IDENTITIES) {
            throw new InvalidParameterException("Identity",
                    "Invalid parameter Identity: at most " + MAX_FILTER_IDENTITIES + " identities are allowed");
        }
        Slice<Binding> slice = bindings.list(accountSid, serviceSid, filter, page);
        if (slice.items().isEmpty()) {
            service(accountSid, serviceSid); // rows prove the Service is the account's; no rows prove nothing
        }
        return slice;
    }

    private void service(String accountSid, String serviceSid) {
        if (services.find(accountSid, serviceSid).isEmpty()) {
            throw new NotFoundException("Service " + serviceSid);
        }
    }

    private static List<String> tags(List<String> given) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String tag : given) {
            if (tag.isEmpty()) {
                throw new InvalidParameterException("Tag", "Invalid parameter Tag: a tag must not be empty");
            }
            Validate.maxLength("Tag", tag, MAX_TAG);
            unique.add(tag);
        }
        if (unique.size() > MAX_TAGS) {
            throw new InvalidParameterException("Tag",
                    "Invalid parameter Tag: a Binding can have at most " + MAX_TAGS + " tags");
        }
        return new ArrayList<>(unique);
    }

    private String credential(String accountSid, BindingType type, String sid) {
        if (sid == null) {
            return null;
        }
        Validate.sidOrEmpty("CredentialSid", Sids.CREDENTIAL, sid);
        if (!type.usesCredential()) {
            throw new InvalidParameterException("CredentialSid",
                    "Invalid parameter CredentialSid: only apn, fcm and gcm Bindings take a Credential");
        }
        Credential credential = credentials.find(accountSid, sid).orElseThrow(() -> new InvalidParameterException(
                "CredentialSid", "Invalid parameter CredentialSid: Credential " + sid + " was not found"));
        if (!type.acceptsCredential(credential.type())) {
            throw new InvalidParameterException("CredentialSid", "Invalid parameter CredentialSid: Credential " + sid
                    + " is of type " + credential.type().wire() + ", which cannot serve " + type.wire() + " Bindings");
        }
        return sid;
    }

    private static void requireServiceSid(String serviceSid) {
        if (!Sids.isValid(Sids.SERVICE, serviceSid)) {
            throw new NotFoundException("Service " + serviceSid);
        }
    }

    private static void requireSid(String serviceSid, String sid) {
        if (!Sids.isValid(Sids.BINDING, sid)) {
            throw notFound(serviceSid, sid);
        }
    }

    private static NotFoundException notFound(String serviceSid, String sid) {
        return new NotFoundException("Binding " + sid);
    }
}
