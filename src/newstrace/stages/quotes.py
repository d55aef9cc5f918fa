"""quotes.v2: who said what, per article (see newstrace.quotes and docs/quotes.md).

Direct quotations in every mark style and reported speech, each with its cue and speaker. In
English the attribution tagger (models/quotes) reads the article first, and rules over the
dependency parse with cue lexicons (hand-written, plus verbs learned from PolNeAR train) fill
in; languages without a parser (Italian, Russian) use quotation marks, cue words and the
recognised names. A speaker is a named mention, a pronoun's antecedent, or an unnamed source:
the descriptor ("a source in American counterintelligence") becomes a mention of type
``unnamed_source`` that the actors stage turns into an actor of its own article (``sources``).
Quotes point at their speaker mention; the store reads the speaker's actor through it.

v2 replaced v1, which was the rules alone and then earlier versions of the tagger under the
same name: a store analysed by v1 re-reads its articles' quotes on the next ``newstrace
analyze``."""

from __future__ import annotations

from importlib import resources
from typing import Any, Literal

from ..ids import make_id
from ..model import AnalysisDoc, Evidence, Mention, Quote, Sentence
from ..quotes import KINDS, Attributed, Name, attribute, load_cues, load_tagger
from ..quotes.tagger import MODELS, STEP, WINDOW
from ..settings import ConfigError, Settings
from ..text import name_key, strip_name
from .base import file_digests, register


class QuotesStage:
    name = "quotes"
    version = 2
    scope: Literal["article"] = "article"
    requires: tuple[str, ...] = ("text", "language", "sentences", "mentions", "parse")
    assigns: tuple[str, ...] = ("quotes", "sources")

    def __init__(
        self,
        cue_files: tuple[str, ...] = (),
        tagger_languages: tuple[str, ...] = (),
        tagger_min_score: float = 0.0,
        rule_min_tagged: float = 0.0,
        tagger_step: int = STEP,
        reported_min_tagged: float = 0.0,
        reported_phrase_min_tagged: float = 2.0,
        continued_reach: int = 0,
        tagger_model: str = "teacher",
    ) -> None:
        if not 1 <= tagger_step <= WINDOW:
            raise ConfigError(f"quotes.tagger_step must be from 1 to {WINDOW}, not {tagger_step}")
        if tagger_model not in MODELS:
            raise ConfigError(
                f"quotes.tagger_model must be one of {', '.join(MODELS)}, not {tagger_model!r}"
            )
        self.cue_files = cue_files
        self.tagger_languages = tagger_languages
        self.tagger_min_score = tagger_min_score
        self.rule_min_tagged = rule_min_tagged
        self.tagger_step = tagger_step
        self.reported_min_tagged = reported_min_tagged
        self.reported_phrase_min_tagged = reported_phrase_min_tagged
        self.continued_reach = continued_reach
        self.tagger_model = tagger_model

    def config(self) -> dict[str, Any]:
        # the model only when not the teacher, so stores read before it was a setting stay
        # current
        model = {} if self.tagger_model == "teacher" else {"tagger_model": self.tagger_model}
        if model:
            # a new student file (its weights) reads them again
            path = str(resources.files("newstrace").joinpath(MODELS[self.tagger_model]))
            model["tagger_file"] = file_digests([path])[path]
        return model | {
            "cue_files": file_digests(self.cue_files),
            "tagger_languages": list(self.tagger_languages),
            "tagger_min_score": self.tagger_min_score,
            "rule_min_tagged": self.rule_min_tagged,
            "tagger_step": self.tagger_step,
            "reported_min_tagged": self.reported_min_tagged,
            "reported_phrase_min_tagged": self.reported_phrase_min_tagged,
            "continued_reach": self.continued_reach,
            # what a quote can be (quotes.kinds): a store whose quotes were read before they
            # said so reads them again
            "kinds": list(KINDS),
        }

    @classmethod
    def from_settings(cls, settings: Settings) -> QuotesStage:
        q = settings.quotes
        return cls(
            tuple(q.cue_files),
            tuple(q.tagger_languages),
            q.tagger_min_score,
            q.rule_min_tagged,
            q.tagger_step,
            q.reported_min_tagged,
            q.reported_phrase_min_tagged,
            q.continued_reach,
            q.tagger_model,
        )

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        cues = load_cues(self.cue_files)
        tagger = load_tagger(self.tagger_model) if self.tagger_languages else None
        for doc in docs:
            names = [Name(m.start, m.end, strip_name(m.text), m.type) for m in doc.mentions]
            lang = doc.language or "en"
            tagged = (
                tagger.read(doc.text, self.tagger_step)
                if tagger and lang in self.tagger_languages
                else None
            )
            found = attribute(
                doc.parse,
                doc.text,
                lang,
                [(s.start, s.end) for s in doc.sentences],
                names,
                cues,
                tagged,
                self.tagger_min_score,
                self.rule_min_tagged,
                self.reported_min_tagged,
                self.reported_phrase_min_tagged,
                self.continued_reach,
            )
            doc.quotes, doc.sources = quotes_of(doc, found)


