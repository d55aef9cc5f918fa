"""Train the student attribution tagger shipped in src/newstrace/models/quotes/ (student.npz):
the lower layers of the teacher (tagger.npz) on longer windows, distilled from the teacher.

    pip install torch==2.13.0        # training only: newstrace runs the result with ONNX Runtime

and the commands at the end of this text.

The teacher reads an article with all twelve layers of multilingual-e5-small, in windows of 254
pieces every 128 (each piece encoded about twice). The student is the teacher's first
``--layers`` layers (its low-rank updates merged into them), a new set of low-rank updates on
those layers above the lowest ``--frozen`` (rank ``--rank``, alpha twice the rank) with trained
layer norms, and a new linear head on the last of them. The frozen layers are run by ONNX
Runtime without gradients, about four times cheaper than torch. It reads windows of 510 pieces (the encoder's longest), so at run time
(a window every 382 pieces, 64 pieces of context each side) each piece is encoded about 1.3
times instead of 2 and by a third of the layers.

Targets (training/quotes/teacher_targets.py, cached): for every piece the teacher's
probabilities of O, B, I per role (Content, Cue, Source) as the shipped tagger reads the
article, and PolNeAR's gold labels where there are any. The loss per piece and role is
``--soft`` x the cross-entropy to the teacher's probabilities (the KL divergence plus a
constant) + (1 - ``--soft``) x the cross-entropy to the gold label where there is one.

Training windows: each article in windows of 510 pieces without overlap, the first window's end
drawn anew every epoch (between 255 and 510 pieces), so that the pieces meet different
context across epochs. AdamW (weight decay 0.01, 6% warm-up then linear decay), gradients
clipped at 1.0, dropout 0.1, batches of ``--batch`` windows, seed 13. The run stops after
``--epochs`` or ``--steps``, and the model is exported every ``--save`` steps and at the end
(the last export is the model, whatever it scores). No dev data is read: the student is
measured with ``newstrace eval quotes`` on PolNeAR dev after training.

The shipped student (models/quotes/card.md has its log and scores) was trained with these
two running side by side; the first was stopped after 75 articles to leave the CPU to the
second, which read the targets again every 20 steps:

    OMP_NUM_THREADS=1 PYTHONPATH=src python training/quotes/teacher_targets.py \
        --polnear ../shared/eval/quotes/polnear/train --out targets/polnear-train.npz
    OMP_NUM_THREADS=2 PYTHONPATH=src python training/quotes/student.py \
        --targets targets/polnear-train.npz --out src/newstrace/models/quotes \
        --layers 4 --frozen 3 --rank 32 --lr 1e-3 --batch 4 --steps 240 --save 10 \
        --reload 20 --threads 2

The student shipped now went on from that one (``--init``: its own factors, layer norms and
head; the LR schedule starts again) while the teacher read on (``--resume``), for 120 and then
320 steps, and its reported-speech threshold was chosen on PolNeAR train:

    OMP_NUM_THREADS=1 PYTHONPATH=src python training/quotes/teacher_targets.py --resume \
        --polnear ../shared/eval/quotes/polnear/train --out targets/polnear-train.npz
    OMP_NUM_THREADS=1 PYTHONPATH=src python training/quotes/student.py \
        --targets targets/polnear-train.npz --out run2 --init src/newstrace/models/quotes/student.npz \
        --layers 4 --frozen 3 --rank 32 --lr 5e-4 --batch 4 --steps 120 --save 10 \
        --reload 20 --threads 1 --seed 14
    (the same with --out run4 --init run2/student.npz --steps 320 --save 20 --seed 15)
    python training/quotes/reported_threshold.py ../shared/eval/quotes/polnear \
        --model run4/student.npz --sample 80 --write

A longer run (all the teacher's targets first, ``--frozen 0``, ``--epochs`` instead of
``--steps``) is what the card says the student still needs."""

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
from lora import Layers, Optimiser, options, seed_all

from newstrace.encoder import Encoder as Runtime
from newstrace.encoder.reference import Encoder
from newstrace.encoder.weights import WEIGHTS
from newstrace.quotes.tagger import ROLES

