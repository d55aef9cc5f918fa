"""The local runner: plans which articles each stage must (re)process, runs article stages in
batches (in this process or a process pool, models loaded once per process), commits each batch
in one transaction, then runs the corpus stages. ``scale.ray_runner`` reuses the plan, the
batch function and the corpus step with Ray Data doing the per-article map."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import cast

from threadpoolctl import threadpool_limits

from .errors import NewstraceError, PipelineError
from .model import AnalysisDoc, StageOutput, StageRun
from .settings import Settings
from .stages.base import (
    ArticleStage,
    Corpus,
    CorpusResult,
    CorpusStage,
    Stage,
    build_stages,
    plan,
    settings_digest,
    stage_key,
)
from .store import Store
from .store.corpus_index import CorpusIndex

ProgressHook = Callable[[int, int], None]  # (articles done now, total to do)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    processed: int  # articles that went through at least one article stage
    stages: tuple[str, ...]
    corpus_stages: tuple[str, ...]
    # (stage key, articles it processed) for each article stage that ran
    runs: tuple[tuple[str, int], ...] = ()
    # (article, stage, reason) for each article a stage raised on in this run
    failed: tuple[tuple[str, str, str], ...] = ()
    # articles left out because a stage failed on them before (until --redo names it)
    held: int = 0
    # the corpus stages that worked on the new articles only (the others read the store)
    updated: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run must do: article ids grouped by the article stages they need, and each
    article stage's settings digest, recorded with what it writes."""

    article_stages: list[ArticleStage]
    corpus_stages: list[CorpusStage]
    groups: dict[tuple[str, ...], list[str]]
    digests: dict[str, str]
    held: int = 0  # articles a stage failed on at its current version and settings

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.groups.values())

    @property
    def article_keys(self) -> list[str]:
        return [stage_key(s) for s in self.article_stages]

    def stage_outputs(self, names: Sequence[str]) -> list[StageOutput]:
        by_name = {s.name: s for s in self.article_stages}
        return [
            StageOutput(n, by_name[n].version, tuple(by_name[n].assigns), self.digests[n])
            for n in names
        ]

    def report(
        self, failed: Sequence[tuple[str, str, str]] = (), updated: Sequence[str] = ()
    ) -> AnalyzeReport:
        runs = [
            (stage_key(s), sum(len(ids) for names, ids in self.groups.items() if s.name in names))
            for s in self.article_stages
        ]
        return AnalyzeReport(
            processed=self.total,
            stages=tuple(self.article_keys),
            corpus_stages=tuple(stage_key(s) for s in self.corpus_stages),
            runs=tuple((key, n) for key, n in runs if n),
            failed=tuple(failed),
            held=self.held,
            updated=tuple(updated),
        )

    def reanalysed(self, store: Store) -> bool:
        """Whether this run analyses again articles the corpus stages have seen."""
        return CorpusIndex(store).known([a for ids in self.groups.values() for a in ids])

    def save(
        self, store: Store, names: Sequence[str], docs: list[AnalysisDoc]
    ) -> list[tuple[str, str, str]]:
        """Store a processed batch: the outputs of the documents that went through, and the
        failure of those a stage raised on. Returns (article, stage, reason) of the latter."""
        outputs = self.stage_outputs(names)
        store.save_docs([d for d in docs if d.failure is None], outputs)
        failed = [(d.article.id, d.failure[0], d.failure[1]) for d in docs if d.failure]
        if failed:
            by_name = {o.name: o for o in outputs}
            store.save_stage_failures([(a, by_name[stage], why) for a, stage, why in failed])
        return failed


def check_redo(stages: Sequence[Stage], redo: Sequence[str]) -> None:
    """Every name in ``redo`` must be one of ``stages``' article stages."""
    known = [s.name for s in stages if s.scope == "article"]
    unknown = [name for name in redo if name not in known]
    if unknown:
        raise PipelineError(
            f"cannot redo {', '.join(map(repr, unknown))}: the article stages are"
            f" {', '.join(known)} (corpus stages run on every analyze)",
            code="NT405",
        )


