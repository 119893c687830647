-- `sealdrop duplicate ID --of OTHER`: the case this one duplicates (staff only; the reporter sees
-- "duplicate of a known report"). `sealdrop disclosure ID DATE`: the planned disclosure date,
-- shown to the reporter with the timeline.
ALTER TABLE reports ADD COLUMN duplicate_of TEXT REFERENCES reports (id);
ALTER TABLE reports ADD COLUMN planned_disclosure TEXT;   -- YYYY-MM-DD
