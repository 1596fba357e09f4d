-- A delivery's primary key leads with its Notification, (notification_sid, id), and serves what
-- deliveries_by_notification served (a Notification's deliveries in id order): one index less to write for every
-- delivery queued and every outcome (an outcome moves the row, so each of its indexes gets an entry). Statements
-- find a delivery by both columns. SQLite, whose rows are found by their rowid, keeps its schema.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey;
ALTER TABLE deliveries ADD PRIMARY KEY (notification_sid, id);
DROP INDEX deliveries_by_notification;
