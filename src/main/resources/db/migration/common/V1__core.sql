-- Herald core schema: accounts, credentials, services, bindings. Portable SQL (SQLite and PostgreSQL).
-- Dates are epoch seconds (Notify shows second precision); lists page by (date_created, sid).

CREATE TABLE accounts (
    sid             VARCHAR(34) PRIMARY KEY,
    auth_token_hash VARCHAR(64) NOT NULL,
    date_created    BIGINT      NOT NULL
);

CREATE TABLE credentials (
    sid           VARCHAR(34) PRIMARY KEY,
    account_sid   VARCHAR(34) NOT NULL REFERENCES accounts (sid),
    friendly_name TEXT,
    type          VARCHAR(8)  NOT NULL,
    secrets       TEXT        NOT NULL, -- AES-256-GCM sealed JSON, see SecretBox
    date_created  BIGINT      NOT NULL,
    date_updated  BIGINT      NOT NULL
);
CREATE INDEX credentials_by_account ON credentials (account_sid, date_created, sid);

CREATE TABLE services (
    sid                                         VARCHAR(34) PRIMARY KEY,
    account_sid                                 VARCHAR(34) NOT NULL REFERENCES accounts (sid),
    friendly_name                               TEXT,
    apn_credential_sid                          VARCHAR(34) REFERENCES credentials (sid),
    gcm_credential_sid                          VARCHAR(34) REFERENCES credentials (sid),
    fcm_credential_sid                          VARCHAR(34) REFERENCES credentials (sid),
    messaging_service_sid                       VARCHAR(34),
    facebook_messenger_page_id                  TEXT,
    default_apn_notification_protocol_version   TEXT,
    default_gcm_notification_protocol_version   TEXT,
    default_fcm_notification_protocol_version   TEXT,
    default_alexa_notification_protocol_version TEXT,
    log_enabled                                 BOOLEAN     NOT NULL,
    alexa_skill_id                              TEXT,
    delivery_callback_url                       TEXT,
    delivery_callback_enabled                   BOOLEAN     NOT NULL,
    date_created                                BIGINT      NOT NULL,
    date_updated                                BIGINT      NOT NULL
);
CREATE INDEX services_by_account ON services (account_sid, date_created, sid);
CREATE INDEX services_by_name ON services (account_sid, friendly_name, date_created, sid);

CREATE TABLE bindings (
    sid                           VARCHAR(34) PRIMARY KEY,
    service_sid                   VARCHAR(34) NOT NULL REFERENCES services (sid) ON DELETE CASCADE,
    account_sid                   VARCHAR(34) NOT NULL,
    credential_sid                VARCHAR(34) REFERENCES credentials (sid),
    identity                      TEXT        NOT NULL,
    binding_type                  VARCHAR(24) NOT NULL,
    address                       TEXT        NOT NULL,
    tags                          TEXT        NOT NULL, -- JSON array of the explicit tags, in order
    notification_protocol_version TEXT,
    endpoint                      TEXT,
    date_created                  BIGINT      NOT NULL,
    date_updated                  BIGINT      NOT NULL,
    UNIQUE (service_sid, address)
);
CREATE INDEX bindings_by_service ON bindings (service_sid, date_created, sid);
CREATE INDEX bindings_by_identity ON bindings (service_sid, identity, date_created, sid);
CREATE INDEX bindings_by_type ON bindings (service_sid, binding_type, date_created, sid);
CREATE INDEX bindings_by_credential ON bindings (credential_sid) WHERE credential_sid IS NOT NULL;

-- Installation-wide values, e.g. a value sealed with the master key to detect a wrong key at start-up.
CREATE TABLE settings (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT        NOT NULL
);

-- binding_tags and binding_identities follow in V2, per engine (SQLite stores them WITHOUT ROWID).
