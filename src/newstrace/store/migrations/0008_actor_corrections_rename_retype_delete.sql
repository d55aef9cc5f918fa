-- Analyst corrections that finish the job: besides merge, split and alias, an actor can be
-- renamed (b: the new name's key, surface: the name as written), retyped (b: the type) and
-- deleted as a false actor (b: ''). SQLite cannot alter a CHECK, so the table is rebuilt.
CREATE TABLE actor_corrections_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL
             CHECK (kind IN ('merge', 'split', 'alias', 'rename', 'retype', 'delete')),
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    surface  TEXT,             -- the alias or new name as the analyst wrote it
    created  TEXT NOT NULL
);
INSERT INTO actor_corrections_new (id, kind, a, b, surface, created)
    SELECT id, kind, a, b, surface, created FROM actor_corrections;
DROP TABLE actor_corrections;
ALTER TABLE actor_corrections_new RENAME TO actor_corrections;
