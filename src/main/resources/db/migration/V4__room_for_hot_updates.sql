-- Every deactivation updates its license's counters (and its features' totals), none of them indexed:
-- leaving room on each page lets PostgreSQL update those rows in place (HOT), without new index entries.
ALTER TABLE licenses SET (fillfactor = 90);
ALTER TABLE license_features SET (fillfactor = 90);
