"""NER on CoNLL-style IOB2 files (``idx token tag`` or ``token<TAB>tag``): the entities stage's
mentions (recogniser + knowledge-base gazetteer) scored on exact spans per type (PER, ORG, LOC,
MISC), micro-averaged. Labels are mapped with ``actors.recognise.CONLL_LABELS`` (spaCy's
OntoNotes PERSON->PER, GPE/LOC/FAC->LOC, NORP/EVENT/...->MISC) and gazetteer matches take their
knowledge-base type; dates and numbers are not entities here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EvalError

TYPES = ("PER", "ORG", "LOC", "MISC")
Span = tuple[int, int, str]


def read_conll(path: Path, docs: list[int] | None = None) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences as (tokens, IOB2 tags). ``docs``, when given, receives the document number
    of each sentence (documents start at -DOCSTART- / #DOCSTART lines)."""
    tokens: list[str] = []
    tags: list[str] = []
    doc = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 1:
                parts = line.split()
            if "DOCSTART" in line or not line.strip() or len(parts) < 2:
                if tokens:
                    if docs is not None:
                        docs.append(doc)
                    yield tokens, tags
                tokens, tags = [], []
                doc += "DOCSTART" in line
                continue
            token, tag = parts[-2], parts[-1]
            tokens.append(token)
            tags.append(tag if tag[:2] in ("B-", "I-") else "O")
    if tokens:
        if docs is not None:
            docs.append(doc)
        yield tokens, tags


def spans_from_tags(tags: list[str]) -> set[Span]:
    spans: set[Span] = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            spans.add((start, i, str(label)))
            start, label = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def score(
    gold: list[set[Span]], predicted: list[set[Span]], types: tuple[str, ...]
) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        for span in p:
            (tp if span in g else fp)[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1

    def prf(t: int, f_p: int, f_n: int) -> dict[str, float]:
        precision = t / (t + f_p) if t + f_p else 0.0
        recall = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}

    per_type = {t: {**prf(tp[t], fp[t], fn[t]), "support": tp[t] + fn[t]} for t in types}
    micro = prf(sum(tp[t] for t in types), sum(fp[t] for t in types), sum(fn[t] for t in types))
    core = ("PER", "ORG", "LOC")
    micro_core = prf(sum(tp[t] for t in core), sum(fp[t] for t in core), sum(fn[t] for t in core))
    return {**micro, "f1_per_org_loc": micro_core["f1"], "per_type": per_type}


def evaluate_ner(
    data: Path,
    *,
    limit: int | None = None,
    lang: str | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Score the entities stage (recogniser + knowledge-base gazetteer) on IOB2 gold.
    ``lang`` defaults from the path (conll03-en, kind-it, bsnlp/ru); ``model`` names another
    recogniser for that language (see the ``[actors]`` settings)."""
    from dataclasses import replace

    from ..actors.recognise import CONLL_LABELS, KB_LABELS
    from ..settings import load_settings
    from ..stages.entities import TidyEntitiesStage

    files = sorted(data.glob("*.conllu")) + sorted(data.glob("*.tsv")) if data.is_dir() else [data]
    if not files:
        raise EvalError(f"no CoNLL files (*.conllu, *.tsv) in {data}")
    lang = lang or guess_lang(data)
    sentences: list[list[str]] = []
    gold: list[set[Span]] = []
    doc_of: list[int] = []
    for n, path in enumerate(files):
        numbers: list[int] = []
        for tokens, tags in read_conll(path, numbers):
            sentences.append(tokens)
            gold.append(spans_from_tags(tags))
            doc_of.append(n * 100_000 + numbers[-1])
            if limit and len(sentences) >= limit:
                break
    settings = load_settings()
    if model:
        settings = replace(settings, actors=replace(settings.actors, **{f"ner_{lang}": model}))  # type: ignore[arg-type]
    stage = TidyEntitiesStage(settings)
    texts = [" ".join(t) for t in sentences]
    predicted = []
    for tokens, (_, spans) in zip(sentences, stage.parse(lang, texts), strict=True):
        starts, ends, pos = {}, {}, 0
        for i, token in enumerate(tokens):
            starts[pos] = i
            ends[pos + len(token)] = i + 1
            pos += len(token) + 1
        found: set[Span] = set()
        for span in spans:
            label = (
                (CONLL_LABELS.get(span.label, "") if span.metonym else "")
                or KB_LABELS.get(stage.types.get(span.kb or "", ""), "")
                or CONLL_LABELS.get(span.label, "")
            )
            if label and span.start in starts and span.end in ends:
                found.add((starts[span.start], ends[span.end], label))
        predicted.append(found)
    types = TYPES if any(g[2] == "MISC" for spans in gold for g in spans) else TYPES[:3]
    document_level = "bsnlp" in {p.lower() for p in data.resolve().parts}
    if document_level:
        gold, predicted = (
            by_document(sentences, doc_of, gold),
            by_document(sentences, doc_of, predicted),
        )
    return {
        "task": "ner",
        "n": len(sentences),
        "lang": lang,
        "model": settings.ner_for(lang) or "gazetteer",
        "scoring": "document names" if document_level else "mentions",
        **score(gold, predicted, types),
    }


def by_document(
    sentences: list[list[str]], doc_of: list[int], spans: list[set[Span]]
) -> list[set[Span]]:
    """BSNLP's scoring: the set of distinct (name, type) per document, not every mention
    (its annotators marked names per document). Names are compared case-folded; the token
    positions become 0 so that equal names compare equal."""
    docs: dict[int, set[Span]] = {}
    for tokens, doc, found in zip(sentences, doc_of, spans, strict=True):
        names = docs.setdefault(doc, set())
        for start, end, label in found:
            names.add((0, hash(" ".join(tokens[start:end]).casefold()), label))
    return list(docs.values())


def guess_lang(data: Path) -> str:
    parts = {p.lower() for p in data.resolve().parts}
    for lang in ("en", "it", "ru", "pl", "de", "fr", "es"):
        if any(p == lang or p.endswith(f"-{lang}") for p in parts):
            return lang
    return "en"
