-- Analyst corrections to actors, kept apart from what the stages make so that they survive
-- re-runs and new stage versions: merge (a and b are one actor), split (names with key b leave
-- the actor of a), alias (b is another name of a). a and b are name keys (newstrace.text.name_key).
CREATE TABLE actor_corrections (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'alias')),
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    surface  TEXT,             -- the alias as the analyst wrote it
    created  TEXT NOT NULL
);
