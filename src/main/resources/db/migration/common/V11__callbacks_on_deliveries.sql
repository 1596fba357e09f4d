-- The callback of a delivery's final outcome rides on the delivery's row instead of a row of callbacks (one write
-- less per outcome; its form is built from the row when it is sent): callback_url and callback_due (epoch ms: the
-- next attempt, or on PostgreSQL while one is under way the end of its lease) set while it waits; sent: both NULL;
-- failed for good: callback_due NULL, callback_error why (Notify's 52311). callback_attempts: attempts made.
-- The callbacks of attempts to be retried stay rows of callbacks.
ALTER TABLE deliveries ADD COLUMN callback_url TEXT;
ALTER TABLE deliveries ADD COLUMN callback_due BIGINT;
ALTER TABLE deliveries ADD COLUMN callback_attempts INTEGER;
ALTER TABLE deliveries ADD COLUMN callback_error TEXT;
CREATE INDEX deliveries_callback_due ON deliveries (callback_due) WHERE callback_due IS NOT NULL;
