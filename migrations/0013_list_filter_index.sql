-- Filtered member lists (status and age range, the most common filter of a list) count and fetch
-- through an index range instead of reading every record of the scope: at 1,000,000 members the
-- exact total of "members aged 30 to 50" in a Kreisverband of 120,000 took 544 ms as a bitmap heap
-- scan and takes 7 ms as an index-only scan of this index (bench/results.md, F11).
CREATE INDEX IF NOT EXISTS members_unit_status_birthdate_idx ON members (unit_id, status, birthdate);
