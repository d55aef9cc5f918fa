"""Where the CPU goes: the whole pipeline (ingest + analyze with every stage, store writes and
corpus stages) in one process, CPU seconds (``time.process_time``) per part and per article.

    python bench/cpu_profile.py --corpus ../shared/eval/quotes/polnear/train/text --limit 30

The parts are timed by wrapping the functions that do them (a timer per call, no profiler
overhead); nested parts (the tagger inside the quotes stage) are counted in both, and each
``rest of`` row is what a stage spends outside the parts listed under it. BLAS, OpenMP and ONNX
Runtime run one thread each, so CPU time is the work done whatever else the machine is doing.
``--cprofile N`` also lists the N functions with the most CPU time of their own (under
cProfile, whose clock costs a system call per call: those times are inflated). A benchmark,
not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NEWSTRACE_THREADS"):
    os.environ[_name] = "1"

SPENT: dict[str, float] = defaultdict(float)


def timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[label] += time.process_time() - start

    return wrapper


def timed_pipe(label: str, nlp: Any) -> None:
    """Time a spaCy pipeline's ``pipe``: the CPU spent each time its generator is advanced."""
    pipe = nlp.pipe

    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        docs = iter(pipe(*args, **kwargs))
        while True:
            start = time.process_time()
            try:
                doc = next(docs)
            except StopIteration:
                SPENT[label] += time.process_time() - start
                return
            SPENT[label] += time.process_time() - start
            yield doc

    nlp.pipe = wrapper


def instrument() -> None:
    """Wrap the functions whose CPU time the table gives."""
    from newstrace import pipeline
    from newstrace.actors import recognise
    from newstrace.encoder import runtime, tokenizer
    from newstrace.quotes import tagger
    from newstrace.relations import sentiment
    from newstrace.stages import embed, entities, language, quotes, relations
    from newstrace.stories import embed as embedders

    for label, cls in (
        ("language stage", language.LanguageStage),
        ("entities stage", entities.EntitiesStage),
        ("quotes stage", quotes.QuotesStage),
        ("relations stage", relations.RelationsStage),
        ("embed stage", embed.EmbedStage),
    ):
        cls.__call__ = timed(label, cls.__call__)  # type: ignore[method-assign]
    tagger.Tagger.read = timed("tagger", tagger.Tagger.read)  # type: ignore[method-assign]
    tagger.Tagged.inside = timed("tagger: Tagged.inside", tagger.Tagged.inside)  # type: ignore[method-assign]
    tagger.decode = timed("tagger: decode", tagger.decode)
    runtime.Encoder.last = timed("encoder pass (ONNX Runtime)", runtime.Encoder.last)  # type: ignore[method-assign]
    tokenizer.Tokenizer.tokenize = timed("encoder tokenizing", tokenizer.Tokenizer.tokenize)  # type: ignore[method-assign]
    sentiment.Model.proba = timed("target sentiment", sentiment.Model.proba)  # type: ignore[method-assign]
    pipeline.Plan.save = timed("store writes", pipeline.Plan.save)  # type: ignore[method-assign]
    pipeline.run_corpus_stages = timed("corpus stages", pipeline.run_corpus_stages)
    for name in ("USEEmbedder", "E5Embedder"):
        cls = getattr(embedders, name)
        cls.encode = timed("embedder encode", cls.encode)
    load_pipeline, load_ner = entities.load_pipeline, recognise.load_ner

    def spacy_pipeline(model: str) -> Any:
        nlp = load_pipeline(model)
        if not getattr(nlp, "_bench_timed", False):
            timed_pipe("spaCy pipeline pass", nlp)
            nlp._bench_timed = True
        return nlp

    def ner_model(lang: str, choice: str) -> Any:
        nlp = load_ner(lang, choice)
        if nlp is not None and not getattr(nlp, "_bench_timed", False):
            timed_pipe("shipped NER model's pass", nlp)
            nlp._bench_timed = True
        return nlp

    entities.load_pipeline = spacy_pipeline
    entities.load_ner = ner_model  # type: ignore[attr-defined]
    for label, module, name in (
        ("loading: tagger", quotes, "load_tagger"),
        ("loading: sentiment", sentiment, "load_classifier"),
        ("loading: embedder", embedders, "load_embedder"),
    ):
        setattr(module, name, timed(label, getattr(module, name)))


