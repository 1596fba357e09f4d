-- I-Twilio-Idempotency-Token: a Notification create that repeats a token in the same Service within 24 hours answers
-- the Notification the token first created (same request, by fingerprint) or 409 (another request), and sends
-- nothing. date_created is epoch seconds; the purge deletes tokens a day old. The primary key is what makes two
-- creates racing with one token, on one node or several, store one Notification.
CREATE TABLE idempotency_tokens (
    service_sid      VARCHAR(34)  NOT NULL,
    token            VARCHAR(256) NOT NULL,
    fingerprint      VARCHAR(64)  NOT NULL,
    notification_sid VARCHAR(34)  NOT NULL,
    date_created     BIGINT       NOT NULL,
    PRIMARY KEY (service_sid, token)
);
CREATE INDEX idempotency_tokens_by_age ON idempotency_tokens (date_created);
