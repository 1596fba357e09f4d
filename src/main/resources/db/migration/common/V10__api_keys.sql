-- API keys (SK…): they authenticate as their account, like its auth token. Only the secret's SHA-256 hash (hex) is
-- kept; the secret is shown once, when the key is created. Deleting an account deletes its keys.
CREATE TABLE api_keys (
    sid           VARCHAR(34) PRIMARY KEY,
    account_sid   VARCHAR(34) NOT NULL REFERENCES accounts (sid) ON DELETE CASCADE,
    friendly_name TEXT,
    secret_hash   VARCHAR(64) NOT NULL,
    date_created  BIGINT      NOT NULL,
    date_updated  BIGINT      NOT NULL
);
CREATE INDEX api_keys_by_account ON api_keys (account_sid, date_created, sid);
