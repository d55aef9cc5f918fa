-- Analyst corrections that finish the job: besides merge, split and alias, an actor can be
-- renamed (b: the new name's key, surface: the name as written), retyped (b: the type) and
-- deleted as a false actor (b: '').
ALTER TABLE actor_corrections DROP CONSTRAINT IF EXISTS actor_corrections_kind_check;
ALTER TABLE actor_corrections ADD CONSTRAINT actor_corrections_kind_check
    CHECK (kind IN ('merge', 'split', 'alias', 'rename', 'retype', 'delete'));
