"""entities.v1: sentences and named-entity mentions with spaCy, batched with ``nlp.pipe``.

The pipeline for each language is a setting (``spacy_models``). A language without one gets
spaCy's blank pipeline with a sentencizer: sentences, no mentions."""

from __future__ import annotations

from typing import Any, Literal

from ..errors import PipelineError
from ..ids import make_id
from ..model import AnalysisDoc, Mention, Sentence
from ..settings import Settings
from ..text import name_key
from .base import register

# spaCy (OntoNotes) labels kept as mentions, and the actor type each suggests.
LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "LAW": "other",
    "WORK_OF_ART": "other",
    "PRODUCT": "other",
}
_LOADED: dict[str, Any] = {}


def load_pipeline(model: str) -> Any:
    """Load a spaCy pipeline once per process."""
    if model not in _LOADED:
        import spacy

        try:
            _LOADED[model] = spacy.load(model)
        except OSError as e:
            raise PipelineError(
                f"spaCy model {model!r} is not installed: pip install it, or set"
                " spacy_models in newstrace.toml to one that is",
                code="NT410",
            ) from e
    return _LOADED[model]


def blank_pipeline(lang: str) -> Any:
    key = f"blank:{lang}"
    if key not in _LOADED:
        import spacy

        try:
            nlp = spacy.blank(lang)
        except Exception:  # a language spaCy lacks, or one needing extra packages
            nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
        _LOADED[key] = nlp
    return _LOADED[key]


class EntitiesStage:
    name = "entities"
    version = 2
    scope: Literal["article"] = "article"
    requires: tuple[str, ...] = ("text", "language")
    assigns: tuple[str, ...] = ("sentences", "mentions", "parse")

    def __init__(self, models: dict[str, str], batch_size: int = 16) -> None:
        self.models = models
        self.batch_size = batch_size

    def pipeline_for(self, lang: str | None) -> Any:
        if lang in self.models:
            return load_pipeline(self.models[lang])
        return blank_pipeline(lang or "xx")

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        by_lang: dict[str | None, list[AnalysisDoc]] = {}
        for doc in docs:
            by_lang.setdefault(doc.language, []).append(doc)
        for lang, group in by_lang.items():
            nlp = self.pipeline_for(lang)
            parsed = nlp.pipe((d.text for d in group), batch_size=self.batch_size)
            for doc, sdoc in zip(group, parsed, strict=True):
                doc.parse = sdoc
                doc.sentences = [
                    part
                    for s in sdoc.sents
                    for part in split_lines(doc.text, s.start_char, s.end_char)
                ]
                doc.mentions = list(mentions_of(doc, sdoc))


def trimmed(text: str, start: int, end: int) -> Sentence:
    """A sentence span without the whitespace spaCy leaves around it."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Sentence(start, end)


def split_lines(text: str, start: int, end: int) -> list[Sentence]:
    """A sentence span cut at line breaks: a headline or a paragraph end closes a sentence
    even where the parser ran on (spaCy does not split at blank lines)."""
    parts = []
    cursor = start
    while cursor < end:
        newline = text.find("\n", cursor, end)
        stop = end if newline == -1 else newline
        piece = trimmed(text, cursor, stop)
        if piece.end > piece.start:
            parts.append(piece)
        cursor = stop + 1
    return parts


def mentions_of(doc: AnalysisDoc, sdoc: Any) -> list[Mention]:
    out = []
    for ent in sdoc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        if kind is None:
            continue
        norm = name_key(ent.text)
        if not norm:
            continue
        sent = next(
            (s for s in doc.sentences if s.start <= ent.start_char < s.end),
            trimmed(doc.text, ent.sent.start_char, ent.sent.end_char),
        )
        out.append(
            Mention(
                id=make_id("mention", doc.article.id, ent.start_char, ent.end_char),
                article=doc.article.id,
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                label=ent.label_,
                type=kind,
                norm=norm,
                sentence_start=sent.start,
                sentence_end=sent.end,
            )
        )
    return out


@register("entities.v2")
def make_entities(settings: Settings) -> EntitiesStage:
    return EntitiesStage(dict(settings.spacy_models))
