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

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..kb import KnowledgeBase
from ..text import name_key

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
    metonym: bool = False  # the name is the entry's metonym ("Brussels" for the EU), a place


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


# Words that cannot be inside a name: a name ends before them ("Комиссии замещается новым",
# "Совет скоро"). Participles (VERB with VerbForm=Part) can ("Идущие вместе").
_CLAUSE_POS = frozenset({"AUX", "ADV", "SCONJ", "PRON"})
_EDGE_POS = frozenset({"PUNCT", "ADP", "CCONJ", "PART", "SYM"})
_OPENING_POS = frozenset({"PUNCT", "CCONJ", "SYM"})  # "ван Тихелен" keeps its particle


def name_pieces(tokens: list[Any]) -> list[list[Any]]:
    """The names in a recognised span's tokens (natasha tokens with ``text``, ``pos`` and
    ``feats``): the span ends before the first word that cannot be part of a name (a verb
    other than a participle, an adverb, a pronoun); a parenthesis splits it into the name and the acronym or
    name inside ("Европейская комиссия ( ЕК )" -> "Европейская комиссия", "ЕК"); punctuation
    is trimmed from the edges, function words from the end, and a piece without a capital is
    dropped ("( представительство в")."""
    for i, token in enumerate(tokens[1:], start=1):
        verb = token.pos == "VERB" and (token.feats or {}).get("VerbForm") != "Part"
        if verb or token.pos in _CLAUSE_POS:
            tokens = tokens[:i]
            break
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.text in ("(", ")"):
            parts.append([])
        else:
            parts[-1].append(token)
    pieces = []
    for part in parts:
        while part and part[0].pos in _OPENING_POS:
            part = part[1:]
        while part and part[-1].pos in _EDGE_POS:
            part = part[:-1]
        if any(t.text[:1].isupper() for t in part):
            pieces.append(part)
    return pieces


class Natasha:
    """Russian mentions with natasha: spans with their nominative normal form. With
    ``pieces``, each span is cut into the names it holds (``name_pieces``)."""

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

    def __call__(self, text: str, *, pieces: bool = False) -> list[Span]:
        from natasha import Doc
        from natasha.doc import DocSpan

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        doc.tag_morph(self.morph)
        found = []
        for span in doc.spans:
            parts = [span]
            if pieces:
                parts = [
                    DocSpan(p[0].start, p[-1].stop, span.type, text[p[0].start : p[-1].stop], p)
                    for p in name_pieces(span.tokens)
                ]
            for part in parts:
                try:
                    part.normalize(self.vocab)
                    normal = part.normal
                except Exception:  # natasha's normaliser fails on rare token shapes
                    normal = None
                found.append(Span(part.start, part.stop, part.type, normal or None))
        return found


@lru_cache(maxsize=1)
def natasha() -> Natasha:
    return Natasha()


METONYM = "\tmetonym"  # the suffix of a metonym's pattern key in the gazetteer


class Gazetteer:
    """Knowledge-base names as spaCy phrase patterns: as written (case-sensitive), and
    lower-cased for names of two words or more (translations lower-case at random:
    "five star Movement")."""

    def __init__(self, kb: KnowledgeBase, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.kb = kb
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in kb:
            metonyms = set(entry.metonyms)
            self._add(nlp, entry.id, {n for n in entry.names() if n not in metonyms})
            self._add(nlp, entry.id + METONYM, metonyms)

    def _add(self, nlp: Any, key: str, names: set[str]) -> None:
        exact, lower = [], []
        names |= {n.replace("'", "’") for n in names if "'" in n}
        for name in names:
            if len(name) < 2 or not any(c.isupper() for c in name):
                continue
            doc = nlp.make_doc(name)
            exact.append(doc)
            if len(doc) >= 2 and not name.lower().startswith("the "):
                lower.append(nlp.make_doc(name.lower()))
        if exact:
            self.exact.add(key, exact)
        if lower:
            self.lower.add(key, lower)

    def __call__(self, doc: Any) -> list[Span]:
        found = {}
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                key = doc.vocab.strings[match_id]
                metonym = key.endswith(METONYM)
                entry = self.kb.entries[key.removesuffix(METONYM)]
                bounds = (span.start_char, span.end_char)
                if bounds not in found:
                    label = "LOC" if metonym else KB_LABELS[entry.type]
                    found[bounds] = Span(*bounds, label, kb=entry.id, metonym=metonym)
        # longest first, then leftmost; drop overlaps
        chosen: list[Span] = []
        for span in sorted(found.values(), key=lambda s: (-(s.end - s.start), s.start)):
            if all(span.end <= c.start or span.start >= c.end for c in chosen):
                chosen.append(span)
        return sorted(chosen, key=lambda s: s.start)

    def typed(self, span: Span) -> Span:
        """A model span whose normal form is a knowledge-base name of one entry, with that
        entry ("Европейского союза", normal "Европейский союз", is the EU, an organisation,
        whatever label the model gave it); a metonym is marked as one."""
        if span.kb or not span.normal:
            return span
        entries = self.kb.lookup(span.normal)
        if len(entries) != 1:
            return span
        key = name_key(span.normal)
        metonym = key in {name_key(m) for m in entries[0].metonyms}
        return replace(span, kb=entries[0].id, metonym=metonym)


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
            out.append(Span(g.start, g.end, base.label, base.normal, g.kb, g.metonym))
    return sorted(out, key=lambda s: s.start)