SPAN = 510  # pieces per training window, without <s> and </s>
STEP = 382  # at run time a window starts every STEP pieces: 64 pieces of context each side


def read_targets(paths: list[Path]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(ids, teacher probabilities (pieces, roles, 3), gold (pieces, roles)) per document."""
    docs = []
    for path in paths:
        with np.load(path) as z:
            ends = np.cumsum(z["lengths"])
            ids, probs, gold = z["ids"], z["probs"], z["gold"]
        start = 0
        for end in ends:
            docs.append((ids[start:end], probs[start:end], gold[start:end]))
            start = end
    return docs


def teacher_read(paths: list[Path]) -> int:
    """How many documents the teacher has read in these files."""
    total = 0
    for path in paths:
        with np.load(path) as z:
            total += int(z["done"].sum()) if "done" in z.files else len(z["lengths"])
    return total


def windows(docs: list, rng: np.random.Generator) -> list[tuple[int, int, int]]:
    """(document, start, stop) of this epoch's windows: no overlap, the first one's end drawn
    between SPAN / 2 and SPAN."""
    out = []
    for d, (ids, _, _) in enumerate(docs):
        n = len(ids)
        cut = int(rng.integers(SPAN // 2, SPAN + 1))
        starts = [0, *range(cut, n, SPAN)] if n > SPAN else [0]
        for a, b in zip(starts, [*starts[1:], n], strict=True):
            out.append((d, a, b))
    return out


def teacher_lower(layers: Layers, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Merge the teacher's updates of these layers into their frozen weights (a copy) and set
    their layer norms; returns those updates, which the export puts before the student's."""
    kept: dict[str, np.ndarray] = {}
    with torch.no_grad():
        for i, m in enumerate(layers.layers, layers.start):
            base = layers.enc.layers[i]
            for name in ("aln", "oln"):
                for part in ("w", "b"):
                    value = base[f"{name}.{part}"] + params[f"l{i}.{name}.{part}"]
                    getattr(m[name], "weight" if part == "w" else "bias").copy_(
                        torch.from_numpy(value)
                    )
            for w in WEIGHTS:
                a = params[f"l{i}.{w}.lora_a"].astype(np.float32)
                b = params[f"l{i}.{w}.lora_b"].astype(np.float32)
                kept[f"l{i}.{w}.lora_a"], kept[f"l{i}.{w}.lora_b"] = a, b
                lora = m[w]
                lora.w = nn.Parameter(lora.w.detach() + torch.from_numpy(a @ b), False)
                nn.init.normal_(lora.a, std=1 / np.sqrt(lora.a.shape[0]))
                nn.init.zeros_(lora.bb)
    return kept


class Student(nn.Module):
    """The teacher's first ``layers`` layers and a new head. The lowest ``frozen`` of them stay
    as the teacher has them: run by ONNX Runtime (``newstrace.encoder``, float32, the
    teacher's updates merged), without gradients, about four times cheaper than torch; the
    others get new low-rank updates on top of the teacher's."""

    def __init__(
        self, enc: Encoder, teacher: dict[str, np.ndarray], layers: int, frozen: int, rank: int
    ) -> None:
        super().__init__()
        self.frozen = frozen
        self.lower = None
        if frozen:
            updates = {
                k: v
                for k, v in teacher.items()
                if k[1:2].isdigit() and int(k[1 : k.index(".")]) < frozen
            }
            self.lower = Runtime(updates, int8=False, layers=frozen)
        self.upper = Layers(enc, rank, 2.0 * rank, start=frozen, stop=layers)
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(enc.hidden, 3 * len(ROLES)))

    def forward(self, batch: list[list[int]]) -> torch.Tensor:
        if self.lower is None:
            x, pad = self.upper.embed(batch)
        else:
            size, length = len(batch), max(len(ids) for ids in batch)
            x = torch.zeros(size, length, self.upper.enc.hidden)
            pad = torch.zeros(size, length)
            for i, ids in enumerate(batch):
                x[i, : len(ids)] = torch.from_numpy(self.lower.last(ids[1:-1]))
                pad[i, : len(ids)] = 1
        size, length = pad.shape
        return self.head(self.upper(x, pad)).view(size, length, len(ROLES), 3)


