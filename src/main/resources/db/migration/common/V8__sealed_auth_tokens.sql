-- An account's auth token kept sealed with the master key (SecretBox, bound to the account SID), beside its hash,
-- so that Herald can sign delivery callbacks as Twilio signs its webhooks. Accounts created before this version
-- have none (NULL) until HERALD_AUTH_TOKEN or `herald accounts set-token` sets their token again.
ALTER TABLE accounts ADD COLUMN auth_token_sealed TEXT;
