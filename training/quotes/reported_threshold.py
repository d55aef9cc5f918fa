"""Measure ``[quotes] reported_min_tagged`` for a tagger model on PolNeAR TRAIN (never dev): one
pass of the entities stage over a sample of train articles, then the quotes stage at each
threshold (the tagger's reading cached, so each costs seconds), scored as ``newstrace eval
quotes`` does (``--kinds speech``): precision, recall and F1 per threshold, to choose the setting
(precision first; models/quotes/card.md). The student's grid:

    OMP_NUM_THREADS=1 NEWSTRACE_QUOTES__TAGGER_MODEL=student PYTHONPATH=src \\
        python training/quotes/reported_threshold.py ../shared/eval/quotes/polnear \\
        --model run/student.npz --sample 80"""

from __future__ import annotations

import argparse
import dataclasses
import random
from pathlib import Path

import newstrace.quotes.tagger as tagger_module
from newstrace.eval.quotes import Tally, read_polnear, score_doc
from newstrace.ids import make_id
from newstrace.model import AnalysisDoc, Article
from newstrace.quotes import load_cues
from newstrace.settings import load_settings
from newstrace.stages.entities import TidyEntitiesStage
from newstrace.stages.quotes import QuotesStage


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("polnear", type=Path, help="PolNeAR's root (its train/ is read)")
    ap.add_argument("--model", type=Path, required=True, help="the tagger file")
    ap.add_argument("--sample", type=int, default=80, help="train articles (seed 7)")
    ap.add_argument("--grid", default="0.8,0.7,0.6,0.5,0.4")
    args = ap.parse_args()
    settings = load_settings()
    name = settings.quotes.tagger_model
    tagger_module.MODELS[name] = str(args.model.resolve())
    docs = read_polnear(args.polnear / "train", None)
    random.Random(7).shuffle(docs)
    docs = docs[: args.sample]
    tagger = tagger_module.load_tagger(name)
    if tagger is None:
        raise SystemExit(f"{args.model}: missing")
    cache: dict[tuple[str, int], tagger_module.Tagged] = {}
    read = tagger.read

    def cached(text: str, step: int = tagger_module.STEP) -> tagger_module.Tagged:
        if (text, step) not in cache:
            cache[text, step] = read(text, step)
        return cache[text, step]

    tagger.read = cached  # type: ignore[method-assign]
    analysed = [
        AnalysisDoc(Article(make_id("article", d.name), d.name, "ok", d.text), language="en")
        for d in docs
    ]
    TidyEntitiesStage(settings)(analysed)
    cues = load_cues(tuple(settings.quotes.cue_files))
    best = (-1.0, 0.0)
    for threshold in [float(x) for x in args.grid.split(",")]:
        quotes = dataclasses.replace(settings.quotes, reported_min_tagged=threshold)
        QuotesStage.from_settings(dataclasses.replace(settings, quotes=quotes))(analysed)
        tally = Tally()
        for gold, doc in zip(docs, analysed, strict=True):
            score_doc(tally, gold, doc, cues, "speech")
        r = tally.result()
        print(f"{threshold}: speech P {r['precision']} R {r['recall']} F1 {r['f1']}", flush=True)
        best = max(best, (r["f1"], threshold))
    print(f"best F1: {best[1]} (F1 {best[0]})")


if __name__ == "__main__":
    main()
