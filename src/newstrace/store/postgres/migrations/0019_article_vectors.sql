-- The article vectors apart from the sentence vectors (store/vector_index.py): the
-- nearest-neighbour lookups of the corpus stages read this narrow table only. Each vector
-- belongs to a cell of a coarse k-means over the vectors of its dimension (NULL: not yet
-- placed; vectors are placed before each lookup, the cells trained again as the store grows
-- fourfold). A cell keeps its centroid, the largest angle between it and a member and the
-- largest member norm, so a lookup reads only the cells that can hold a better neighbour.
CREATE TABLE article_vectors (
    article  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    dim      INTEGER NOT NULL,
    cell     INTEGER,
    vector   BYTEA NOT NULL
);
CREATE INDEX article_vectors_cell ON article_vectors(dim, cell);

CREATE TABLE vector_cells (
    dim       INTEGER NOT NULL,
    cell      INTEGER NOT NULL,
    centroid  BYTEA NOT NULL,
    radius    REAL NOT NULL,
    norm      REAL NOT NULL,
    trained   INTEGER NOT NULL,
    PRIMARY KEY (dim, cell)
);

-- a store made before this migration: its article vectors, as the embeddings rows hold them
INSERT INTO article_vectors (article, dim, vector)
    SELECT article, dim, article_vector FROM embeddings;
