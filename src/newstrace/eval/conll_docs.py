"""Documents put back together from token-per-line NER files, so that gold annotations over
them (newstrace's Russian and Italian quote gold, tests/fixtures/quotes_ru_it) can address
their text by character offsets without storing it.

A document's text is the tokens of each sentence joined by one space, its sentences joined by
a newline. BSNLP's ``.conllu`` (``idx<TAB>token<TAB>tag``) marks documents with ``#DOCSTART``.
KIND's ``.tsv`` (``token<TAB>tag``) has no document boundaries; they are recovered by a fixed
rule: a sentence with no final punctuation (a Wikinews title) starts a new document once the
current one holds a sentence that has some, and a short lead ending in ":" just before it
("Ischia :") moves with it. Indices are addresses that this rule reproduces, nothing more."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EvalError

TERMINAL = (".", "!", "?", ";", ":", "»", '"', "”", "'", ")", "…", "“")


def _sentences(path: Path, column: int) -> list[list[list[str]]]:
    """Documents as lists of sentences of tokens; ``#DOCSTART`` lines split documents."""
    docs: list[list[list[str]]] = [[]]
    sentence: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#DOCSTART"):
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            docs.append([])
        elif not line.strip():
            if sentence:
                docs[-1].append(sentence)
            sentence = []
        else:
            sentence.append(line.split("\t")[column])
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def _split_titles(sentences: list[list[str]]) -> list[list[list[str]]]:
    starts: list[int] = []
    has_body = False  # the current document has a sentence with final punctuation
    for i, tokens in enumerate(sentences):
        titleish = not tokens[-1].endswith(TERMINAL)
        if i == 0:
            starts.append(0)
        elif titleish and has_body:
            lead = sentences[i - 1]
            short_lead = len(lead) <= 4 and lead[-1] == ":" and starts[-1] < i - 1
            starts.append(i - 1 if short_lead else i)
            has_body = False
            continue
        has_body = has_body or not titleish
    bounds = [*starts, len(sentences)]
    return [sentences[bounds[k] : bounds[k + 1]] for k in range(len(starts))]


def conll_documents(path: Path) -> list[str]:
    """The texts of the documents of a BSNLP ``.conllu`` or KIND ``.tsv`` file, in order."""
    if path.suffix == ".conllu":
        docs = _sentences(path, 1)
    else:
        docs = [d for whole in _sentences(path, 0) for d in _split_titles(whole)]
    return ["\n".join(" ".join(s) for s in d) for d in docs]


def eval_root(data: Path) -> Path:
    """``shared/eval`` beside the checkout that holds ``data``, else beside the working folder."""
    for folder in [data.resolve(), *data.resolve().parents, Path.cwd()]:
        candidate = folder.parent / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    raise EvalError("../shared/eval not found: the gold's source texts are read from there")


def offset_gold(
    data: Path, prefix: str, what: str, keys: tuple[str, ...] = (), root: Path | None = None
) -> Iterator[tuple[dict[str, Any], str]]:
    """The records of a gold kept as offsets into texts of ``../shared/eval`` (a ``prefix``-*.jsonl
    file or a folder of them: ``source`` a BSNLP or KIND file, ``doc`` the document's index in it,
    ``text_sha1`` the annotated text's hash), each with its rebuilt text. A record without
    ``source``, ``doc`` or one of ``keys``, or whose text is not the annotated one, is an error
    naming its line."""
    files = sorted(data.glob(f"{prefix}-*.jsonl")) if data.is_dir() else [data]
    root = root or eval_root(data)
    texts: dict[str, list[str]] = {}
    for path in files:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                source, index = r["source"], int(r["doc"])
                for key in keys:
                    r[key]
            except (ValueError, KeyError, TypeError) as e:
                raise EvalError(f"{path}:{n}: not {what} record ({e})") from e
            if source not in texts:
                if not (root / source).is_file():
                    raise EvalError(f"{path}:{n}: source text {root / source} not found")
                texts[source] = conll_documents(root / source)
            text = texts[source][index] if index < len(texts[source]) else ""
            if hashlib.sha1(text.encode("utf-8")).hexdigest() != r.get("text_sha1"):
                raise EvalError(f"{path}:{n}: {source} document {index} is not the annotated text")
            yield r, text
