-- The settings a stage ran with (a digest of its config(): values and the files it reads),
-- recorded with its version, so a changed setting re-runs the stage. Runs recorded before this
-- column have '' and count as run with the current settings.
ALTER TABLE stage_runs ADD COLUMN settings TEXT NOT NULL DEFAULT '';
