-- What a Credential delete looks up to refuse deleting a Credential in use (and what the foreign keys look up on
-- such a delete): the Services naming it, one index per channel, as bindings_by_credential does for Bindings.
-- Without them every Credential delete scans all the Services.
CREATE INDEX services_by_apn_credential ON services (apn_credential_sid) WHERE apn_credential_sid IS NOT NULL;
CREATE INDEX services_by_gcm_credential ON services (gcm_credential_sid) WHERE gcm_credential_sid IS NOT NULL;
CREATE INDEX services_by_fcm_credential ON services (fcm_credential_sid) WHERE fcm_credential_sid IS NOT NULL;
