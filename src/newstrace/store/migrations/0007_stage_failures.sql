-- A stage that raised on an article (a document it cannot handle), with the reason. Later runs
-- skip the article while the stage's version and settings are those it failed with, until
-- analyze --redo names the stage; a successful run of the stage removes the row.
CREATE TABLE stage_failures (
    article    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    settings   TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL,
    failed_at  TEXT NOT NULL,
    PRIMARY KEY (article, stage)
);
