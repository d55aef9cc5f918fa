"""The Store API, written once over SQL that SQLite and PostgreSQL both run. Every query is
parameterised (``?`` placeholders, translated by the dialect). What differs between the two
(connections, transactions, full-text search, string aggregation) lives in the dialect classes:
``sqlite.SQLiteStore`` and ``postgres.PostgresStore``."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ..errors import StoreError
from ..model import (
    Actor,
    AnalysisDoc,
    Article,
    Embedding,
    Event,
    Evidence,
    Mention,
    Quote,
    Sentence,
    StageOutput,
    StageRun,
    Stance,
    Story,
    StoryRelation,
    Tie,
)

ARTICLE_COLUMNS = (
    "id, source, status, error, url, outlet, title, published, language, author, content_hash, text"
)
# Which tables hold what a stage assigns (per-article outputs, replaced when the stage re-runs).
OUTPUT_TABLES = {
    "sentences": "sentences",
    "mentions": "mentions",
    "sources": "mentions",
    "quotes": "quotes",
    "ties": "ties",
    "stances": "stances",
    "events": "events",
}
# The ids of the actors there are now: ties and stances are listed only between these.
_ACTOR_IDS = "SELECT id FROM actors"
EVIDENCE_KINDS = {"quotes": "quote", "ties": "tie", "stances": "stance", "events": "event"}


def pack(vectors: Any) -> bytes:
    import numpy as np

    return np.asarray(vectors, dtype=np.float16).tobytes()


def unpack(blob: bytes, dim: int) -> Any:
    import numpy as np

    return np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, dim)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Facet filters of a search: exact outlet and language, publication dates (ISO prefixes,
    inclusive), and an actor id that the article mentions."""

    outlet: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    actor: str | None = None


def search_filter_sql(filters: SearchFilters | None) -> tuple[str, list[Any]]:
    """`` AND …`` conditions on the articles (``a``) for ``filters``, with parameters."""
    if filters is None:
        return "", []
    sql, params = "", list[Any]()
    if filters.outlet:
        sql += " AND a.outlet = ?"
        params.append(filters.outlet)
    if filters.language:
        sql += " AND a.language = ?"
        params.append(filters.language)
    if filters.since:
        sql += " AND a.published >= ?"
        params.append(filters.since)
    if filters.until:
        sql += " AND substr(a.published, 1, ?) <= ?"  # an ISO prefix: the whole day/month/year
        params.extend([len(filters.until), filters.until])
    if filters.actor:
        sql += " AND a.id IN (SELECT article FROM mentions WHERE actor = ?)"
        params.append(filters.actor)
    return sql, params


def _page(
    column: str, after: str | None, limit: int | None, clauses: list[str], params: list[Any]
) -> str:
    """Keyset paging: adds ``column > after`` to ``clauses`` and returns the ORDER BY/LIMIT
    tail. A paged call (``limit`` given) returns items in ``column`` order."""
    if after is not None:
        clauses.append(f"{column} > ?")
        params.append(after)
    if limit is None:
        return ""
    params.append(int(limit))
    return f" ORDER BY {column} LIMIT ?"


def _confident(clauses: list[str], params: list[Any], floor: float) -> None:
    """Only items whose confidence reaches ``floor`` (or that have none)."""
    if floor > 0:
        clauses.append("(confidence IS NULL OR confidence >= ?)")
        params.append(floor)


def _article(row: Any) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        status=row["status"],
        error=row["error"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        language=row["language"],
        author=row["author"],
        content_hash=row["content_hash"],
        text=row["text"],
    )


