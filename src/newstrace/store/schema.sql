-- newstrace's schema (SQLite dialect). This file is migration 0001_initial; every later
-- change is a named migration in migrations/NNNN_name.sql, applied once, in order, and
-- recorded in schema_migrations. Character offsets are Python str indexes into articles.text.

CREATE TABLE outlets (
    name        TEXT PRIMARY KEY,
    first_seen  TEXT NOT NULL
);

CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,  -- ingest order; FTS5 rowid
    id           TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error        TEXT,
    url          TEXT,
    outlet       TEXT REFERENCES outlets(name),
    title        TEXT,
    published    TEXT,
    language     TEXT,
    author       TEXT,
    content_hash TEXT UNIQUE,
    text         TEXT NOT NULL DEFAULT '',
    chars        INTEGER NOT NULL DEFAULT 0,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_status ON articles(status);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Which stage version has processed which article: the basis of incremental re-runs.
CREATE TABLE stage_runs (
    article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage    TEXT NOT NULL,
    version  INTEGER NOT NULL,
    done_at  TEXT NOT NULL,
    PRIMARY KEY (article, stage)
);

CREATE TABLE sentences (
    article     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
);

CREATE TABLE actors (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    origin  TEXT NOT NULL DEFAULT 'auto'   -- auto (a stage made it) or analyst
);

CREATE TABLE actor_aliases (
    actor   TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias   TEXT NOT NULL,
    key     TEXT NOT NULL,
    origin  TEXT NOT NULL DEFAULT 'auto',
    PRIMARY KEY (actor, alias)
);
CREATE INDEX actor_aliases_key ON actor_aliases(key);

CREATE TABLE mentions (
    id              TEXT PRIMARY KEY,
    article         TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage           TEXT NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    label           TEXT NOT NULL,
    type            TEXT NOT NULL,
    norm            TEXT NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    actor           TEXT REFERENCES actors(id) ON DELETE SET NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_actor ON mentions(actor);
CREATE INDEX mentions_norm ON mentions(norm);

CREATE TABLE quotes (
    id            TEXT PRIMARY KEY,
    article       TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage         TEXT NOT NULL,
    text          TEXT NOT NULL,
    cue           TEXT,
    speaker       TEXT REFERENCES actors(id) ON DELETE SET NULL,
    speaker_text  TEXT
);
CREATE INDEX quotes_article ON quotes(article);

CREATE TABLE ties (
    id       TEXT PRIMARY KEY,
    article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage    TEXT NOT NULL,
    source   TEXT NOT NULL,
    target   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    negated  INTEGER NOT NULL DEFAULT 0,
    date     TEXT
);
CREATE INDEX ties_article ON ties(article);

CREATE TABLE stances (
    id        TEXT PRIMARY KEY,
    article   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage     TEXT NOT NULL,
    actor     TEXT NOT NULL,
    target    TEXT NOT NULL,
    polarity  TEXT NOT NULL CHECK (polarity IN ('pro', 'anti', 'neutral', 'mixed'))
);
CREATE INDEX stances_article ON stances(article);

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage    TEXT NOT NULL,
    date     TEXT,
    text     TEXT NOT NULL,
    actors   TEXT NOT NULL DEFAULT '[]'   -- JSON list of actor ids
);
CREATE INDEX events_article ON events(article);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    first_date  TEXT,
    last_date   TEXT
);

CREATE TABLE story_articles (
    story    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story, article)
);

CREATE TABLE story_relations (
    story           TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article         TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('translation', 'republication', 'independent')),
    PRIMARY KEY (story, article, source_article)
);

-- Evidence spans for every extracted item (quote, tie, stance, event).
CREATE TABLE evidence (
    item_kind       TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    idx             INTEGER NOT NULL,
    article         TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    sentence_start  INTEGER,
    sentence_end    INTEGER,
    PRIMARY KEY (item_kind, item_id, idx)
);
CREATE INDEX evidence_article ON evidence(article);
