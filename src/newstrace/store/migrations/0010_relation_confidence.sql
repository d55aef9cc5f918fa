-- Each tie, stance and event carries how sure the reading is (0..1): lists, the workbench, the
-- report and analysis.json show by default what reaches the [relations] thresholds. Rows read
-- before this have none (NULL) and are shown as before.
ALTER TABLE ties ADD COLUMN confidence REAL;
ALTER TABLE stances ADD COLUMN confidence REAL;
ALTER TABLE events ADD COLUMN confidence REAL;