ROWS = [
    ("ingest", []),
    ("language stage", []),
    ("entities stage", ["spaCy pipeline pass", "shipped NER model's pass"]),
    ("quotes stage", ["tagger", "tagger: Tagged.inside"]),
    ("tagger", ["encoder pass (ONNX Runtime)", "encoder tokenizing", "tagger: decode"]),
    ("relations stage", ["target sentiment"]),
    ("embed stage", ["embedder encode"]),
    ("store writes", []),
    ("corpus stages", []),
]


def run(corpus: Path, limit: int, profiler: cProfile.Profile | None) -> tuple[int, float]:
    from newstrace.ingest import ingest
    from newstrace.pipeline import analyze
    from newstrace.settings import load_settings
    from newstrace.store import open_store

    files = [str(p) for p in sorted(corpus.glob("*.txt"))[:limit]]
    work = Path(tempfile.mkdtemp(prefix="newstrace-profile-"))
    settings = load_settings({"db": str(work / "profile.db")}, environ={})
    with open_store(settings.db) as store:
        if profiler:
            profiler.enable()
        start = time.process_time()
        ingest(files, store, settings)
        SPENT["ingest"] = time.process_time() - start
        analyze(store, settings, workers=1)
        seconds = time.process_time() - start
        if profiler:
            profiler.disable()
        n = len(store.articles(status="ok"))
    return n, seconds


def table(n: int, seconds: float) -> list[str]:
    lines = [
        f"{n} articles, {seconds:.1f} CPU-s in all, {seconds / n:.3f} per article",
        "",
        "| part | CPU-s / article | share |",
        "|---|---:|---:|",
    ]

    def row(label: str, value: float, indent: str = "") -> None:
        lines.append(f"| {indent}{label} | {value / n:.3f} | {value / seconds:.0%} |")

    loading = sum(v for k, v in SPENT.items() if k.startswith("loading: "))
    for label, parts in ROWS:
        if label == "tagger":
            continue
        row(label, SPENT[label])
        inner = 0.0
        for part in parts:
            row(part, SPENT[part], "- ")
            inner += SPENT[part]
            if part == "tagger":
                for sub in dict(ROWS)["tagger"]:
                    row(sub, SPENT[sub], "-- ")
        if parts:
            row(f"rest of {label}", SPENT[label] - inner, "- ")
    row("models loaded on first use (inside the stages above)", loading)
    accounted = sum(SPENT[label] for label, _ in ROWS if label != "tagger")
    row("other (planning, loading docs, threads)", seconds - accounted)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=HERE.parent.parent / "shared/eval/quotes/polnear/train/text"
    )
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    parser.add_argument(
        "--out",
        type=Path,
        help="also write the table here (bench/PROFILE.md, which run.py includes)",
    )
    args = parser.parse_args()
    instrument()
    profiler = cProfile.Profile(time.process_time) if args.cprofile else None
    n, seconds = run(args.corpus, args.limit, profiler)
    lines = table(n, seconds)
    print("\n".join(lines))
    if args.out:
        head = [
            "## Where the CPU goes",
            "",
            f"`python bench/cpu_profile.py --limit {args.limit}` on {time.strftime('%Y-%m-%d')}: the"
            " whole pipeline in one process, one thread (BLAS, OpenMP, ONNX Runtime), CPU seconds",
            "per part (nested parts counted in both; `rest of` is what a stage spends outside the",
            "parts under it).",
            "",
        ]
        args.out.write_text("\n".join(head + lines) + "\n", "utf-8")
    if profiler:
        print()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
