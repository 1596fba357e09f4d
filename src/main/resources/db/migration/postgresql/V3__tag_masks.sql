-- A signature of each Binding's tag set on each of its tag rows (see TagMask): a list by several tags skips the
-- driving tag's rows that cannot carry the others without looking them up. The primary key INCLUDEs the mask so
-- that the skipping happens in an index-only scan. -1 (every bit set) means "not known yet" and passes every
-- filter; `herald migrate` fills the masks of rows written before this migration, in batches, and can be
-- interrupted. Rebuilding the key takes about a minute per 10 million tag rows, with the table locked.
ALTER TABLE binding_tags ADD COLUMN tag_mask BIGINT NOT NULL DEFAULT -1;
ALTER TABLE binding_tags DROP CONSTRAINT binding_tags_pkey;
ALTER TABLE binding_tags ADD CONSTRAINT binding_tags_pkey
    PRIMARY KEY (service_sid, tag, date_created, binding_sid) INCLUDE (tag_mask);

-- Where the fill has got to; present only while rows may still lack their mask.
INSERT INTO settings (name, value) SELECT 'tag_mask_fill', '' WHERE EXISTS (SELECT 1 FROM binding_tags);
