"""Sentences and named-entity mentions, batched with ``nlp.pipe``.

entities.v2: the spaCy pipeline for each language (``spacy_models``); a language without one
gets spaCy's blank pipeline with a sentencizer: sentences, no mentions.

entities.v3: the same sentences and parse, with the recogniser chosen per language in
``[actors]`` (newstrace's shipped English and Italian models, natasha for Russian) and the
knowledge-base gazetteer completing it in every language (see actors/recognise.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any, Literal

from ..actors.recognise import Gazetteer, Span, load_ner, merge, model_spans, natasha
from ..errors import PipelineError
from ..ids import make_id
from ..kb import load_kb
from ..model import AnalysisDoc, Mention, Sentence
from ..settings import Settings
from ..text import name_key
from .base import file_digests, register

# spaCy (OntoNotes) labels kept as mentions, and the actor type each suggests.
LABEL_TYPES = {
    "PER": "person",
    "PERSON": "person",
    "MISC": "other",
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
# Texts spaCy parses at once. Its parser's working memory grows with the batch (its longest
# text times the batch, roughly): on PolNeAR train articles 32-63 (up to 33,700 characters), a
# batch of 16 peaked 216 MB above a batch of 1, and 2 is within 10 MB of 1. The parses are the
# same at any batch size; a batch of 2 costs spaCy's pass about 8% more CPU than 16 (0.156
# against 0.143 CPU-s per article, interleaved runs), about 1% of the whole pipeline.
PARSE_BATCH = 2


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

    def __init__(self, models: dict[str, str], batch_size: int = PARSE_BATCH) -> None:
        self.models = models
        self.batch_size = batch_size
        self.types: dict[str, str] = {}  # knowledge-base entry -> actor type (entities.v3)

    def config(self) -> dict[str, Any]:
        return {"spacy_models": dict(self.models)}

    def pipeline_for(self, lang: str | None) -> Any:
        if lang in self.models:
            return load_pipeline(self.models[lang])
        return blank_pipeline(lang or "xx")

    def parse(self, lang: str | None, texts: Iterable[str]) -> Iterator[tuple[Any, list[Span]]]:
        """(spaCy doc, recognised spans) for each text: here the pipeline's own entities."""
        for sdoc in self.pipeline_for(lang).pipe(texts, batch_size=self.batch_size):
            yield sdoc, [Span(e.start_char, e.end_char, e.label_) for e in sdoc.ents]

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        by_lang: dict[str | None, list[AnalysisDoc]] = {}
        for doc in docs:
            by_lang.setdefault(doc.language, []).append(doc)
        for lang, group in by_lang.items():
            parsed = self.parse(lang, (d.text for d in group))
            for doc, (sdoc, spans) in zip(group, parsed, strict=True):
                doc.parse = sdoc
                doc.sentences = [
                    part
                    for s in sdoc.sents
                    for part in split_lines(doc.text, s.start_char, s.end_char)
                ]
                doc.mentions = mentions_from_spans(doc, spans, self.types)


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


def mentions_from_spans(
    doc: AnalysisDoc, spans: list[Span], types: dict[str, str]
) -> list[Mention]:
    """Mentions for recognised spans; ``types`` gives the knowledge-base type of an entry."""
    out = []
    for span in spans:
        kind = types.get(span.kb or "") or LABEL_TYPES.get(span.label)
        if kind is None:
            continue
        surface = doc.text[span.start : span.end]
        norm = name_key(span.normal or surface)
        if not norm:
            continue
        sent = next(
            (s for s in doc.sentences if s.start <= span.start < s.end),
            trimmed(doc.text, span.start, span.end),
        )
        out.append(
            Mention(
                id=make_id("mention", doc.article.id, span.start, span.end),
                article=doc.article.id,
                start=span.start,
                end=span.end,
                text=surface,
                label=span.label,
                type=kind,
                norm=norm,
                sentence_start=sent.start,
                sentence_end=sent.end,
            )
        )
    return out


class RecognisingEntitiesStage(EntitiesStage):
    """entities.v3: the per-language recogniser plus the knowledge-base gazetteer."""

    version = 3
    tidy_names = False  # entities.v4 (below)

    def __init__(self, settings: Settings) -> None:
        super().__init__(dict(settings.spacy_models))
        self.settings = settings
        self.kb = load_kb(tuple(settings.actors.kb_files))
        self.types = {e.id: e.type for e in self.kb}
        self._gazetteers: dict[str | None, Gazetteer] = {}
        self._ner: dict[str | None, Any] = {}

    def config(self) -> dict[str, Any]:
        actors = self.settings.actors
        return super().config() | {
            "ner": {
                f.name: getattr(actors, f.name) for f in fields(actors) if f.name.startswith("ner_")
            },
            "kb_files": file_digests(actors.kb_files),
        }

    def pipeline_for(self, lang: str | None) -> Any:
        nlp = super().pipeline_for(lang)
        if lang not in self._gazetteers:
            choice = self.settings.ner_for(lang)
            self._ner[lang] = (
                load_ner(lang or "xx", choice) if choice and choice != "natasha" else None
            )
            self._gazetteers[lang] = Gazetteer(self.kb, nlp)
        return nlp

    def parse(self, lang: str | None, texts: Iterable[str]) -> Iterator[tuple[Any, list[Span]]]:
        """(spaCy doc, recognised spans) for each text."""
        nlp = self.pipeline_for(lang)
        gazetteer = self._gazetteers[lang]
        use_natasha = self.settings.ner_for(lang) == "natasha"
        ner = self._ner[lang]
        texts = list(texts)
        ner_docs = ner.pipe(texts, batch_size=self.batch_size) if ner else iter(())
        for sdoc in nlp.pipe(texts, batch_size=self.batch_size):
            if use_natasha and self.tidy_names:
                model = [gazetteer.typed(s) for s in natasha()(sdoc.text, pieces=True)]
            elif use_natasha:
                model = natasha()(sdoc.text)
            else:
                model = model_spans(sdoc, next(ner_docs) if ner else None)
            yield sdoc, merge(model, gazetteer(sdoc))


class TidyEntitiesStage(RecognisingEntitiesStage):
    """entities.v4: v3 with natasha's spans cut into the names they hold (no verb or adverb
    inside, a parenthesised acronym apart) and typed by the knowledge base through their
    normal form ("Европейского союза" is the EU, an organisation)."""

    version = 4
    tidy_names = True


@register("entities.v2")
def make_entities(settings: Settings) -> EntitiesStage:
    return EntitiesStage(dict(settings.spacy_models))


@register("entities.v3")
def make_recognising_entities(settings: Settings) -> RecognisingEntitiesStage:
    return RecognisingEntitiesStage(settings)


@register("entities.v4")
def make_tidy_entities(settings: Settings) -> TidyEntitiesStage:
    return TidyEntitiesStage(settings)