def make_plan(store: Store, settings: Settings, redo: Sequence[str] = ()) -> Plan:
    """What to run: each article's stages not yet run at their current version and settings,
    and the article stages named in ``redo`` (by name: ``quotes``) for every article, with
    what depends on them."""
    stages: list[Stage] = build_stages(list(settings.pipeline.stages), settings)
    article_stages = [cast(ArticleStage, s) for s in stages if s.scope == "article"]
    corpus_stages = [cast(CorpusStage, s) for s in stages if s.scope == "corpus"]
    check_redo(stages, redo)
    digests = {s.name: settings_digest(s) for s in article_stages}
    groups: dict[tuple[str, ...], list[str]] = {}
    failures = store.stage_failures()
    held = 0
    # Without redo, only the articles a stage has not processed at its current version and
    # settings are read (an index lookup per stage), not the run records of the whole store.
    runs = (
        store.stage_runs()
        if redo
        else store.stage_runs(
            store.outdated([(s.name, s.version, digests[s.name]) for s in article_stages])
        )
    )
    for article_id, done in runs.items():
        if redo:
            done = {name: run for name, run in done.items() if name not in redo}
        failed = failures.get(article_id, {})
        if any(
            s.name in failed
            and s.name not in redo
            and failed[s.name] == StageRun(s.version, digests[s.name])
            for s in article_stages
        ):
            held += 1  # it would fail again: left out until --redo or a new version/setting
            continue
        todo = plan(article_stages, done, digests)
        if todo:
            groups.setdefault(tuple(s.name for s in todo), []).append(article_id)
    return Plan(article_stages, corpus_stages, groups, digests, held)


def chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def analysis_text(text: str, max_chars: int) -> str:
    """What the article stages read of ``text``: all of it up to ``max_chars`` characters;
    past that, the text up to the last paragraph break (else line break, sentence end, space)
    in the second half of the limit, or the first ``max_chars`` characters. A prefix, so every
    offset the stages record holds in the stored text."""
    if len(text) <= max_chars:
        return text
    for mark in ("\n\n", "\n", ". ", " "):
        cut = text.rfind(mark, max_chars // 2, max_chars)
        if cut != -1:
            return text[: cut + (1 if mark == ". " else 0)]
    return text[:max_chars]


def run_stage(stage: ArticleStage, docs: list[AnalysisDoc]) -> list[AnalysisDoc]:
    """Run one stage on the batch; if it raises, run it on each document alone, and mark those
    it still raises on as failed. Returns the documents it went through."""
    try:
        stage(docs)
        return docs
    except NewstraceError:
        raise  # a setting or a missing model: every document would fail, so the run stops
    except Exception:  # a stage may raise anything on an odd document: find which one
        if len(docs) == 1:
            return run_stage_alone(stage, docs[0])
    return [doc for doc in docs for doc in run_stage_alone(stage, doc)]


def run_stage_alone(stage: ArticleStage, doc: AnalysisDoc) -> list[AnalysisDoc]:
    try:
        stage([doc])
    except NewstraceError:
        raise
    except Exception as e:
        log.warning("stage %s failed on article %s: %r", stage.name, doc.article.id, e)
        doc.failure = (stage.name, f"{type(e).__name__}: {e}"[:500])
        doc.parse = None
        return []
    return [doc]


def run_article_stages(
    stages: Sequence[ArticleStage], docs: list[AnalysisDoc], max_chars: int | None = None
) -> list[AnalysisDoc]:
    """Run the stages on one batch; the transient parse is dropped so the docs can travel. A
    stage that raises on a document marks it failed (``doc.failure``); the later stages skip
    it. The stages read at most ``max_chars`` characters of each text (analysis_text)."""
    originals = [doc.article for doc in docs]
    if max_chars is not None:
        for doc in docs:
            if len(doc.article.text) > max_chars:
                doc.article = replace(doc.article, text=analysis_text(doc.article.text, max_chars))
    live = docs
    for stage in stages:
        live = run_stage(stage, live)
    for doc, article in zip(docs, originals, strict=True):
        doc.parse = None
        doc.article = article
    return docs


class StageRunner:
    """Article stages built once (models load on first use) and run by name; one per process,
    or one per Ray actor. It caps the process's BLAS, OpenMP and ONNX Runtime threads first
    (``single_process_threads``: what the environment says, as a pool worker's or a Ray
    actor's share of the cores, else one)."""

    def __init__(self, keys: Sequence[str], settings: Settings) -> None:
        limit_threads(single_process_threads())
        self.max_chars = settings.pipeline.max_chars
        self.stages = {
            s.name: cast(ArticleStage, s)
            for s in build_stages(keys, settings)
            if s.scope == "article"
        }

    def __call__(self, names: Sequence[str], docs: list[AnalysisDoc]) -> list[AnalysisDoc]:
        return run_article_stages([self.stages[n] for n in names], docs, self.max_chars)


_WORKER: StageRunner | None = None


def limit_threads(threads: int) -> None:
    """Cap BLAS and OpenMP threads in this process. Each process's BLAS (numpy's and scipy's
    OpenBLAS) would start a thread per core: with other work on the same cores those threads
    spin against each other (10-20 times slower on a busy machine), so a process gets its
    share. The variables hold for the libraries loaded from now on, the limit for those
    already loaded."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)
    threadpool_limits(threads)


def _init_worker(keys: Sequence[str], settings: Settings, threads: int) -> None:
    global _WORKER
    limit_threads(threads)
    _WORKER = StageRunner(keys, settings)


def worker_pool(keys: Sequence[str], settings: Settings, workers: int) -> cf.ProcessPoolExecutor:
    """``workers`` processes, each with a StageRunner for ``keys`` and BLAS threads limited to
    its share of the cores."""
    return cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(keys, settings, max(1, (os.cpu_count() or 1) // workers)),
    )


def _work(names: Sequence[str], docs: list[AnalysisDoc]) -> list[AnalysisDoc]:
    assert _WORKER is not None
    return _WORKER(names, docs)


def load_corpus(store: Store) -> Corpus:
    return Corpus(
        articles=store.articles(status="ok"),
        mentions=store.mentions(),
        embeddings=store.embeddings(),
        stories=store.story_membership(),
        sentences=store.sentences,
        corrections=store.corrections(),
    )


def run_corpus_stages(
    store: Store, stages: Sequence[CorpusStage], *, rebuild: bool = False
) -> list[str]:
    """Run the corpus stages. A stage that can (``update``) works on what is new only,
    through the corpus index; the others, the first run on a store, and ``rebuild`` read the
    whole store and rebuild the index. Returns the keys of the stages that updated."""
    index = CorpusIndex(store)
    updated = []
    for stage in stages:
        update: Callable[[CorpusIndex], CorpusResult | None] | None = getattr(stage, "update", None)
        result = update(index) if update is not None and not rebuild else None
        if result is None:
            # Loaded afresh for each corpus stage: it sees what the ones before it wrote.
            result = stage(load_corpus(store))
        else:
            updated.append(stage_key(stage))
        save_corpus_result(store, index, stage_key(stage), result)
    return updated


def save_corpus_result(store: Store, index: CorpusIndex, key: str, result: CorpusResult) -> None:
    if result.partial:
        if result.actors is not None:
            index.add_actors(
                result.actors,
                result.aliases,
                result.assignments,
                result.ties or [],
                key,
                result.resolved or [],
            )
        if result.stories is not None:
            store.save_stories(result.stories)
        if result.placed is not None:
            index.write_placed(result.placed)
        return
    if result.actors is not None:
        store.replace_actors(result.actors, result.aliases, result.assignments)
        index.write_resolved(index.ok_ids(), clear=True)
    if result.stories is not None:
        store.save_stories(result.stories)
    if result.placed is not None:
        index.clear_placed()
        index.write_placed(result.placed)
    if result.ties is not None:
        store.replace_stage_ties(key, result.ties)


def analyze(
    store: Store,
    settings: Settings,
    *,
    workers: int | None = None,
    progress: ProgressHook | None = None,
    redo: Sequence[str] = (),
    rebuild: bool = False,
) -> AnalyzeReport:
    """Run the configured stages over what is new or outdated in ``store``, and the article
    stages named in ``redo`` over every article. The corpus stages work on the articles
    they have not seen (stories/incremental.py, actors/incremental.py), or over the whole
    store with ``rebuild`` or when articles they have seen were analysed again."""
    work = make_plan(store, settings, redo)
    rebuild = rebuild or work.reanalysed(store)
    workers = workers or settings.pipeline.workers
    batch_size = settings.pipeline.batch_size

    failed: list[tuple[str, str, str]] = []

    def save(names: Sequence[str], docs: list[AnalysisDoc]) -> None:
        failed.extend(work.save(store, names, docs))
        if progress is not None:
            progress(len(docs), work.total)

    if workers <= 1 or work.total <= batch_size:
        runner = StageRunner(work.article_keys, settings) if work.total else None
        for names, ids in work.groups.items():
            for chunk in chunks(ids, batch_size):
                assert runner is not None
                save(names, runner(names, store.load_docs(chunk)))
    else:
        with worker_pool(work.article_keys, settings, workers) as pool:
            for names, ids in work.groups.items():
                pending: list[cf.Future[list[AnalysisDoc]]] = []
                for chunk in chunks(ids, batch_size):
                    pending.append(pool.submit(_work, names, store.load_docs(chunk)))
                    if len(pending) >= workers * 2:
                        save(names, pending.pop(0).result())
                for future in pending:
                    save(names, future.result())

    updated = run_corpus_stages(store, work.corpus_stages, rebuild=rebuild)
    return work.report(failed, updated)


def single_process_threads() -> int:
    """BLAS threads for a run in this one process: those the environment asks for
    (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS), else one; the models run batches of short texts,
    where more threads spin more than they compute."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return 1