def warm_start(model: Student, kept: dict[str, np.ndarray], path: Path) -> None:
    """Start from an exported student (``export``'s layout, the same ``--layers`` and
    ``--rank``): its own low-rank factors (after the teacher's), layer norms and head. A layer
    it left frozen (a lower ``--frozen`` now) starts as the teacher has it."""
    with np.load(path) as z:
        saved = {k: z[k] for k in z.files}
    if int(saved["layers"]) != model.frozen + len(model.upper.layers):
        raise SystemExit(f"{path} has {int(saved['layers'])} layers, not this student's")
    with torch.no_grad():
        for i, m in enumerate(model.upper.layers, model.upper.start):
            base = model.upper.enc.layers[i]
            for w in WEIGHTS:
                lora, r = m[w], kept[f"l{i}.{w}.lora_a"].shape[1]
                if saved[f"l{i}.{w}.lora_a"].shape[1] == r:
                    continue
                a = saved[f"l{i}.{w}.lora_a"][:, r:].astype(np.float32) / lora.scale
                lora.a.copy_(torch.from_numpy(a))
                lora.bb.copy_(torch.from_numpy(saved[f"l{i}.{w}.lora_b"][r:].astype(np.float32)))
            for name in ("aln", "oln"):
                for part in ("w", "b"):
                    value = base[f"{name}.{part}"] + saved[f"l{i}.{name}.{part}"]
                    getattr(m[name], "weight" if part == "w" else "bias").copy_(
                        torch.from_numpy(value)
                    )
        head = model.head[1]
        head.weight.copy_(torch.from_numpy(saved["head.w"].T.copy()))
        head.bias.copy_(torch.from_numpy(saved["head.b"]))


