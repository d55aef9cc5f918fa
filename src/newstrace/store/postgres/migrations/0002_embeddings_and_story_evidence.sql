-- Embeddings of articles and their sentences (float16, row-major), one row per article, and
-- the evidence behind each story relation (scores, aligned sentences, translation signals).
CREATE TABLE embeddings (
    article           TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    stage             TEXT NOT NULL,
    model             TEXT NOT NULL,
    dim               INTEGER NOT NULL,
    article_vector    BYTEA NOT NULL,
    sentence_vectors  BYTEA NOT NULL
);

ALTER TABLE story_relations ADD COLUMN score REAL;
ALTER TABLE story_relations ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';
