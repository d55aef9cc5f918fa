"""Stage bookkeeping: runs, failures, and the per-article outputs a stage saves."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import (
    AnalysisDoc,
    Evidence,
    Mention,
    Sentence,
    StageOutput,
    StageRun,
    Tie,
)
from .actors import ActorRecords
from .articles import ArticleRecords
from .rows import EVIDENCE_KINDS, OUTPUT_TABLES, _now, pack


class StageRecords(ActorRecords, ArticleRecords):
    """Stage bookkeeping: runs, failures, and the per-article outputs a stage saves."""

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
                # the narrow copy that nearest-neighbour lookups read (store/vector_index.py)
                self.x(
                    "INSERT INTO article_vectors (article, dim, cell, vector) VALUES (?, ?, NULL, ?)"
                    " ON CONFLICT(article) DO UPDATE SET dim = excluded.dim, cell = NULL,"
                    " vector = excluded.vector",
                    (aid, int(emb.article.shape[-1]), pack(emb.article)),
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