class SQLStore(ABC):
    """The Store API over a DB-API connection. Methods return the records of
    ``newstrace.model``. Subclasses supply the connection and the dialect hooks."""

    vectors = False  # whether ``similar`` answers from a vector index (pgvector)

    dialect = "sql"
    location = ""

    def __init__(self) -> None:
        self._depth = 0

    # ---- dialect hooks ---------------------------------------------------------------------

    @abstractmethod
    def x(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute one statement (``?`` placeholders); returns the cursor."""

    @abstractmethod
    def xm(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Execute one statement for many parameter rows."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def run_migration(self, name: str, script: str, applied_at: str) -> None:
        """Run one migration script and record it, atomically."""

    @abstractmethod
    def _match(self, query: str) -> tuple[str, str, list[Any]]:
        """The dialect's full-text match of ``query``: a FROM clause (articles as ``a``), a
        WHERE condition, and their parameters."""

    @abstractmethod
    def _snippet(self, marks: tuple[str, str]) -> tuple[str, list[Any]]:
        """The dialect's snippet expression over a match, with matched words between
        ``marks``, and its parameters."""

    search_rank = "a.seq"  # the dialect's best-first ORDER BY over a match
    search_errors: tuple[type[Exception], ...] = ()  # what a malformed query raises

    def _searched(self, query: str, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            rows: list[Any] = self.x(sql, params).fetchall()
        except self.search_errors as e:
            raise StoreError(f"bad search query {query!r}: {e}") from e
        return rows

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = ("[", "]"),
        filters: SearchFilters | None = None,
    ) -> list[tuple[Article, str]]:
        """Full-text search over titles and texts, best first, with a snippet whose matched
        words are between ``marks``. One syntax on every backend: words (all required),
        "a phrase", OR, -excluded."""
        columns = ", ".join("a." + c.strip() for c in ARTICLE_COLUMNS.split(","))
        frm, where, params = self._match(query)
        snippet, sparams = self._snippet(marks)
        fsql, fparams = search_filter_sql(filters)
        rows = self._searched(
            query,
            f"SELECT {columns}, {snippet} AS snip FROM {frm} WHERE {where}{fsql}"
            f" ORDER BY {self.search_rank}, a.seq LIMIT ? OFFSET ?",
            [*sparams, *params, *fparams, limit, offset],
        )
        return [(_article(r), r["snip"]) for r in rows]

    def search_facets(
        self, query: str, filters: SearchFilters | None = None, top: int = 12
    ) -> dict[str, Any]:
        """How the hits of a search spread: ``total``, and the top values with hit counts for
        ``outlet``, ``language``, ``month`` (of publication) and ``actor`` (actor ids)."""
        frm, where, params = self._match(query)
        fsql, fparams = search_filter_sql(filters)
        base = f" FROM {frm} WHERE {where}{fsql}"
        args = [*params, *fparams]
        out: dict[str, Any] = {"total": self._searched(query, f"SELECT COUNT(*){base}", args)[0][0]}
        for facet, column in (
            ("outlet", "a.outlet"),
            ("language", "a.language"),
            ("month", "substr(a.published, 1, 7)"),
        ):
            out[facet] = [
                (r[0], r[1])
                for r in self._searched(
                    query,
                    f"SELECT {column}, COUNT(*){base} AND {column} IS NOT NULL"
                    " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                    [*args, top],
                )
            ]
        out["actor"] = [
            (r[0], r[1])
            for r in self._searched(
                query,
                "SELECT m.actor, COUNT(DISTINCT m.article) FROM mentions m"
                f" WHERE m.actor IS NOT NULL AND m.article IN (SELECT a.id{base})"
                " GROUP BY m.actor ORDER BY 2 DESC, 1 LIMIT ?",
                [*args, top],
            )
        ]
        return out

    string_agg = "GROUP_CONCAT(DISTINCT {})"  # aggregate distinct strings, comma-separated

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[SQLStore]:
        """All writes inside commit together or not at all (a crash leaves no half article)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    # ---- articles ---------------------------------------------------------------------------

    def add_article(self, article: Article) -> Literal["ok", "duplicate"]:
        """Store an ingested article (or a failed one). The same content twice is a no-op."""
        with self.transaction():
            if article.status == "ok":
                dup = self.x(
                    "SELECT 1 FROM articles WHERE content_hash = ? OR id = ?",
                    (article.content_hash, article.id),
                ).fetchone()
                if dup:
                    return "duplicate"
                # A document that failed before and now succeeds replaces its failure.
                self.x(
                    "DELETE FROM articles WHERE status = 'failed' AND source = ?",
                    (article.source,),
                )
            if article.outlet:
                self.x(
                    "INSERT INTO outlets (name, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (article.outlet, _now()),
                )
            self.x(
                "INSERT INTO articles (id, source, status, error, url, outlet, title, published,"
                " language, author, content_hash, text, chars, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET error = excluded.error,"
                " ingested_at = excluded.ingested_at",
                (
                    article.id,
                    article.source,
                    article.status,
                    article.error,
                    article.url,
                    article.outlet,
                    article.title,
                    article.published,
                    article.language,
                    article.author,
                    article.content_hash,
                    article.text,
                    article.chars,
                    _now(),
                ),
            )
        return "ok"

    def get_article(self, article_id: str) -> Article | None:
        row = self.x(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def articles(
        self,
        *,
        status: str | None = None,
        ids: Sequence[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Article]:
        """Articles in ingest order; a paged call (``limit``, ``after`` an id) in id order."""
        if ids is not None and not ids:
            return []
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles"
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if ids is not None:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        tail = _page("id", after, limit, clauses, params) or " ORDER BY seq"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self.x(sql + tail, params).fetchall()
        return [_article(r) for r in rows]

    # ---- stage bookkeeping ------------------------------------------------------------------

    def stage_runs(self, ids: Sequence[str] | None = None) -> dict[str, dict[str, StageRun]]:
        """For every ok article (or those of ``ids``), the version and settings digest of
        each stage that has processed it."""
        out: dict[str, dict[str, StageRun]] = {}
        if ids is not None:
            for i in range(0, len(ids), 500):
                out.update(
                    self._stage_runs(
                        " AND a.id IN (" + ",".join("?" * len(ids[i : i + 500])) + ")",
                        ids[i : i + 500],
                    )
                )
            return out
        return self._stage_runs("", ())

    def outdated(self, stages: Sequence[tuple[str, int, str]]) -> list[str]:
        """The ok articles that one of ``stages`` (name, version, settings digest) has not
        processed at that version and settings, in ingest order (a run recorded without a
        digest counts as run with the current settings)."""
        found: set[str] = set()
        for name, version, digest in stages:
            found.update(
                r[0]
                for r in self.x(
                    "SELECT a.id FROM articles a WHERE a.status = 'ok' AND NOT EXISTS"
                    " (SELECT 1 FROM stage_runs r WHERE r.article = a.id AND r.stage = ?"
                    " AND r.version = ? AND (r.settings IS NULL OR r.settings = ''"
                    " OR r.settings = ?))",
                    (name, version, digest),
                )
            )
        return sorted(found, key=self._seq_of(found).__getitem__)

    def _seq_of(self, ids: set[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        wanted = sorted(ids)
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            out.update(
                self.x(
                    f"SELECT id, seq FROM articles WHERE id IN ({','.join('?' * len(part))})", part
                )
            )
        return out

    def _stage_runs(self, where: str, params: Sequence[Any]) -> dict[str, dict[str, StageRun]]:
        out: dict[str, dict[str, StageRun]] = {}
        rows = self.x(
            "SELECT a.id, r.stage, r.version, r.settings FROM articles a"
            " LEFT JOIN stage_runs r ON r.article = a.id WHERE a.status = 'ok'"
            + where
            + " ORDER BY a.seq",
            params,
        )
        for article_id, stage, version, digest in rows:
            runs = out.setdefault(article_id, {})
            if stage is not None:
                runs[stage] = StageRun(version, digest or "")
        return out

    def save_stage_failures(self, failures: Sequence[tuple[str, StageOutput, str]]) -> None:
        """Record that a stage raised on articles: (article, the stage, reason). The stage's
        earlier run record and outputs stay as they were."""
        now = _now()
        with self.transaction():
            for article, stage, reason in failures:
                self.x(
                    "INSERT INTO stage_failures (article, stage, version, settings, reason,"
                    " failed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article, stage) DO UPDATE"
                    " SET version = excluded.version, settings = excluded.settings,"
                    " reason = excluded.reason, failed_at = excluded.failed_at",
                    (article, stage.name, stage.version, stage.settings, reason, now),
                )

    def stage_failures(self) -> dict[str, dict[str, StageRun]]:
        """For each article a stage failed on: that stage's version and settings digest when
        it failed."""
        out: dict[str, dict[str, StageRun]] = {}
        for article, stage, version, digest in self.x(
            "SELECT article, stage, version, settings FROM stage_failures"
        ):
            out.setdefault(article, {})[stage] = StageRun(version, digest)
        return out

    def stage_failure_reasons(self) -> list[tuple[str, str, str]]:
        """(article, stage, reason) of every recorded stage failure."""
        rows = self.x("SELECT article, stage, reason FROM stage_failures ORDER BY article, stage")
        return [(r[0], r[1], r[2]) for r in rows]

    def load_docs(self, article_ids: Sequence[str]) -> list[AnalysisDoc]:
        """Articles with what earlier runs stored for them, ready for the next stages."""
        if not article_ids:
            return []
        articles = {a.id: a for a in self.articles(ids=article_ids)}
        docs = {
            i: AnalysisDoc(article=articles[i], language=articles[i].language)
            for i in article_ids
            if i in articles
        }
        if not docs:
            return []
        marks = ",".join("?" * len(docs))
        keys = list(docs)
        for row in self.x(
            f"SELECT article, start_char, end_char FROM sentences WHERE article IN ({marks})"
            " ORDER BY article, idx",
            keys,
        ):
            docs[row[0]].sentences.append(Sentence(row[1], row[2]))
        for mention in self._mentions(f"article IN ({marks})", keys):
            doc = docs[mention.article]
            (doc.sources if mention.type == "unnamed_source" else doc.mentions).append(mention)
        return [docs[i] for i in keys]

    def save_docs(self, docs: Iterable[AnalysisDoc], stages: Sequence[StageOutput]) -> None:
        """Write what ``stages`` set on ``docs``, and that they ran (version and settings), in
        one transaction. The stages' earlier outputs for these articles are replaced."""
        now = _now()
        with self.transaction():
            for doc in docs:
                aid = doc.article.id
                for stage in stages:
                    self._replace_outputs(doc, stage.name, stage.assigns)
                    self.x(
                        "DELETE FROM stage_failures WHERE article = ? AND stage = ?",
                        (aid, stage.name),
                    )
                    self.x(
                        "INSERT INTO stage_runs (article, stage, version, settings, done_at)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(article, stage) DO UPDATE SET"
                        " version = excluded.version, settings = excluded.settings,"
                        " done_at = excluded.done_at",
                        (aid, stage.name, stage.version, stage.settings, now),
                    )

    def _replace_outputs(self, doc: AnalysisDoc, stage: str, assigns: Sequence[str]) -> None:
        aid = doc.article.id
        for attr in assigns:
            if attr == "language":
                self.x("UPDATE articles SET language = ? WHERE id = ?", (doc.language, aid))
            elif attr == "sentences":
                self.x("DELETE FROM sentences WHERE article = ?", (aid,))
                self.xm(
                    "INSERT INTO sentences (article, idx, start_char, end_char) VALUES (?, ?, ?, ?)",
                    [(aid, i, s.start, s.end) for i, s in enumerate(doc.sentences)],
                )
            elif attr == "embedding" and doc.embedding is not None:
                emb = doc.embedding
                self.x(
                    "INSERT INTO embeddings (article, stage, model, dim, article_vector,"
                    " sentence_vectors) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article) DO UPDATE"
                    " SET stage = excluded.stage, model = excluded.model, dim = excluded.dim,"
                    " article_vector = excluded.article_vector,"
                    " sentence_vectors = excluded.sentence_vectors",
                    (
                        aid,
                        stage,
                        emb.model,
                        int(emb.article.shape[-1]),
                        pack(emb.article),
                        pack(emb.sentences),
                    ),
                )
                self._vector_written(aid, emb.article)
            elif attr in EVIDENCE_KINDS or attr in ("mentions", "sources"):
                table = OUTPUT_TABLES[attr]
                if attr in EVIDENCE_KINDS:
                    self.x(
                        f"DELETE FROM evidence WHERE item_kind = ? AND item_id IN"
                        f" (SELECT id FROM {table} WHERE article = ? AND stage = ?)",
                        (EVIDENCE_KINDS[attr], aid, stage),
                    )
                self.x(f"DELETE FROM {table} WHERE article = ? AND stage = ?", (aid, stage))
                getattr(self, f"_insert_{attr}")(doc, stage)

    def _insert_mentions(self, doc: AnalysisDoc, stage: str) -> None:
        self._insert_mention_rows(doc.mentions, stage)

    def _insert_sources(self, doc: AnalysisDoc, stage: str) -> None:
        self._insert_mention_rows(doc.sources, stage)

    def _insert_mention_rows(self, mentions: Sequence[Mention], stage: str) -> None:
        self.xm(
            "INSERT INTO mentions (id, article, stage, start_char, end_char, text, label, type,"
            " norm, sentence_start, sentence_end, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO NOTHING",
            [
                (
                    m.id,
                    m.article,
                    stage,
                    m.start,
                    m.end,
                    m.text,
                    m.label,
                    m.type,
                    m.norm,
                    m.sentence_start,
                    m.sentence_end,
                    m.actor,
                )
                for m in mentions
            ],
        )

    def _insert_evidence(self, kind: str, item_id: str, evidence: Sequence[Evidence]) -> None:
        self.xm(
            "INSERT INTO evidence (item_kind, item_id, idx, article, start_char, end_char,"
            " sentence_start, sentence_end, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [
                (
                    kind,
                    item_id,
                    i,
                    e.article,
                    e.start,
                    e.end,
                    e.sentence_start,
                    e.sentence_end,
                    e.role,
                )
                for i, e in enumerate(evidence)
            ],
        )

    def _insert_quotes(self, doc: AnalysisDoc, stage: str) -> None:
        for q in doc.quotes:
            self.x(
                "INSERT INTO quotes (id, article, stage, text, cue, speaker, speaker_text,"
                " speaker_mention, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO NOTHING",
                (
                    q.id,
                    q.article,
                    stage,
                    q.text,
                    q.cue,
                    q.speaker,
                    q.speaker_text,
                    q.speaker_mention,
                    q.kind,
                ),
            )
            self._insert_evidence("quote", q.id, q.evidence)

    def _insert_ties(self, doc: AnalysisDoc, stage: str) -> None:
        for t in doc.ties:
            self._insert_tie(doc.article.id, stage, t)

    def _insert_tie(self, article: str, stage: str, t: Tie) -> None:
        self.x(
            "INSERT INTO ties (id, article, stage, source, target, kind, negated, date,"
            " source_mention, target_mention, confidence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO NOTHING",
            (
                t.id,
                article,
                stage,
                t.source,
                t.target,
                t.kind,
                int(t.negated),
                t.date,
                t.source_mention,
                t.target_mention,
                t.confidence,
            ),
        )
        self._insert_evidence("tie", t.id, t.evidence)

    def _insert_stances(self, doc: AnalysisDoc, stage: str) -> None:
        for s in doc.stances:
            self.x(
                "INSERT INTO stances (id, article, stage, actor, target, polarity, actor_mention,"
                " confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (
                    s.id,
                    doc.article.id,
                    stage,
                    s.actor,
                    s.target,
                    s.polarity,
                    s.actor_mention,
                    s.confidence,
                ),
            )
            self._insert_evidence("stance", s.id, s.evidence)

    def _insert_events(self, doc: AnalysisDoc, stage: str) -> None:
        for e in doc.events:
            self.x(
                "INSERT INTO events (id, article, stage, date, text, actors, mentions, confidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (
                    e.id,
                    doc.article.id,
                    stage,
                    e.date,
                    e.text,
                    json.dumps(list(e.actors)),
                    json.dumps(list(e.mentions)),
                    e.confidence,
                ),
            )
            self._insert_evidence("event", e.id, e.evidence)

    def embeddings(self, article_ids: Sequence[str] | None = None) -> dict[str, Embedding]:
        """Stored embeddings, by article."""
        sql = "SELECT article, model, dim, article_vector, sentence_vectors FROM embeddings"
        params: list[str] = []
        if article_ids is not None:
            if not article_ids:
                return {}
            sql += f" WHERE article IN ({','.join('?' * len(article_ids))})"
            params = list(article_ids)
        return {
            r[0]: Embedding(r[1], unpack(r[3], r[2])[0], unpack(r[4], r[2]))
            for r in self.x(sql, params)
        }

    def _vector_written(self, article_id: str, vector: Any) -> None:
        """Called after an article's embedding row is written (a vector index may add it)."""
        return None

    def similar(self, article_id: str, limit: int = 10) -> list[tuple[str, float]]:
        """The articles nearest to one, with their cosine similarity, best first: exact
        search over every stored article vector in numpy (fine to a few hundred thousand
        articles). PostgreSQL with pgvector answers from an HNSW index instead."""
        import numpy as np

        embeddings = self.embeddings()
        if article_id not in embeddings:
            return []
        query = embeddings[article_id].article
        ids = [a for a, e in embeddings.items() if a != article_id and len(e.article) == len(query)]
        if not ids:
            return []
        scores = np.stack([embeddings[a].article for a in ids]) @ query
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(ids[i], round(float(scores[i]), 4)) for i in order]

    def sentences(self, article_id: str) -> list[Sentence]:
        return [
            Sentence(r[0], r[1])
            for r in self.x(
                "SELECT start_char, end_char FROM sentences WHERE article = ? ORDER BY idx",
                (article_id,),
            )
        ]

    # ---- actors -----------------------------------------------------------------------------

    def replace_actors(
        self,
        actors: Sequence[Actor],
        aliases: Sequence[tuple[str, str, str]],
        assignments: Sequence[tuple[str, str]],
    ) -> None:
        """Replace the automatically made actors: ``aliases`` are (actor, alias, key) and
        ``assignments`` (mention id, actor id). Analyst-made actors and aliases are kept."""
        with self.transaction():
            self.x("UPDATE mentions SET actor = NULL")
            self.x("DELETE FROM actor_aliases WHERE origin = 'auto'")
            self.x("DELETE FROM actors WHERE origin = 'auto'")
            self._write_actors(actors, aliases, assignments)
            self._resolve_items()

    def _write_actors(
        self,
        actors: Sequence[Actor],
        aliases: Sequence[tuple[str, str, str]],
        assignments: Sequence[tuple[str, str]],
    ) -> None:
        """Add automatic actors and aliases (those stored stay) and set mentions' actors."""
        self.xm(
            "INSERT INTO actors (id, name, type, origin) VALUES (?, ?, ?, 'auto')"
            " ON CONFLICT(id) DO NOTHING",
            [(a.id, a.name, a.type) for a in actors],
        )
        self.xm(
            "INSERT INTO actor_aliases (actor, alias, key, origin) VALUES (?, ?, ?, 'auto')"
            " ON CONFLICT DO NOTHING",
            aliases,
        )
        self.xm("UPDATE mentions SET actor = ? WHERE id = ?", [(a, m) for m, a in assignments])

    def _resolve_items(self, articles: Sequence[str] | None = None) -> None:
        """Write the actors of the mentions that ties, stances and events were read from into
        their actor columns (a mention without an actor leaves its mention id in place): of
        every article, or of ``articles`` only."""
        if articles is not None:
            for i in range(0, len(articles), 500):
                part = list(articles[i : i + 500])
                self._resolve_items_where(f" AND article IN ({','.join('?' * len(part))})", part)
            return
        self._resolve_items_where("", [])

    def _resolve_items_where(self, within: str, params: Sequence[Any]) -> None:
        for table, column, mention in (
            ("ties", "source", "source_mention"),
            ("ties", "target", "target_mention"),
            ("stances", "actor", "actor_mention"),
        ):
            self.x(
                f"UPDATE {table} SET {column} = COALESCE((SELECT m.actor FROM mentions m"
                f" WHERE m.id = {table}.{mention}), {mention}) WHERE {mention} IS NOT NULL"
                + within,
                params,
            )
        rows = self.x(
            "SELECT id, mentions FROM events WHERE mentions IS NOT NULL AND mentions <> '[]'"
            + within,
            params,
        ).fetchall()
        wanted = sorted({m for _, ms in rows for m in json.loads(ms)})
        actor_of: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            marks = ", ".join("?" for _ in part)
            actor_of.update(
                self.x(
                    f"SELECT id, actor FROM mentions WHERE actor IS NOT NULL AND id IN ({marks})",
                    part,
                ).fetchall()
            )
        updates = []
        for event_id, ms in rows:
            actors = list(dict.fromkeys(actor_of[m] for m in json.loads(ms) if m in actor_of))
            updates.append((json.dumps(actors), event_id))
        if updates:
            self.xm("UPDATE events SET actors = ? WHERE id = ?", updates)

    def replace_stage_ties(self, stage: str, ties: Sequence[tuple[str, Tie]]) -> None:
        """Replace the ties a corpus stage made: ``ties`` are (article, tie)."""
        with self.transaction():
            self.x(
                "DELETE FROM evidence WHERE item_kind = 'tie' AND item_id IN"
                " (SELECT id FROM ties WHERE stage = ?)",
                (stage,),
            )
            self.x("DELETE FROM ties WHERE stage = ?", (stage,))
            for article, t in ties:
                self._insert_tie(article, stage, t)

    def add_correction(self, kind: str, a: str, b: str, surface: str | None = None) -> None:
        """Record an analyst's correction to actors (see actors/resolve.py, Correction)."""
        with self.transaction():
            self.x(
                "INSERT INTO actor_corrections (kind, a, b, surface, created) VALUES (?, ?, ?, ?, ?)",
                (kind, a, b, surface, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def corrections(self) -> list[tuple[str, str, str, str | None]]:
        """(kind, a, b, surface) in the order they were made."""
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.x("SELECT kind, a, b, surface FROM actor_corrections ORDER BY id")
        ]

    def actors(
        self,
        *,
        type: str | None = None,
        article: str | None = None,
        ids: Sequence[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Actor]:
        """Actors, most mentioned first; a paged call (``limit``, ``after`` an id) in id
        order."""
        if ids is not None and not ids:
            return []
        sql = (
            "SELECT ac.id, ac.name, ac.type, COUNT(m.id) AS n,"
            f" {self.string_agg.format('m.article')} AS arts FROM actors ac"
            " LEFT JOIN mentions m ON m.actor = ac.id"
        )
        clauses: list[str] = []
        params: list[Any] = []
        if type:
            clauses.append("ac.type = ?")
            params.append(type)
        if article:
            clauses.append("ac.id IN (SELECT actor FROM mentions WHERE article = ?)")
            params.append(article)
        if ids is not None:
            clauses.append(f"ac.id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        tail = _page("ac.id", after, limit, clauses, params) or " ORDER BY n DESC, ac.name"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " GROUP BY ac.id" + tail
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self.x(
            "SELECT actor, alias FROM actor_aliases ORDER BY actor, alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return [
            Actor(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                aliases=tuple(aliases.get(r["id"], ())),
                mentions=r["n"],
                articles=tuple(sorted((r["arts"] or "").split(","))) if r["arts"] else (),
            )
            for r in self.x(sql, params)
        ]

    def find_actors(self, name: str, limit: int = 10) -> list[tuple[Actor, float]]:
        """Actors whose name or an alias is like ``name`` (typos, missing words, other case),
        best first, with a similarity in [0, 1]. Portable version: difflib over the aliases
        that share a word with the query; PostgreSQL overrides it with pg_trgm."""
        from difflib import SequenceMatcher

        from ..text import name_key

        key = name_key(name)
        words = [w for w in key.split() if len(w) > 2] or key.split()
        if not words:
            return []
        clause = " OR ".join("key LIKE ?" for _ in words)
        rows = self.x(
            f"SELECT actor, alias, key FROM actor_aliases WHERE {clause}",
            [f"%{w[:3]}%" for w in words],
        ).fetchall()
        best: dict[str, float] = {}
        for actor, _alias, alias_key in rows:
            score = SequenceMatcher(None, key, alias_key).ratio()
            best[actor] = max(best.get(actor, 0.0), score)
        return self._ranked_actors(best, limit)

    def _ranked_actors(self, scores: dict[str, float], limit: int) -> list[tuple[Actor, float]]:
        actors = {a.id: a for a in self.actors()}
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(actors[a], round(s, 3)) for a, s in ranked if a in actors]

    def _mentions(self, where: str, params: Sequence[Any]) -> list[Mention]:
        rows = self.x(
            "SELECT id, article, start_char, end_char, text, label, type, norm, sentence_start,"
            f" sentence_end, actor FROM mentions WHERE {where} ORDER BY article, start_char",
            params,
        )
        return [Mention(*r) for r in rows]

    def mentions(self, *, article: str | None = None, actor: str | None = None) -> list[Mention]:
        if article:
            return self._mentions("article = ?", (article,))
        if actor:
            return self._mentions("actor = ?", (actor,))
        return self._mentions("1 = 1", ())

    # ---- extracted items --------------------------------------------------------------------

    def _evidence(
        self, kind: str, items: str | None = None, params: Sequence[Any] = ()
    ) -> dict[str, list[Evidence]]:
        """Evidence of every item of ``kind``, or of those ``items`` selects (a subquery
        returning item ids, with its ``params``)."""
        out: dict[str, list[Evidence]] = {}
        within = f" AND e.item_id IN ({items})" if items else ""
        rows = self.x(
            "SELECT e.item_id, e.article, e.start_char, e.end_char, e.sentence_start,"
            " e.sentence_end, substr(a.text, e.start_char + 1, e.end_char - e.start_char),"
            " e.role FROM evidence e JOIN articles a ON a.id = e.article WHERE e.item_kind = ?"
            f"{within} ORDER BY e.item_id, e.idx",
            (kind, *params),
        )
        for item, article, start, end, s_start, s_end, text, role in rows:
            out.setdefault(item, []).append(
                Evidence(article, start, end, text, s_start, s_end, role)
            )
        return out

    def quotes(
        self,
        *,
        article: str | None = None,
        speakers: Sequence[str] = (),
        contains: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        speech: bool = False,
    ) -> list[Quote]:
        """Quotes in text order per article; ``speakers`` are actor ids, ``contains`` a
        case-insensitive substring of the quote; ``speech``, only speech with a speaker (what
        the lists show by default: ``quotes.kinds.is_listed``). The speaker is the actor of
        the speaker mention where the actors stage has resolved it. A paged call (``limit``,
        ``after`` a quote id) returns quotes in id order."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if speech:
            where.append(
                "q.kind IN ('direct', 'reported') AND (q.speaker IS NOT NULL"
                " OR q.speaker_mention IS NOT NULL OR q.speaker_text IS NOT NULL)"
            )
        if article:
            where.append("q.article = ?")
            params.append(article)
        if speakers:
            marks = ", ".join("?" for _ in speakers)
            where.append(f"COALESCE(q.speaker, m.actor) IN ({marks})")
            params.extend(speakers)
        if contains:
            where.append("LOWER(q.text) LIKE ? ESCAPE '\\'")
            escaped = contains.lower().replace("\\", "\\\\").replace("%", "\\%")
            params.append("%" + escaped.replace("_", "\\_") + "%")
        tail = _page("q.id", after, limit, where, params)
        selected = (
            " FROM quotes q LEFT JOIN mentions m ON m.id = q.speaker_mention"
            f" WHERE {' AND '.join(where)}{tail}"
        )
        ev = self._evidence("quote", f"SELECT q.id{selected}", params)
        rows = self.x(
            "SELECT q.id, q.article, q.text, q.cue, COALESCE(q.speaker, m.actor),"
            f" q.speaker_text, q.speaker_mention, q.kind{selected}",
            tuple(params),
        )
        quotes = [
            Quote(
                r[0], r[1], r[2], r[3], r[4], r[5], tuple(ev.get(r[0], ())), r[6], r[7] or "direct"
            )
            for r in rows
        ]
        if limit is not None:
            return quotes
        return sorted(quotes, key=lambda q: (q.article, q.evidence[0].start if q.evidence else 0))

    def _items(
        self,
        kind: str,
        columns: str,
        table: str,
        order: str,
        clauses: list[str],
        params: list[Any],
        after: str | None,
        limit: int | None,
    ) -> tuple[list[Any], dict[str, list[Evidence]]]:
        """Rows of an item table and the evidence of exactly those rows."""
        tail = _page("id", after, limit, clauses, params) or f" ORDER BY {order}"
        selected = f" FROM {table} WHERE {' AND '.join(clauses) or '1 = 1'}{tail}"
        ev = self._evidence(kind, f"SELECT id{selected}", params)
        return self.x(f"SELECT {columns}{selected}", params).fetchall(), ev

    def ties(
        self,
        *,
        actor: str | None = None,
        kind: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[Tie]:
        """Ties, by article; ``actor`` (an id) at either end, ``kind`` a tie kind. A paged
        call (``limit``, ``after`` a tie id) returns ties in id order. ``min_confidence`` leaves
        out ties read with less confidence (those read before confidences are kept)."""
        # one actor read twice is no tie; an end whose mentions make no actor (dropped as junk,
        # or deleted by an analyst) leaves the tie out until its mentions make one again
        clauses: list[str] = [
            "source <> target",
            f"source IN ({_ACTOR_IDS})",
            f"target IN ({_ACTOR_IDS})",
        ]
        params: list[Any] = []
        _confident(clauses, params, min_confidence)
        if actor:
            clauses.append("(source = ? OR target = ?)")
            params.extend([actor, actor])
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        rows, ev = self._items(
            "tie",
            "id, source, target, kind, negated, date, confidence",
            "ties",
            "article, id",
            clauses,
            params,
            after,
            limit,
        )
        return [
            Tie(r[0], r[1], r[2], r[3], bool(r[4]), r[5], tuple(ev.get(r[0], ())), confidence=r[6])
            for r in rows
        ]

    def stances(
        self,
        *,
        actor: str | None = None,
        target: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[Stance]:
        """Stances, by article; ``actor`` an actor id, ``target`` a target name (any case);
        ``min_confidence`` as for ties. A holder that makes no actor leaves its stances out."""
        clauses: list[str] = [f"actor IN ({_ACTOR_IDS})"]
        params: list[Any] = []
        _confident(clauses, params, min_confidence)
        if actor:
            clauses.append("actor = ?")
            params.append(actor)
        if target:
            clauses.append("LOWER(target) = ?")
            params.append(target.lower())
        rows, ev = self._items(
            "stance",
            "id, actor, target, polarity, confidence",
            "stances",
            "article, id",
            clauses,
            params,
            after,
            limit,
        )
        return [
            Stance(r[0], r[1], r[2], r[3], tuple(ev.get(r[0], ())), confidence=r[4]) for r in rows
        ]

    def events(
        self,
        *,
        actor: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[Event]:
        """Dated events in date order; ``actor`` an actor id among the event's actors;
        ``min_confidence`` as for ties."""
        clauses: list[str] = []
        params: list[Any] = []
        _confident(clauses, params, min_confidence)
        if actor:
            clauses.append("actors LIKE ?")  # a JSON list of ids: match the quoted id
            params.append(f'%"{actor}"%')
        rows, ev = self._items(
            "event",
            "id, date, text, actors, confidence",
            "events",
            "date, id",
            clauses,
            params,
            after,
            limit,
        )
        return [
            Event(
                r[0], r[1], r[2], tuple(json.loads(r[3])), tuple(ev.get(r[0], ())), confidence=r[4]
            )
            for r in rows
        ]

    def story_membership(self) -> dict[str, str]:
        return {a: s for s, a in self.x("SELECT story, article FROM story_articles")}

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Write changed stories: their row, new members, and their relations (replaced)."""
        with self.transaction():
            for story in stories:
                self.x(
                    "INSERT INTO stories (id, title, first_date, last_date) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
                    " first_date = excluded.first_date, last_date = excluded.last_date",
                    (story.id, story.title, story.first_date, story.last_date),
                )
                self.xm(
                    "INSERT INTO story_articles (story, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(story.id, a) for a in story.articles],
                )
                self.x("DELETE FROM story_relations WHERE story = ?", (story.id,))
                self.xm(
                    "INSERT INTO story_relations (story, article, source_article, kind, score,"
                    " evidence) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (
                            story.id,
                            r.article,
                            r.source_article,
                            r.kind,
                            r.score,
                            json.dumps(r.evidence or {}),
                        )
                        for r in story.relations
                    ],
                )

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to, if the stories stage has placed it."""
        row = self.x("SELECT story FROM story_articles WHERE article = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def stories(
        self,
        *,
        ids: Sequence[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Story]:
        """Stories in id order (``ids`` only, or ``after`` an id, at most ``limit``)."""
        if ids is not None and not ids:
            return []
        clauses: list[str] = []
        params: list[Any] = []
        if ids is not None:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        tail = _page("id", after, limit, clauses, params) or " ORDER BY id"
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.x(
            f"SELECT id, title, first_date, last_date FROM stories{where}{tail}", params
        ).fetchall()
        # members and relations of the selected stories only (of all, for the whole list)
        selected = [r[0] for r in rows] if clauses or limit is not None else None
        within, within_params = "", []
        if selected is not None:
            if not selected:
                return []
            within = f" WHERE {{}} IN ({','.join('?' * len(selected))})"
            within_params = selected
        members: dict[str, list[str]] = {}
        for story, article in self.x(
            "SELECT sa.story, sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article"
            + within.format("sa.story")
            + " ORDER BY a.seq",
            within_params,
        ):
            members.setdefault(story, []).append(article)
        relations: dict[str, list[StoryRelation]] = {}
        for story, article, source, kind, score, evidence in self.x(
            "SELECT story, article, source_article, kind, score, evidence FROM story_relations"
            + within.format("story")
            + " ORDER BY story, article",
            within_params,
        ):
            relations.setdefault(story, []).append(
                StoryRelation(article, source, kind, score, json.loads(evidence or "{}"))
            )
        return [
            Story(
                r[0], r[1], tuple(members.get(r[0], ())), tuple(relations.get(r[0], ())), r[2], r[3]
            )
            for r in rows
        ]

    # ---- overview ---------------------------------------------------------------------------

    def latest_articles(self, limit: int = 10, *, status: str | None = None) -> list[Article]:
        """The last ``limit`` articles ingested (newest first), of one status or any."""
        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        rows = self.x(
            f"SELECT {ARTICLE_COLUMNS} FROM articles {where} ORDER BY seq DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [_article(r) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {}
        for status, n in self.x("SELECT status, COUNT(*) FROM articles GROUP BY status"):
            out[f"articles_{status}"] = n
        for table in ("actors", "mentions", "quotes", "ties", "stances", "events", "stories"):
            out[table] = self.x(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out

    def languages(self) -> dict[str, int]:
        rows = self.x(
            "SELECT COALESCE(language, 'unknown'), COUNT(*) FROM articles WHERE status = 'ok'"
            " GROUP BY 1 ORDER BY 2 DESC"
        )
        return {lang: n for lang, n in rows}
