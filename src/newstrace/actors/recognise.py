"""Mention recognisers by language, and the gazetteer that completes them.

- English and Italian: the compact spaCy NER pipelines shipped in ``newstrace/models``
  (trained with training/ner/train.py on CoNLL-2003 and KIND; labels PER, ORG, LOC, MISC).
  Each runs on its own vocabulary (the one it was trained with) beside the language's spaCy
  pipeline, whose parse tidies its entities and whose own entities fill the gaps.
- Russian: natasha (slovnet NER), whose normal forms put inflected names in the nominative.
- Every language: knowledge-base names matched as phrases. A gazetteer match replaces the
  model's entities it covers when it is longer ("Brothers of Italy" over "Italy") and fills
  gaps elsewhere; it never cuts a longer model entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..kb import KnowledgeBase

# KB type -> the label a gazetteer match gets.
KB_LABELS = {
    "person": "PER",
    "party": "ORG",
    "organization": "ORG",
    "state": "LOC",
    "place": "LOC",
}


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # characters
    end: int
    label: str
    normal: str | None = None  # the recogniser's normal form (natasha), else None
    kb: str | None = None  # knowledge-base entry id when the gazetteer found it


def shipped_model_path(lang: str) -> Path:
    return Path(str(resources.files("newstrace").joinpath("models", f"ner_{lang}")))


@lru_cache(maxsize=8)
def load_ner(lang: str, choice: str) -> Any:
    """The chosen NER pipeline for a language, loaded once; None for "spacy" (the language
    pipeline's own entities then stand alone)."""
    import spacy

    if choice == "spacy":
        return None
    path = shipped_model_path(lang) if choice == "newstrace" else Path(choice)
    try:
        return spacy.load(path)
    except (OSError, ValueError) as e:
        raise PipelineError(
            f"cannot load the {lang} NER model {choice!r} ({path}): {e}", code="NT411"
        ) from e


# Recogniser labels as CoNLL types: spaCy's OntoNotes ones mapped, CoNLL's kept; the rest
# (dates, numbers) are not names.
CONLL_LABELS = {
    "PER": "PER",
    "MISC": "MISC",
    "PERSON": "PER",
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
}
_FUNCTION_POS = frozenset({"ADP", "CCONJ", "DET", "PUNCT", "SPACE", "PART"})
# Capitalised particles that open a surname ("Di Stefano", "Van Rompuy", "De Croo").
PARTICLES = frozenset(
    {"Di", "De", "Da", "Del", "Della", "Van", "Von", "Le", "La", "Al", "El", "Dos", "Du", "Ten"}
)


def tidy(doc: Any, ent: Any) -> tuple[int, int] | None:
    """Token bounds of an entity without function words at its edges or a line break inside;
    None when nothing is left or (where the pipeline tags parts of speech) no word of it is a
    proper noun, a number or in capitals (a capitalised "Historically" opening a sentence)."""
    start, end = ent.start, ent.end
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + 1 if doc[i].text.strip() else i
            break
    while start < end and doc[start].pos_ in _FUNCTION_POS and doc[start].text.islower():
        start += 1  # "of the Left" -> "the Left"... but "Di Stefano" keeps its particle
    while end > start and doc[end - 1].pos_ in _FUNCTION_POS:
        end -= 1
    if start > 0 and doc[start - 1].text in PARTICLES and doc[start].text[:1].isupper():
        start -= 1
    if start >= end:
        return None
    tagged = doc.has_annotation("TAG")
    if tagged and not any(
        t.pos_ in ("PROPN", "NUM") or (t.is_upper and len(t) > 1) for t in doc[start:end]
    ):
        return None
    return start, end


def model_spans(doc: Any, ner_doc: Any | None) -> list[Span]:
    """The chosen recogniser's entities (``ner_doc``: the same text run through the shipped
    model's own pipeline, whose vocabulary it was trained with), tidied over ``doc``'s parse,
    then completed by ``doc``'s own entities where they overlap nothing (lending their label
    to a MISC on the very same span). Without ``ner_doc``, ``doc``'s entities alone."""
    spans: list[Span] = []
    for ent in ner_doc.ents if ner_doc is not None else ():
        part = doc.char_span(ent.start_char, ent.end_char, alignment_mode="expand")
        bounds = tidy(doc, part) if part is not None else None
        if bounds:
            part = doc[bounds[0] : bounds[1]]
            spans.append(Span(part.start_char, part.end_char, ent.label_))
    for ent in doc.ents:
        label = CONLL_LABELS.get(ent.label_, ent.label_)
        bounds = tidy(doc, ent)
        if bounds is None:
            continue
        part = doc[bounds[0] : bounds[1]]
        start, end = part.start_char, part.end_char
        overlapping = [s for s in spans if s.start < end and start < s.end]
        if not overlapping:
            spans.append(Span(start, end, label))
        elif len(overlapping) == 1 and overlapping[0].label == "MISC" and label != "MISC":
            same = overlapping[0]
            if (same.start, same.end) == (start, end):
                spans[spans.index(same)] = Span(start, end, label)
    return sorted(spans, key=lambda s: s.start)


class Natasha:
    """Russian mentions with natasha: spans with their nominative normal form."""

    def __init__(self) -> None:
        try:
            from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
        except ImportError as e:  # pragma: no cover - natasha is a dependency
            raise PipelineError(
                "natasha is not installed: pip install natasha", code="NT410"
            ) from e
        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.ner = NewsNERTagger(embedding)
        self.morph = NewsMorphTagger(embedding)
        self.vocab = MorphVocab()

    def __call__(self, text: str) -> list[Span]:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        doc.tag_morph(self.morph)
        spans = []
        for span in doc.spans:
            try:
                span.normalize(self.vocab)
                normal = span.normal
            except Exception:  # natasha's normaliser fails on rare token shapes
                normal = None
            spans.append(Span(span.start, span.stop, span.type, normal or None))
        return spans


@lru_cache(maxsize=1)
def natasha() -> Natasha:
    return Natasha()


class Gazetteer:
    """Knowledge-base names as spaCy phrase patterns: as written (case-sensitive), and
    lower-cased for names of two words or more (translations lower-case at random:
    "five star Movement")."""

    def __init__(self, kb: KnowledgeBase, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.kb = kb
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        make = nlp.make_doc
        for entry in kb:
            exact, lower = [], []
            names = set(entry.names())
            names |= {n.replace("'", "’") for n in names if "'" in n}
            for name in names:
                if len(name) < 2 or not any(c.isupper() for c in name):
                    continue
                doc = make(name)
                exact.append(doc)
                if len(doc) >= 2 and not name.lower().startswith("the "):
                    lower.append(make(name.lower()))
            if exact:
                self.exact.add(entry.id, exact)
            if lower:
                self.lower.add(entry.id, lower)

    def __call__(self, doc: Any) -> list[Span]:
        found = {}
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                entry = self.kb.entries[doc.vocab.strings[match_id]]
                key = (span.start_char, span.end_char)
                if key not in found:
                    found[key] = Span(*key, KB_LABELS[entry.type], kb=entry.id)
        # longest first, then leftmost; drop overlaps
        chosen: list[Span] = []
        for span in sorted(found.values(), key=lambda s: (-(s.end - s.start), s.start)):
            if all(span.end <= c.start or span.start >= c.end for c in chosen):
                chosen.append(span)
        return sorted(chosen, key=lambda s: s.start)


def merge(model: list[Span], gazetteer: list[Span]) -> list[Span]:
    """Model spans completed by gazetteer spans: a gazetteer span that covers model spans and
    is longer replaces them; one overlapping a longer or partly overlapping model span loses;
    one overlapping nothing is added."""
    out = list(model)
    for g in gazetteer:
        overlapping = [m for m in out if m.start < g.end and g.start < m.end]
        if not overlapping:
            out.append(g)
        elif all(g.start <= m.start and m.end <= g.end for m in overlapping):
            same = [m for m in overlapping if (m.start, m.end) == (g.start, g.end)]
            for m in overlapping:
                out.remove(m)
            # the model's label and normal form win on an exact tie, the KB id is added
            base = same[0] if same else g
            out.append(Span(g.start, g.end, base.label, base.normal, g.kb))
    return sorted(out, key=lambda s: s.start)
