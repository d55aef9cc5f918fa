"""Quote attribution on newstrace's own Russian and Italian gold (tests/fixtures/quotes_ru_it:
speech quotes with speakers, annotated by hand over BSNLP-2017 Russian news and KIND Italian
Wikinews; its README says how).

The gold keeps offsets, short strings and a SHA-1 of each document, never the text (the
sources' licences): the text is put back together from ``../shared/eval`` by
newstrace.eval.conll_docs and checked against the hash. Every listed document is annotated
completely, so precision is meaningful. Scored as PolNeAR is (newstrace.eval.quotes): contents
match on half the longer one's words, one to one; speaker accuracy over matched quotes whose
speaker the text names at the cue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError
from .conll_docs import offset_gold
from .quotes import GoldAttribution, Tally, predicted_of, quote_documents


@dataclass(frozen=True, slots=True)
class GoldQuoteDoc:
    name: str
    lang: str
    text: str
    quotes: list[GoldAttribution]


def is_quote_gold(data: Path) -> bool:
    """A quotes-*.jsonl file of this gold, or a folder of them."""
    if data.is_dir():
        return any(data.glob("quotes-*.jsonl"))
    return data.suffix == ".jsonl"


def read_quote_gold(
    data: Path, root: Path | None = None, limit: int | None = None
) -> list[GoldQuoteDoc]:
    """The documents of ``data`` (a file or a folder of quotes-*.jsonl), their texts rebuilt from
    ``root`` (``../shared/eval`` beside the repository, by default the eval folder above the
    sources named in the records)."""
    docs = [
        GoldQuoteDoc(
            f"{r['lang']}:{r['source']}:{int(r['doc'])}",
            r["lang"],
            text,
            [_gold(q) for q in r.get("quotes", [])],
        )
        for r, text in offset_gold(data, "quotes", "a quote gold", ("lang",), root)
    ]
    return docs[:limit] if limit else docs


def _gold(q: dict[str, Any]) -> GoldAttribution:
    def span(key: str) -> tuple[tuple[int, int], ...]:
        start = q.get(f"{key}_start")
        return () if start is None else ((start, start + len(q[key])),)

    return GoldAttribution(span("content"), span("cue"), span("speaker"))


def evaluate_quote_gold(
    data: Path,
    *,
    limit: int | None = None,
    kinds: str = "speech",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Precision, recall, F1 and speaker accuracy per language and over all, of what the
    default lists show (``kinds="speech"``: speech with a speaker) or of every quote
    (``"all"``); the gold is speech either way."""
    from ..quotes.kinds import is_listed
    from .quotes import SCORED

    if kinds not in SCORED:
        raise EvalError(f"--kinds must be one of {', '.join(SCORED)}, not {kinds!r}")
    gold = read_quote_gold(data, limit=limit)
    if not gold:
        raise EvalError(f"no annotated documents in {data}")
    tallies: dict[str, Tally] = {}
    everything = Tally()
    analysed = quote_documents([(g.name, g.lang, g.text) for g in gold])
    for g, doc in zip(gold, analysed, strict=True):
        names = {m.id: m.text for m in doc.mentions + doc.sources}
        listed = [q for q in doc.quotes if kinds == "all" or is_listed(q)]
        predicted = [predicted_of(q, names) for q in listed]
        tallies.setdefault(g.lang, Tally()).add(g.text, g.quotes, predicted)
        everything.add(g.text, g.quotes, predicted)
        if progress is not None:
            progress(1, len(gold))
    # the gold's contents leave out their quotation marks, so no direct/indirect split here
    return (
        {"task": "quotes", "n": len(gold), "split": data.name, "kinds": kinds}
        | _overall(everything)
        | {"languages": {lang: _overall(t) for lang, t in sorted(tallies.items())}}
    )


def _overall(tally: Tally) -> dict[str, Any]:
    return {k: v for k, v in tally.result().items() if k not in ("direct", "indirect")}
