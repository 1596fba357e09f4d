-- A signature of each Binding's tag set on each of its tag rows (see TagMask): a list by several tags skips the
-- driving tag's rows that cannot carry the others without looking them up. In a WITHOUT ROWID table the column
-- lives in the primary-key B-tree itself. -1 (every bit set) means "not known yet" and passes every filter;
-- `herald migrate` fills the masks of rows written before this migration, in batches, and can be interrupted.
ALTER TABLE binding_tags ADD COLUMN tag_mask INTEGER NOT NULL DEFAULT -1;

-- Where the fill has got to; present only while rows may still lack their mask.
INSERT INTO settings (name, value) SELECT 'tag_mask_fill', '' WHERE EXISTS (SELECT 1 FROM binding_tags);
