"""The shipped attribution tagger's (the teacher's) probabilities over unlabelled news, cached
for training a smaller student (training/quotes/student.py).

Runs without torch, with the shipped model exactly as the quotes stage runs it
(``newstrace.quotes.tagger.load_tagger``: int8 ONNX Runtime, windows of 254 pieces every 128,
each piece read from the window where it is most central). For every document it stores the
pieces (``ids``), the teacher's (pieces, roles, 3) probabilities of O, B, I as float16
(``probs``) and, where the documents have gold attributions (PolNeAR's train split), the gold
labels (``gold``, -100 where there is none). One .npz per run, written again every ``--save``
documents (in a shuffled order) so that training can start on what is done: a document the
teacher has not read yet has probabilities 0 (``done`` is False), and only its gold counts:

    OMP_NUM_THREADS=1 PYTHONPATH=src python training/quotes/teacher_targets.py \
        --polnear ../shared/eval/quotes/polnear/train --out ~/student/polnear-train.npz

(about 0.55 CPU-seconds per article, so some 8 CPU-minutes for PolNeAR's 839 train
articles). ``--texts FOLDER`` reads every ``*.txt`` below a folder instead, without gold.
Never PolNeAR dev: that split measures the student."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from newstrace.eval.quotes import read_polnear
from newstrace.quotes.tagger import ROLES, labels_of, load_tagger


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--polnear", type=Path, help="a PolNeAR split (text/, attributions/)")
    src.add_argument("--texts", type=Path, help="a folder of *.txt documents (no gold)")
    ap.add_argument("--out", type=Path, required=True, help="the .npz to write")
    ap.add_argument("--limit", type=int, default=None, help="read only this many documents")
    ap.add_argument("--save", type=int, default=25, help="write the file every this many")
    ap.add_argument("--seed", type=int, default=13, help="the order the teacher reads them in")
    ap.add_argument(
        "--resume", action="store_true", help="keep what --out already holds; read only the rest"
    )
    args = ap.parse_args()
    if args.polnear is not None:
        docs = [(d.name, d.text, d.attributions) for d in read_polnear(args.polnear, args.limit)]
    else:
        files = sorted(args.texts.rglob("*.txt"))[: args.limit]
        docs = [(str(p.relative_to(args.texts)), p.read_text("utf-8"), None) for p in files]
    tagger = load_tagger()
    if tagger is None:
        raise SystemExit("the tagger (models/quotes/tagger.npz) is not installed")
    tokens = [tagger.encoder.tokenize(text) for _, text, _ in docs]
    ids = [np.asarray(t.ids, dtype=np.int32) for t in tokens]
    probs = [np.zeros((len(t.ids), len(ROLES), 3), dtype=np.float16) for t in tokens]
    gold = [
        np.full((len(t.ids), len(ROLES)), -100, dtype=np.int8)
        if attributions is None
        else labels_of(t.spans, attributions).astype(np.int8)
        for t, (_, _, attributions) in zip(tokens, docs, strict=True)
    ]
    done = np.zeros(len(docs), dtype=bool)
    if args.resume and args.out.exists():
        with np.load(args.out) as z:
            if list(z["names"]) != [name for name, _, _ in docs]:
                raise SystemExit(f"{args.out} holds other documents: leave out --resume")
            ends = np.cumsum(z["lengths"])
            for i, (a, b) in enumerate(zip([0, *ends[:-1]], ends, strict=True)):
                if z["done"][i]:
                    probs[i], done[i] = z["probs"][a:b], True

    def write() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_suffix(".part.npz")
        np.savez_compressed(
            tmp,
            names=np.asarray([name for name, _, _ in docs]),
            lengths=np.asarray([len(x) for x in ids], dtype=np.int64),
            done=done,
            ids=np.concatenate(ids),
            probs=np.concatenate(probs),
            gold=np.concatenate(gold),
        )
        tmp.replace(args.out)

    began, cpu = time.time(), time.process_time()
    order = np.random.default_rng(args.seed).permutation(len(docs))
    for k, i in enumerate(order, 1):
        if done[i]:
            continue
        _, p = tagger.proba(docs[i][1])
        probs[i] = p.astype(np.float16)
        done[i] = True
        if k % args.save == 0 or k == len(docs):
            write()
            print(
                f"{k}/{len(docs)} {time.time() - began:.0f}s wall "
                f"{time.process_time() - cpu:.0f}s CPU",
                flush=True,
            )
    write()
    print(f"{len(docs)} documents, {sum(len(x) for x in ids)} pieces -> {args.out}")


if __name__ == "__main__":
    main()
