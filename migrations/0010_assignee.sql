-- Who works on a case (`sealdrop assign`): a name from `STAFF_TOKENS`, or nobody.
ALTER TABLE reports ADD COLUMN assignee TEXT;