def sentence_of(sentences: list[Sentence], start: int, end: int) -> tuple[int, int]:
    for s in sentences:
        if s.start <= start < s.end or (start <= s.start < end):
            return s.start, s.end
    return start, end


def quotes_of(doc: AnalysisDoc, found: list[Attributed]) -> tuple[list[Quote], list[Mention]]:
    """Quote records and the unnamed-source mentions their speakers need."""
    aid, text = doc.article.id, doc.text
    by_span = {(m.start, m.end): m for m in doc.mentions}
    sources: dict[tuple[int, int], Mention] = {}

    def evidence(span: tuple[int, int], role: str) -> Evidence:
        s_start, s_end = sentence_of(doc.sentences, *span)
        return Evidence(aid, span[0], span[1], text[span[0] : span[1]], s_start, s_end, role)

    def source_mention(span: tuple[int, int], descriptor: str) -> Mention:
        if span not in sources:
            s_start, s_end = sentence_of(doc.sentences, *span)
            sources[span] = Mention(
                id=make_id("mention", aid, span[0], span[1], "source"),
                article=aid,
                start=span[0],
                end=span[1],
                text=text[span[0] : span[1]],
                label="SOURCE",
                type="unnamed_source",
                norm=name_key(descriptor),
                sentence_start=s_start,
                sentence_end=s_end,
            )
        return sources[span]

    quotes = []
    for a in found:
        f = a.found
        speaker_mention = None
        if a.speaker_kind == "descriptor" and a.speaker_span and a.speaker_name:
            # each descriptor written is a mention; all share the first descriptor's key
            speaker_mention = source_mention(a.speaker_span, a.speaker_name).id
        elif a.ref is not None and a.speaker_type == "unnamed_source" and a.speaker_name:
            speaker_mention = source_mention(a.ref, a.speaker_name).id
        elif a.ref is not None:
            # the mention the phrase ends with (its head: "According to Lopez"), never one
            # that only modifies it ("other European far-right movements")
            m = by_span.get(a.ref) or next(
                (m for m in doc.mentions if m.start < a.ref[1] <= m.end and a.ref[0] < m.end),
                None,
            )
            speaker_mention = m.id if m else None
        parts = [text[s:e].strip().strip("\"'“”„«»‘’‹›").strip() for s, e in f.content]
        ev = [evidence(span, "content") for span in f.content]
        if a.speaker_span:
            ev.append(evidence(a.speaker_span, "speaker"))
        if f.cue:
            ev.append(evidence(f.cue, "cue"))
        quotes.append(
            Quote(
                id=make_id("quote", aid, f.start, f.end),
                article=aid,
                text=" … ".join(p for p in parts if p),
                cue=text[f.cue[0] : f.cue[1]] if f.cue else None,
                speaker=None,
                # the words naming the speaker; a pronoun that resolves to nobody names none
                speaker_text=text[a.speaker_span[0] : a.speaker_span[1]]
                if a.speaker_span and a.speaker_name
                else None,
                evidence=tuple(ev),
                speaker_mention=speaker_mention,
                kind=a.kind,
            )
        )
    return quotes, sorted(sources.values(), key=lambda m: m.start)


@register("quotes.v2")
def make_quotes(settings: Settings) -> QuotesStage:
    return QuotesStage.from_settings(settings)
