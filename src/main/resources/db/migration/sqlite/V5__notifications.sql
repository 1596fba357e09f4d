-- Notifications and their deliveries (the delivery queue). Times the engine schedules by (due, lease_until,
-- served_at) are epoch milliseconds; date_* are epoch seconds like every other table.

-- One row per accepted Notification: what to send (payload, JSON), its fan-out's progress (state 0 expanding,
-- 1 sending, 2 done; the keyset cursor over the Service's Bindings; lease_until: a node expands it until then)
-- and its delivery counts. No foreign key to services: deleting a Service leaves its Notifications to the purge.
CREATE TABLE notifications (
    sid          VARCHAR(34) PRIMARY KEY,
    account_sid  VARCHAR(34) NOT NULL,
    service_sid  VARCHAR(34) NOT NULL,
    date_created BIGINT      NOT NULL,
    priority     SMALLINT    NOT NULL, -- 0 high, 1 low
    ttl          INTEGER     NOT NULL,
    payload      TEXT        NOT NULL,
    state        SMALLINT    NOT NULL,
    cursor_date  BIGINT      NOT NULL, -- -1 and '' before the first chunk
    cursor_sid   VARCHAR(34) NOT NULL,
    lease_until  BIGINT      NOT NULL,
    served_at    BIGINT      NOT NULL,
    total        BIGINT      NOT NULL,
    queued       BIGINT      NOT NULL,
    delivered    BIGINT      NOT NULL,
    rejected     BIGINT      NOT NULL,
    expired      BIGINT      NOT NULL,
    warning      INTEGER -- 52301 when the fan-out found no target
);
CREATE INDEX notifications_by_service ON notifications (service_sid, date_created, sid);
CREATE INDEX notifications_expanding ON notifications (lease_until) WHERE state = 0;
CREATE INDEX notifications_queued ON notifications (priority, served_at) WHERE queued > 0;
CREATE INDEX notifications_by_age ON notifications (date_created);

-- One row per (Notification, address). status 0 queued, 1 delivered, 2 rejected, 3 expired. A queued row is due
-- at `due` (0: at once; later for a retry). While an attempt is under way on PostgreSQL, `claimed` is 1 and `due`
-- is the end of the claim, so a node that dies releases its work when that time passes. SQLite, which one
-- process owns, keeps its claims in that process's memory and never writes them.
CREATE TABLE deliveries (
    id                  INTEGER PRIMARY KEY,
    notification_sid    VARCHAR(34) NOT NULL,
    binding_sid         VARCHAR(34),
    binding_type        VARCHAR(24) NOT NULL,
    identity            TEXT,
    address             TEXT        NOT NULL,
    credential_sid      VARCHAR(34),
    protocol_version    TEXT,
    status              SMALLINT    NOT NULL,
    due                 BIGINT      NOT NULL,
    claimed             SMALLINT    NOT NULL,
    attempts            INTEGER     NOT NULL,
    error_code          INTEGER,
    error_message       TEXT,
    provider_message_id TEXT,
    request             TEXT,
    date_created        BIGINT      NOT NULL,
    date_updated        BIGINT      NOT NULL
);
-- SQLite appends the rowid (id) to every index: this one lists a Notification's deliveries in id order.
CREATE INDEX deliveries_by_notification ON deliveries (notification_sid);
CREATE INDEX deliveries_due ON deliveries (notification_sid, due) WHERE status = 0;
