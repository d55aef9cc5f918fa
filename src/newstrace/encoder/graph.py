"""The encoder's ONNX graph, built with ``onnx.helper`` from ``weights.Weights``.

Input ``inputs`` (pieces, hidden): the summed word, position and token-type embeddings of one
sequence, <s> and </s> included (``Weights.inputs``; the 4-bit vocabulary stays outside the
graph). Output ``last`` (pieces, hidden): the last layer's states. In between, what the
reference computes: the embedding layer norm, then twelve post-norm BERT layers (or the first
few of them, for a head trained on fewer: the quotes student) (the three
attention projections as one matrix, exact GELU through Erf). ONNX Runtime's optimiser fuses
the layer norms, GELU and bias additions on load.

``quantize`` makes the int8 variant: the weight matrices in int8 with a scale per output column,
the states quantized on the fly (ONNX Runtime's dynamic quantization), except the matrices that
do not survive it (``FLOAT_KEPT``)."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .weights import Weights

if TYPE_CHECKING:
    import onnx

OPSET = 17
IR_VERSION = 8
VERSION = 1  # bump when the graph changes: it is part of the cache key
# Matrices left in float32 by ``quantize``: every feed-forward output (its input, after GELU,
# has a few large values that one int8 scale per window cannot hold) and all of layers 4 and
# 5, whose outputs the tagger's labels depend on most (measured on PolNeAR dev, one layer
# quantized at a time: docs/quality.md)
FLOAT_KEPT = (".fo.", "l4.", "l5.")


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._n = 0

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def op(self, kind: str, *inputs: str, **attrs: Any) -> str:
        from onnx import helper

        self._n += 1
        out = f"{kind.lower()}{self._n}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], name=out, **attrs))
        return out


def build(weights: Weights, layers: int | None = None) -> onnx.ModelProto:
    """The graph of ``weights`` (with whatever updates were added to them), through its first
    ``layers`` layers (all of them by default: a student head reads fewer)."""
    import onnx
    from onnx import TensorProto, helper

    g = _Builder()
    h, heads, eps = weights.hidden, weights.heads, float(weights.eps)
    d = h // heads
    f32 = np.float32
    split_heads = g.const("split_heads", np.array([-1, heads, d], dtype=np.int64))
    join_heads = g.const("join_heads", np.array([-1, h], dtype=np.int64))
    scale = g.const("scale", np.array(1.0 / math.sqrt(d), dtype=f32))
    half = g.const("half", np.array(0.5, dtype=f32))
    one = g.const("one", np.array(1.0, dtype=f32))
    root2 = g.const("root2", np.array(math.sqrt(2.0), dtype=f32))
    sizes = g.const("qkv_sizes", np.array([h, h, h], dtype=np.int64))

    def norm(x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
        return g.op(
            "LayerNormalization",
            x,
            g.const(name + ".w", w.astype(f32)),
            g.const(name + ".b", b.astype(f32)),
            axis=-1,
            epsilon=eps,
        )

    def linear(x: str, w: np.ndarray, b: np.ndarray, name: str) -> str:
        y = g.op("MatMul", x, g.const(name + ".w", np.ascontiguousarray(w, dtype=f32)))
        return g.op("Add", y, g.const(name + ".b", b.astype(f32)))

    x = norm("inputs", *weights.norm0, "emb.ln")
    for i, ly in enumerate(weights.layers[:layers]):
        p = f"l{i}"
        qkv = linear(
            x,
            np.concatenate([ly["q"], ly["k"], ly["v"]], axis=1),
            np.concatenate([ly["q.b"], ly["k.b"], ly["v.b"]]),
            p + ".qkv",
        )
        g._n += 1
        q, k, v = (f"split{g._n}.{r}" for r in "qkv")
        g.nodes.append(
            helper.make_node("Split", [qkv, sizes], [q, k, v], name=f"split{g._n}", axis=1)
        )
        # (pieces, heads, d) -> (heads, pieces, d); k as (heads, d, pieces)
        qh = g.op("Transpose", g.op("Reshape", q, split_heads), perm=[1, 0, 2])
        kh = g.op("Transpose", g.op("Reshape", k, split_heads), perm=[1, 2, 0])
        vh = g.op("Transpose", g.op("Reshape", v, split_heads), perm=[1, 0, 2])
        att = g.op("Softmax", g.op("Mul", g.op("MatMul", qh, kh), scale), axis=-1)
        ctx = g.op(
            "Reshape", g.op("Transpose", g.op("MatMul", att, vh), perm=[1, 0, 2]), join_heads
        )
        out = linear(ctx, ly["ao"], ly["ao.b"], p + ".ao")
        x = norm(g.op("Add", x, out), ly["aln.w"], ly["aln.b"], p + ".aln")
        mid = linear(x, ly["fi"], ly["fi.b"], p + ".fi")
        gelu = g.op(
            "Mul", g.op("Mul", mid, half), g.op("Add", one, g.op("Erf", g.op("Div", mid, root2)))
        )
        out = linear(gelu, ly["fo"], ly["fo.b"], p + ".fo")
        x = norm(g.op("Add", x, out), ly["oln.w"], ly["oln.b"], p + ".oln")
    g.nodes.append(helper.make_node("Identity", [x], ["last"], name="last"))
    graph = helper.make_graph(
        g.nodes,
        "multilingual-e5-small",
        [helper.make_tensor_value_info("inputs", TensorProto.FLOAT, ["pieces", h])],
        [helper.make_tensor_value_info("last", TensorProto.FLOAT, ["pieces", h])],
        g.inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="newstrace"
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def quantize(model: onnx.ModelProto, out: Path) -> None:
    """Write the int8 variant of ``model`` (see ``FLOAT_KEPT``) to ``out``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    weights = {i.name for i in model.graph.initializer}
    kept = [
        n.name
        for n in model.graph.node
        if n.op_type == "MatMul"
        and (n.input[1] not in weights or any(k in n.input[1] for k in FLOAT_KEPT))
    ]
    # the quantizer logs advice about pre-processing through the root logger; the graph has
    # nothing for that pre-processing to do (its shapes are known and its nodes are plain)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(
            model,
            out,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            nodes_to_exclude=kept,
        )
    finally:
        root.setLevel(level)
