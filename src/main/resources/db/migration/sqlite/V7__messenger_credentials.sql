-- Herald's facebook-messenger Credentials (a page access token): a Service may name one for its Messenger Bindings,
-- looked up, like the other Credential columns (V4), when a Credential delete checks whether it is in use. SQLite
-- cannot add a column with a foreign key that it could later drop, so this one has none: SQLite's single writer
-- runs a Service write (which keeps the Credential it names) and a Credential delete (which looks for its users)
-- one after the other, so neither can miss the other.
ALTER TABLE services ADD COLUMN facebook_messenger_credential_sid VARCHAR(34);
CREATE INDEX services_by_messenger_credential ON services (facebook_messenger_credential_sid)
    WHERE facebook_messenger_credential_sid IS NOT NULL;
