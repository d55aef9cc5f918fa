-- Watch mode (newstrace watch): the validators each watched feed or URL last answered (ETag,
-- Last-Modified) for a conditional GET, the files of watched folders already read (size and
-- modification time), the items an alert round has looked at, and the alerts raised.
CREATE TABLE watch_urls (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    checked_at     TEXT NOT NULL
);

CREATE TABLE watch_files (
    path      TEXT PRIMARY KEY,
    size      BIGINT NOT NULL,
    mtime_ns  BIGINT NOT NULL,
    read_at   TEXT NOT NULL
);

CREATE TABLE watch_seen (
    kind  TEXT NOT NULL,
    item  TEXT NOT NULL,
    PRIMARY KEY (kind, item)
);

CREATE TABLE alerts (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    item       TEXT NOT NULL,
    article    TEXT,
    matched    TEXT NOT NULL,
    summary    TEXT NOT NULL,
    raised_at  TEXT NOT NULL
);
CREATE INDEX alerts_raised ON alerts (raised_at);
