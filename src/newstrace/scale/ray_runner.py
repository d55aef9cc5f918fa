"""``newstrace analyze --engine ray``: the same stages, run by Ray Data.

- Ingest: local files (paths, folders, globs, JSONL, WARC/CC-NEWS shards) are read and checked
  by Ray tasks, one file per row after a repartition; URLs, feeds and stdin are read by the
  driver as in a local run (workers do no network I/O).
- Per-article stages: ``map_batches`` over the planned articles with a class-based worker
  (``StageWorker``), so each actor loads its models once; fractional ``num_cpus`` lets the
  actors and Ray's own read tasks share the CPUs, and the input is repartitioned so that every
  actor gets blocks.
- The driver writes each returned batch to the store in one transaction (crash-safe, as in a
  local run), then runs the corpus stages (actors across articles, stories) itself. Those
  global steps scale by blocking: see docs/scaling.md.

Ray is an optional extra: ``pip install newstrace[ray]``.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..ingest import IngestTally
from ..ingest import ingest as local_ingest
from ..ingest.prepare import prepare
from ..ingest.sources import Skipped, folder_files, is_supported, read_path
from ..model import AnalysisDoc, IngestSummary, RawDocument
from ..pipeline import AnalyzeReport, StageRunner, chunks, make_plan, run_corpus_stages
from ..settings import Settings
from ..store import Store

WINDOW = 2_000  # articles shipped to Ray at a time: bounds the driver's memory


@dataclass(frozen=True, slots=True)
class RayOptions:
    address: str | None = None  # a running cluster ("ray://host:10001" or "auto"); None: local
    num_cpus: int | None = None  # CPUs of a local instance (default: all)
    cpus_per_worker: float = 0.5
    workers: int | None = None  # stage actors (default: the cluster's CPUs)


def start_ray(options: RayOptions) -> Any:
    try:
        import ray
    except ImportError as e:
        raise PipelineError(
            "the Ray engine needs Ray: pip install 'newstrace[ray]'", code="NT430"
        ) from e
    if not ray.is_initialized():
        # "local" starts a new instance even when another one runs on this machine.
        ray.init(
            address=options.address or "local",
            num_cpus=options.num_cpus if options.address is None else None,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return ray


class StageWorker:
    """A Ray actor: builds the article stages once, then runs them on each batch of pickled
    AnalysisDoc rows."""

    def __init__(self, keys: Sequence[str], names: Sequence[str], settings: Settings) -> None:
        self.runner = StageRunner(keys, settings)
        self.names = list(names)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        docs = [pickle.loads(blob) for blob in batch["doc"]]
        done = self.runner(self.names, docs)
        return {"doc": [pickle.dumps(doc) for doc in done]}


def _read_file(row: dict[str, Any], settings: Settings, outlet: str | None) -> list[dict[str, Any]]:
    """The file's articles and failures, each tagged with the file's place in the input
    (``file``), its own place in the file (``part``) and the file's count (``n``); a file with
    nothing to store still gives one row (``item`` None), so that the driver knows it is done."""
    out: list[dict[str, Any]] = []
    for item in read_path(Path(row["path"]), settings.ingest.max_bytes, None):
        if isinstance(item, Skipped):
            continue
        result = (
            prepare(item, settings.ingest, outlet=outlet) if isinstance(item, RawDocument) else item
        )
        out.append({"file": row["file"], "part": len(out), "item": pickle.dumps(result)})
    for r in out:
        r["n"] = len(out)
    return out or [{"file": row["file"], "part": 0, "n": 0, "item": None}]


class InOrder:
    """Rows of files that finish in any order, released in input order: a file's rows are
    held until every file before it is released (memory: the files that finished early)."""

    def __init__(self) -> None:
        self.next = 0
        self.held: dict[int, list[tuple[int, bytes]]] = {}
        self.counts: dict[int, int] = {}

    def add(self, file: int, part: int, n: int, item: bytes | None) -> list[bytes]:
        self.counts[file] = n
        if item is not None:
            self.held.setdefault(file, []).append((part, item))
        out: list[bytes] = []
        while (
            self.next in self.counts and len(self.held.get(self.next, ())) == self.counts[self.next]
        ):
            out.extend(blob for _, blob in sorted(self.held.pop(self.next, []), key=lambda r: r[0]))
            del self.counts[self.next]
            self.next += 1
        return out


def local_files(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split inputs into local files (expanded) and the rest (URLs, feeds, stdin, missing)."""
    import glob

    files: list[str] = []
    rest: list[str] = []
    for value in inputs:
        path = Path(value)
        if value == "-" or value.startswith(("http://", "https://")):
            rest.append(value)
        elif any(ch in value for ch in "*?["):
            files.extend(p for p in sorted(glob.glob(value, recursive=True)) if Path(p).is_file())
        elif path.is_dir():
            files.extend(str(p) for p in folder_files(path))
        elif path.is_file():
            files.append(str(path))
        else:
            rest.append(value)
    return files, rest


