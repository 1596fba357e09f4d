package dev.herald.domain;

/** Checks a Credential SID named by a request against the caller's account and the channel it is to serve. */
final class CredentialRefs {
    private final CredentialStore store;
    private final String accountSid;

    CredentialRefs(CredentialStore store, String accountSid) {
        this.store = store;
        this.accountSid = accountSid;
    }

    /**
     * Null and empty pass (not given, or cleared); otherwise {@code sid} must be a Credential of the account whose
     * type can serve {@code channel}. Failures name {@code parameter}.
     */
    String check(String parameter, String sid, BindingType channel) {
        if (Validate.sidOrEmpty(parameter, Sids.CREDENTIAL, sid) == null || sid.isEmpty()) {
            return sid;
        }
        Credential credential = store.find(accountSid, sid).orElseThrow(() -> missing(parameter, sid));
        if (!channel.acceptsCredential(credential.type())) {
            throw new InvalidParameterException(parameter, "Credential " + sid + " is of type "
                    + credential.type().wire() + ", which cannot serve " + channel.wire() + " Bindings");
        }
        return sid;
    }

    /**
     * The refusal of {@code parameter} naming {@code sid}, which is not a Credential of the account: the same
     * whether it never was or was deleted while the request that names it was under way.
     */
    static InvalidParameterException missing(String parameter, String sid) {
        return new InvalidParameterException(parameter, "Credential " + sid + " was not found");
    }
}
