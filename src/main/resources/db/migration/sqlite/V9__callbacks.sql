-- Delivery callbacks waiting to be sent (status 0; due: the next attempt, epoch ms, or while one is under way the
-- end of its lease) or failed for good (status 1, error: why; Notify's 52311). A sent callback is deleted; the rest
-- go with their Notification's purge. form is the POST body, form-encoded.
CREATE TABLE callbacks (
    id               INTEGER PRIMARY KEY,
    notification_sid VARCHAR(34) NOT NULL,
    account_sid      VARCHAR(34) NOT NULL,
    url              TEXT        NOT NULL,
    form             TEXT        NOT NULL,
    status           SMALLINT    NOT NULL,
    attempts         INTEGER     NOT NULL,
    due              BIGINT      NOT NULL,
    error            TEXT
);
CREATE INDEX callbacks_due ON callbacks (due) WHERE status = 0;
CREATE INDEX callbacks_by_notification ON callbacks (notification_sid);