def targets(docs: list, chosen: list[tuple[int, int, int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """The teacher's probabilities (batch, length, roles, 3) and gold (batch, length, roles) of
    these windows, with <s> and </s> (gold -100, probabilities 0 there and in padding)."""
    length = max(b - a for _, a, b in chosen) + 2
    soft = torch.zeros(len(chosen), length, len(ROLES), 3)
    gold = torch.full((len(chosen), length, len(ROLES)), -100, dtype=torch.long)
    for i, (d, a, b) in enumerate(chosen):
        _, probs, labels = docs[d]
        soft[i, 1 : b - a + 1] = torch.from_numpy(probs[a:b].astype(np.float32))
        gold[i, 1 : b - a + 1] = torch.from_numpy(labels[a:b].astype(np.int64))
    return soft, gold


def loss_of(logits: torch.Tensor, soft: torch.Tensor, gold: torch.Tensor, w: float) -> torch.Tensor:
    """``w`` x the cross-entropy to the teacher's probabilities (where the teacher has read
    the piece) + (1 - ``w``) x the cross-entropy to gold (where there is gold); either alone
    where the batch has only one."""
    logp = logits.float().log_softmax(-1)
    has = soft.sum(-1) > 0
    parts = []
    if bool(has.any()):
        parts.append((w, -(soft * logp).sum(-1)[has].mean()))
    if bool((gold >= 0).any()):
        parts.append((1 - w, F.nll_loss(logp.reshape(-1, 3), gold.reshape(-1), ignore_index=-100)))
    weight = sum(p[0] for p in parts)
    return sum(p[0] * p[1] for p in parts) / weight  # type: ignore[return-value]


def export(
    model: Student, teacher: dict[str, np.ndarray], kept: dict[str, np.ndarray], path: Path
) -> None:
    """The teacher's updates of the frozen layers as they are; of the others, the teacher's
    and the student's, as one low-rank update per
    matrix (their factors concatenated, so the product is the sum), the layer norms and the
    head: the layout ``newstrace.encoder.Tuned`` reads."""
    out = {
        k: v.astype(np.float16) if "lora" in k else v
        for k, v in teacher.items()
        if k[1:2].isdigit() and int(k[1 : k.index(".")]) < model.upper.start
    }
    out |= model.upper.export()
    for key in [k for k in out if int(k[1 : k.index(".")]) >= model.upper.start]:
        if key.endswith(".lora_a"):
            other = key[: -len("lora_a")] + "lora_b"
            a = np.concatenate([kept[key], out[key].astype(np.float32)], axis=1)
            b = np.concatenate([kept[other], out[other].astype(np.float32)], axis=0)
            out[key], out[other] = a.astype(np.float16), b.astype(np.float16)
    head = model.head[1]
    out["head.w"] = head.weight.detach().numpy().T.astype(np.float32)
    out["head.b"] = head.bias.detach().numpy().astype(np.float32)
    out["layers"] = np.asarray(model.frozen + len(model.upper.layers))
    out["window"], out["step"] = np.asarray(SPAN), np.asarray(STEP)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part.npz")
    np.savez_compressed(tmp, **out)
    tmp.replace(path)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--targets", type=Path, nargs="+", required=True, help="teacher_targets.py's .npz files"
    )
    ap.add_argument("--out", type=Path, required=True, help="folder for student.npz")
    ap.add_argument("--teacher", type=Path, default=Path("src/newstrace/models/quotes/tagger.npz"))
    options(ap, epochs=1)
    ap.add_argument("--layers", type=int, default=4, help="the teacher's lower layers kept")
    ap.add_argument(
        "--frozen", type=int, default=0, help="of those, the lowest left as the teacher has them"
    )
    ap.add_argument("--soft", type=float, default=0.5, help="weight of the teacher's probabilities")
    ap.add_argument("--steps", type=int, default=None, help="stop after this many batches")
    ap.add_argument("--save", type=int, default=25, help="export every this many batches")
    ap.add_argument("--init", type=Path, help="go on from this exported student.npz")
    ap.add_argument("--bf16", action="store_true", help="matrix products in bfloat16")
    ap.add_argument(
        "--reload",
        type=int,
        default=0,
        help="read the targets again every this many batches (while the teacher still writes them)",
    )
    args = ap.parse_args()
    rng = seed_all(args)
    enc = Encoder()
    docs = read_targets(args.targets)
    with np.load(args.teacher) as z:
        teacher = {k: z[k] for k in z.files}
    model = Student(enc, teacher, args.layers, args.frozen, args.rank)
    kept = teacher_lower(model.upper, teacher)
    if args.init is not None:
        warm_start(model, kept, args.init)
    per_epoch = -(-len(windows(docs, np.random.default_rng(0))) // args.batch)
    steps = args.steps or args.epochs * per_epoch
    print(
        f"{len(docs)} documents ({teacher_read(args.targets)} read by the teacher), about "
        f"{per_epoch} batches per epoch, {steps} steps",
        flush=True,
    )
    opt = Optimiser(model, args.lr, steps)
    out = args.out / "student.npz"
    step, began = 0, time.time()
    while step < steps:
        model.train()
        chosen = windows(docs, rng)
        order = rng.permutation(len(chosen))
        total = 0.0
        for i in range(0, len(order), args.batch):
            batch = [chosen[j] for j in order[i : i + args.batch]]
            soft, gold = targets(docs, batch)
            ids = [[enc.bos, *docs[d][0][a:b].tolist(), enc.eos] for d, a, b in batch]
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(ids)
            total += opt.step(loss_of(logits, soft, gold, args.soft))
            step += 1
            if args.reload and step % args.reload == 0:
                docs = read_targets(args.targets)
                print(f"targets read again: {teacher_read(args.targets)} documents", flush=True)
            if step % 5 == 0 or step == 1:
                print(
                    f"step {step}/{steps} loss {total / (i // args.batch + 1):.4f} {time.time() - began:.0f}s",
                    flush=True,
                )
            if step % args.save == 0:
                export(model, teacher, kept, out)
            if step >= steps:
                break
    export(model, teacher, kept, out)
    print(f"-> {out}")


if __name__ == "__main__":
    main()
