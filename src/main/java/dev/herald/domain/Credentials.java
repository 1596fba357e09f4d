package dev.herald.domain;

import java.time.Clock;

/** Use cases of push Credentials. Thread-safe. */
public final class Credentials {
    private static final int MAX_SECRET = 64 * 1024;

    private final CredentialStore store;
    private final Clock clock;

    public Credentials(CredentialStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code type} is the raw {@code Type} parameter; secrets fields are null when not given. */
    public Credential create(String accountSid, String type, String friendlyName, CredentialSecrets secrets) {
        Validate.required("Type", type, 24);
        CredentialType parsed = CredentialType.fromWire(type).orElseThrow(() -> new InvalidParameterException("Type",
                "must be one of gcm, apn, fcm, facebook-messenger"));
        Validate.maxLength("FriendlyName", friendlyName, Services.MAX_NAME);
        checkSecrets(secrets);
        CredentialSecrets normalized = checkRules(parsed, secrets, normalize(secrets));
        long now = clock.instant().getEpochSecond();
        Credential credential = new Credential(Sids.next(Sids.CREDENTIAL), accountSid,
                Validate.emptyToNull(friendlyName), parsed, normalized, now, now);
        store.insert(credential);
        return credential;
    }

    public Credential update(String accountSid, String sid, String friendlyName, CredentialSecrets changes) {
        requireSid(sid);
        Validate.maxLength("FriendlyName", friendlyName, Services.MAX_NAME);
        checkSecrets(changes);
        long now = clock.instant().getEpochSecond();
        return store.update(accountSid, sid, c -> new Credential(c.sid(), c.accountSid(),
                        friendlyName == null ? c.friendlyName() : Validate.emptyToNull(friendlyName),
                        c.type(), checkRules(c.type(), changes, normalize(c.secrets().merge(changes))),
                        c.dateCreated(), now))
                .orElseThrow(() -> notFound(sid));
    }

    public Credential fetch(String accountSid, String sid) {
        requireSid(sid);
        return store.find(accountSid, sid).orElseThrow(() -> notFound(sid));
    }

    public void delete(String accountSid, String sid) {
        requireSid(sid);
        switch (store.delete(accountSid, sid)) {
            case DELETED -> { }
            case NOT_FOUND -> throw notFound(sid);
            case IN_USE -> throw new ConflictException("Credential " + sid
                    + " is still used by a Service or Binding; remove it from them before deleting it");
        }
    }

    public Slice<Credential> list(String accountSid, PageRequest page) {
        return store.list(accountSid, page);
    }

    private static void checkSecrets(CredentialSecrets s) {
        Validate.maxLength("Certificate", s.certificate(), MAX_SECRET);
        Validate.maxLength("PrivateKey", s.privateKey(), MAX_SECRET);
        Validate.maxLength("ApiKey", s.apiKey(), MAX_SECRET);
        Validate.maxLength("Secret", s.secret(), MAX_SECRET);
    }

    /**
     * The rules of each type on the secrets as they are to be stored ({@code result}: an update's merge), returned;
     * a {@code Secret} is checked only when {@code given}, so that a Credential stored before the rule can still be
     * renamed.
     */
    private static CredentialSecrets checkRules(CredentialType type, CredentialSecrets given, CredentialSecrets result) {
        ApnsTokenRules.check(type, result);
        if ((type == CredentialType.FCM || type == CredentialType.GCM) && Validate.emptyToNull(given.secret()) != null) {
            ServiceAccountRules.check(given.secret());
        }
        if (type == CredentialType.FACEBOOK_MESSENGER && result.secret() == null) {
            throw new InvalidParameterException("Secret", "a facebook-messenger Credential holds its page access "
                    + "token as its Secret");
        }
        return result;
    }

    /** Empty strings clear a secret. */
    private static CredentialSecrets normalize(CredentialSecrets s) {
        return new CredentialSecrets(Validate.emptyToNull(s.certificate()), Validate.emptyToNull(s.privateKey()),
                s.sandbox(), Validate.emptyToNull(s.apiKey()), Validate.emptyToNull(s.secret()),
                Validate.emptyToNull(s.keyId()), Validate.emptyToNull(s.teamId()), Validate.emptyToNull(s.bundleId()));
    }

    private static void requireSid(String sid) {
        if (!Sids.isValid(Sids.CREDENTIAL, sid)) {
            throw notFound(sid);
        }
    }

    private static NotFoundException notFound(String sid) {
        return new NotFoundException("Credential " + sid);
    }
}
