-- What the corpus stages look up instead of re-reading the store on every analyze
-- (stories/incremental.py, actors/incremental.py): each article the stories stage has placed,
-- with its publication day (a proleptic ordinal, NULL when undated) and ingest order, and the
-- event anchors it gives (lead = 1 for those of its headline and lead), so a new article finds
-- its candidate story-mates by shared anchors within the time window; and the articles whose
-- mentions the actors stage has resolved.
CREATE TABLE story_index (
    article  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    day      INTEGER
);
CREATE INDEX story_index_day ON story_index(day);

CREATE TABLE story_anchors (
    anchor   TEXT NOT NULL,
    article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    lead     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (anchor, article)
);
CREATE INDEX story_anchors_article ON story_anchors(article);

CREATE TABLE actor_index (
    article  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
