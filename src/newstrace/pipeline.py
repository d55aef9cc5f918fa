"""The local runner: plans which articles each stage must (re)process, runs article stages in
batches (in this process or a process pool, models loaded once per process), commits each batch
in one transaction, then runs the corpus stages. ``scale.ray_runner`` reuses the plan, the
batch function and the corpus step with Ray Data doing the per-article map."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from threadpoolctl import threadpool_limits

from .errors import PipelineError
from .model import AnalysisDoc, StageOutput
from .settings import Settings
from .stages.base import (
    ArticleStage,
    Corpus,
    CorpusStage,
    Stage,
    build_stages,
    plan,
    settings_digest,
    stage_key,
)
from .store import Store

ProgressHook = Callable[[int, int], None]  # (articles done now, total to do)


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    processed: int  # articles that went through at least one article stage
    stages: tuple[str, ...]
    corpus_stages: tuple[str, ...]
    # (stage key, articles it processed) for each article stage that ran
    runs: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run must do: article ids grouped by the article stages they need, and each
    article stage's settings digest, recorded with what it writes."""

    article_stages: list[ArticleStage]
    corpus_stages: list[CorpusStage]
    groups: dict[tuple[str, ...], list[str]]
    digests: dict[str, str]

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

    def report(self) -> AnalyzeReport:
        runs = [
            (stage_key(s), sum(len(ids) for names, ids in self.groups.items() if s.name in names))
            for s in self.article_stages
        ]
        return AnalyzeReport(
            processed=self.total,
            stages=tuple(self.article_keys),
            corpus_stages=tuple(stage_key(s) for s in self.corpus_stages),
            runs=tuple((key, n) for key, n in runs if n),
        )


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
    for article_id, done in store.stage_runs().items():
        if redo:
            done = {name: run for name, run in done.items() if name not in redo}
        todo = plan(article_stages, done, digests)
        if todo:
            groups.setdefault(tuple(s.name for s in todo), []).append(article_id)
    return Plan(article_stages, corpus_stages, groups, digests)


def chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def run_article_stages(
    stages: Sequence[ArticleStage], docs: list[AnalysisDoc]
) -> list[AnalysisDoc]:
    """Run the stages on one batch; the transient parse is dropped so the docs can travel."""
    for stage in stages:
        stage(docs)
    for doc in docs:
        doc.parse = None
    return docs


class StageRunner:
    """Article stages built once (models load on first use) and run by name; one per process,
    or one per Ray actor."""

    def __init__(self, keys: Sequence[str], settings: Settings) -> None:
        self.stages = {
            s.name: cast(ArticleStage, s)
            for s in build_stages(keys, settings)
            if s.scope == "article"
        }

    def __call__(self, names: Sequence[str], docs: list[AnalysisDoc]) -> list[AnalysisDoc]:
        return run_article_stages([self.stages[n] for n in names], docs)


_WORKER: StageRunner | None = None


def _init_worker(keys: Sequence[str], settings: Settings, threads: int) -> None:
    global _WORKER
    # each worker's BLAS (numpy's and scipy's OpenBLAS) would start a thread per core: with
    # several workers on the same cores those threads spin against each other, so a worker
    # gets its share. The variables hold for the libraries loaded from now on, the limit for
    # those already loaded.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)
    threadpool_limits(threads)
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


def run_corpus_stages(store: Store, stages: Sequence[CorpusStage]) -> None:
    for stage in stages:
        # Loaded afresh for each corpus stage: it sees what the ones before it wrote.
        result = stage(load_corpus(store))
        if result.actors is not None:
            store.replace_actors(result.actors, result.aliases, result.assignments)
        if result.stories is not None:
            store.save_stories(result.stories)
        if result.ties is not None:
            store.replace_stage_ties(stage_key(stage), result.ties)


def analyze(
    store: Store,
    settings: Settings,
    *,
    workers: int | None = None,
    progress: ProgressHook | None = None,
    redo: Sequence[str] = (),
) -> AnalyzeReport:
    """Run the configured stages over what is new or outdated in ``store``, and the article
    stages named in ``redo`` over every article."""
    work = make_plan(store, settings, redo)
    workers = workers or settings.pipeline.workers
    batch_size = settings.pipeline.batch_size

    def save(names: Sequence[str], docs: list[AnalysisDoc]) -> None:
        store.save_docs(docs, work.stage_outputs(names))
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

    run_corpus_stages(store, work.corpus_stages)
    return work.report()
