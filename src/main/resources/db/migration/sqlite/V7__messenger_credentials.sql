-- Herald's facebook-messenger Credentials (a page access token): a Service may name one for its Messenger Bindings,
-- looked up, like the other Credential columns (V4), when a Credential delete checks whether it is in use.
ALTER TABLE services ADD COLUMN facebook_messenger_credential_sid VARCHAR(34) REFERENCES credentials (sid);
CREATE INDEX services_by_messenger_credential ON services (facebook_messenger_credential_sid)
    WHERE facebook_messenger_credential_sid IS NOT NULL;