def ray_ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    options: RayOptions,
    *,
    outlet: str | None = None,
) -> IngestSummary:
    ray = start_ray(options)
    files, rest = local_files(inputs)
    tally = IngestTally()
    if files:
        readable = [f for f in files if is_supported(Path(f))]
        tally.skipped.extend(f for f in files if not is_supported(Path(f)))
        ds = ray.data.from_items([{"path": f, "file": i} for i, f in enumerate(readable)])
        ds = ds.repartition(max(1, min(len(readable), 4 * _cpus(ray))))
        ds = ds.flat_map(_read_file, fn_args=(settings, outlet), num_cpus=options.cpus_per_worker)
        # Articles are stored in input order, as a local ingest stores them: the order of
        # arrival is the order stories are built in, so it must not depend on which worker
        # finished first (Ray Data's preserve_order did not hold through the repartition).
        order = InOrder()
        for batch in ds.iter_batches(
            batch_size=settings.pipeline.batch_size, batch_format="default"
        ):
            ready = [
                blob
                for row in zip(batch["file"], batch["part"], batch["n"], batch["item"], strict=True)
                for blob in order.add(int(row[0]), int(row[1]), int(row[2]), row[3])
            ]
            with store.transaction():
                for blob in ready:
                    tally.record(store, pickle.loads(blob))
    if rest:
        tally.merge(local_ingest(rest, store, settings, outlet=outlet))
    return tally.summary()


def _cpus(ray: Any) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def ray_analyze(
    store: Store,
    settings: Settings,
    options: RayOptions,
    redo: Sequence[str] = (),
    rebuild: bool = False,
) -> AnalyzeReport:
    ray = start_ray(options)
    work = make_plan(store, settings, redo)
    rebuild = rebuild or work.reanalysed(store)
    cpus = _cpus(ray)
    # Leave one CPU to Ray Data's own tasks (reads, repartitions): actors holding every CPU
    # would wait for blocks that no task can then produce.
    workers = options.workers or max(1, int((cpus - 1) / options.cpus_per_worker))
    batch_size = settings.pipeline.batch_size
    failed: list[tuple[str, str, str]] = []
    for names, ids in work.groups.items():
        for window in chunks(ids, WINDOW):
            docs: list[AnalysisDoc] = []
            for chunk in chunks(window, 256):
                docs.extend(store.load_docs(chunk))
            ds = ray.data.from_items([{"doc": pickle.dumps(doc)} for doc in docs])
            ds = ds.repartition(max(1, min(len(docs) // batch_size + 1, 4 * workers)))
            ds = ds.map_batches(
                StageWorker,
                fn_constructor_kwargs={
                    "keys": work.article_keys,
                    "names": list(names),
                    "settings": settings,
                },
                batch_size=batch_size,
                batch_format="default",
                concurrency=workers,
                num_cpus=options.cpus_per_worker,
            )
            for batch in ds.iter_batches(batch_size=batch_size, batch_format="default"):
                failed.extend(work.save(store, names, [pickle.loads(b) for b in batch["doc"]]))
    updated = run_corpus_stages(store, work.corpus_stages, rebuild=rebuild)
    return work.report(failed, updated)


__all__ = ["RayOptions", "ray_analyze", "ray_ingest"]
