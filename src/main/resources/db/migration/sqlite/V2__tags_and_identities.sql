-- SQLite: WITHOUT ROWID keeps each of these small rows in its primary-key B-tree only (one write, not two).

-- One row per explicit tag, carrying the Binding's sort key so that a tag filter pages through the primary key.
-- Every lookup, including the removal of a Binding's tags, goes through that key: no second index, no foreign
-- key (the store deletes tag rows with their Binding and their Service).
CREATE TABLE binding_tags (
    service_sid  VARCHAR(34) NOT NULL,
    tag          TEXT        NOT NULL,
    date_created BIGINT      NOT NULL,
    binding_sid  VARCHAR(34) NOT NULL,
    PRIMARY KEY (service_sid, tag, date_created, binding_sid)
) WITHOUT ROWID;

-- How many Bindings each Identity has in a Service. Creates lock and bump this row, which enforces the
-- per-Identity limit atomically on every engine and node without advisory locks or table locks.
CREATE TABLE binding_identities (
    service_sid VARCHAR(34) NOT NULL REFERENCES services (sid) ON DELETE CASCADE,
    identity    TEXT        NOT NULL,
    bindings    INTEGER     NOT NULL,
    PRIMARY KEY (service_sid, identity)
) WITHOUT ROWID;
