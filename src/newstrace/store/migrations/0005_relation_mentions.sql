-- Ties, stances and events (relations.v1) are extracted per article, before actors are
-- resolved across articles: each keeps the mentions it was read from, and the store writes the
-- mentions' actors into source, target, actor and actors whenever actors are (re)resolved.
ALTER TABLE ties ADD COLUMN source_mention TEXT;
ALTER TABLE ties ADD COLUMN target_mention TEXT;
ALTER TABLE stances ADD COLUMN actor_mention TEXT;
ALTER TABLE events ADD COLUMN mentions TEXT;
CREATE INDEX stances_actor ON stances(actor);
CREATE INDEX ties_source ON ties(source);
CREATE INDEX ties_target ON ties(target);
