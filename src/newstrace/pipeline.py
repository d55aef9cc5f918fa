"""The local runner: plans which articles each stage must (re)process, runs article stages in
batches (in this process or a process pool, models loaded once per process), commits each batch
in one transaction, then runs the corpus stages."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from .model import AnalysisDoc
from .settings import Settings
from .stages.base import ArticleStage, Corpus, CorpusStage, Stage, build_stages, plan
from .store import Store

ProgressHook = Callable[[int, int], None]  # (articles done now, total to do)


@dataclass(frozen=True, slots=True)
class AnalyzeReport:
    processed: int  # articles that went through at least one article stage
    stages: tuple[str, ...]
    corpus_stages: tuple[str, ...]


def load_corpus(store: Store) -> Corpus:
    return Corpus(
        articles=store.articles(status="ok"),
        mentions=store.mentions(),
        embeddings=store.embeddings(),
        stories=store.story_membership(),
        sentences=store.sentences,
    )


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def run_article_stages(stages: Sequence[ArticleStage], docs: list[AnalysisDoc]) -> None:
    for stage in stages:
        stage(docs)


# ---- process pool: each worker builds its stages once ---------------------------------------

_WORKER_STAGES: dict[str, ArticleStage] = {}


def _init_worker(keys: Sequence[str], settings: Settings) -> None:
    for stage in build_stages(keys, settings):
        if stage.scope == "article":
            _WORKER_STAGES[stage.name] = cast(ArticleStage, stage)


def _work(names: Sequence[str], docs: list[AnalysisDoc]) -> list[AnalysisDoc]:
    run_article_stages([_WORKER_STAGES[n] for n in names], docs)
    for doc in docs:
        doc.parse = None  # transient: never pickled back
    return docs


def analyze(
    store: Store,
    settings: Settings,
    *,
    workers: int | None = None,
    progress: ProgressHook | None = None,
) -> AnalyzeReport:
    """Run the configured stages over what is new or outdated in ``store``."""
    keys = list(settings.pipeline.stages)
    stages: list[Stage] = build_stages(keys, settings)
    article_stages = [cast(ArticleStage, s) for s in stages if s.scope == "article"]
    corpus_stages = [cast(CorpusStage, s) for s in stages if s.scope == "corpus"]
    article_keys = [f"{s.name}.v{s.version}" for s in article_stages]

    groups: dict[tuple[str, ...], list[str]] = {}
    for article_id, done in store.stage_versions().items():
        todo = plan(article_stages, done)
        if todo:
            groups.setdefault(tuple(s.name for s in todo), []).append(article_id)
    total = sum(len(v) for v in groups.values())
    by_name = {s.name: s for s in article_stages}
    workers = workers or settings.pipeline.workers
    batch_size = settings.pipeline.batch_size

    def save(names: Sequence[str], docs: list[AnalysisDoc]) -> None:
        chosen = [by_name[n] for n in names]
        store.save_docs(docs, [(s.name, s.version, s.assigns) for s in chosen])
        if progress is not None:
            progress(len(docs), total)

    if workers <= 1 or total <= batch_size:
        for names, ids in groups.items():
            for chunk in _chunks(ids, batch_size):
                docs = store.load_docs(chunk)
                run_article_stages([by_name[n] for n in names], docs)
                save(names, docs)
    else:
        context = multiprocessing.get_context("spawn")
        with cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(article_keys, settings),
        ) as pool:
            for names, ids in groups.items():
                pending: list[cf.Future[list[AnalysisDoc]]] = []
                for chunk in _chunks(ids, batch_size):
                    pending.append(pool.submit(_work, names, store.load_docs(chunk)))
                    if len(pending) >= workers * 2:
                        save(names, pending.pop(0).result())
                for future in pending:
                    save(names, future.result())

    for corpus_stage in corpus_stages:
        # Loaded afresh for each corpus stage: it sees what the ones before it wrote.
        result = corpus_stage(load_corpus(store))
        if result.actors is not None:
            store.replace_actors(result.actors, result.aliases, result.assignments)
        if result.stories is not None:
            store.save_stories(result.stories)
    return AnalyzeReport(
        processed=total,
        stages=tuple(article_keys),
        corpus_stages=tuple(f"{s.name}.v{s.version}" for s in corpus_stages),
    )
