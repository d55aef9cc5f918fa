"""relations.v1: ties, stances and dated events, per article (see newstrace.relations).

Reads the parse, the actor mentions and the quotes of one article; writes ties between mentions,
stances of a mention toward a target and dated events with the mentions in them. The store
turns the mentions into canonical actors whenever the actors stage (re)resolves them, so
analyst merges reach ties, stances and timelines without re-reading the text."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, Literal

from ..ids import make_id
from ..model import AnalysisDoc, Event, Evidence, Mention, Quote, Sentence, Stance, Tie
from ..quotes import load_cues
from ..relations import dates as dating
from ..relations import events as eventing
from ..relations import events_words, stance_model, stance_reading, tie_scorer, timex_ml
from ..relations import stances as stancing
from ..relations import ties as tying
from ..relations.event_scorer import EventReading, score_event
from ..relations.lexicon import Lexicon, lexicon_for
from ..relations.sentiment import TargetSentiment
from ..relations.stance_candidates import of_article as stance_candidates
from ..relations.stance_nouns import from_support_nouns
from ..relations.stances_of_candidates import stances_of_candidates
from ..relations.stances_of_ties import once_per_article, stances_of_ties
from ..relations.syntax import Placed, actor_mentions, has_parse, tokens_of
from ..settings import Settings
from .base import file_digests, register

# 3: stances of what a position word governs; 4: events scored by the fitted model
# (relations.event_scorer); 5: a free-text target keeps the clause that says which one it is,
# and stances are scored by the fitted stance scorer where its weights are installed; 6: a
# holder lifted from the clause above is no longer shown by default (confidence.HOLDER)
READERS = 6


class RelationsStage:
    name = "relations"
    version = 1
    scope: Literal["article"] = "article"
    requires: tuple[str, ...] = (
        "text",
        "language",
        "sentences",
        "mentions",
        "quotes",
        "sources",
        "parse",
    )
    assigns: tuple[str, ...] = ("ties", "stances", "events")

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sentiment = TargetSentiment(settings.relations.sentiment_threshold)

    def config(self) -> dict[str, Any]:
        r = self.settings.relations
        out: dict[str, Any] = {
            # the readers' own revision: 2 gives every item a confidence; 3 reads stances from
            # what a position word governs and from nouns of support
            "readers": READERS,
            "kind_files": file_digests(r.kind_files),
            "target_files": file_digests(r.target_files),
            "stance_cue_files": file_digests(r.stance_cue_files),
            "sentiment_threshold": r.sentiment_threshold,
            "quote_cue_files": file_digests(self.settings.quotes.cue_files),
            "dates": dating.REVISION,  # the date rules' revision: a new one re-dates articles
        }
        if (digest := tie_scorer.model_digest()) is not None:
            out["tie_model"] = digest  # a new tie model re-reads the articles' ties
            out["tie_model_threshold"] = r.tie_model_threshold
        return out

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        lex = lexicon_for(self.settings.relations)
        quote_cues = load_cues(tuple(self.settings.quotes.cue_files))
        for doc in docs:
            lang = doc.language or "en"
            speech = set(quote_cues.verbs.get(lang, {})) | set(quote_cues.belief.get(lang, set()))
            doc.ties, doc.stances, doc.events = read_article(
                doc, lang, lex, speech, self.sentiment, self.settings.relations.tie_model_threshold
            )


def read_article(
    doc: AnalysisDoc,
    lang: str,
    lex: Lexicon,
    speech: set[str],
    sentiment: TargetSentiment,
    tie_floor: float = 1.0,
) -> tuple[list[Tie], list[Stance], list[Event]]:
    """The article's ties, stances and dated events; a tie only the model reads is kept when
    its probability reaches ``tie_floor`` (``[relations] tie_model_threshold``)."""
    aid, text, sdoc = doc.article.id, doc.text, doc.parse
    parsed = has_parse(sdoc)
    published = dating.published_datetime(doc.article.published)
    triggers = lex.triggers.get(lang, [])
    cues = lex.cues.get(lang, [])
    by_id: dict[str, Mention] = {m.id: m for m in [*doc.mentions, *doc.sources]}

    def speaker(q: Quote) -> Placed | None:
        """A quote's named speaker (an unnamed source holds no stance of an actor)."""
        m = by_id.get(q.speaker_mention or "")
        return Placed(m, None) if m is not None and m.type != "unnamed_source" else None

    def full_name(p: Placed) -> str:
        return stancing.fullest_name(p.mention, doc.mentions)

    date_ents = (
        [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "DATE"] if parsed else []
    )
    ties: dict[str, Tie] = {}
    tie_model = tie_scorer.load_model() if parsed else None
    # the rules' own readings, with their own confidences: what stances are read from
    ruled: dict[str, Tie] = {}
    read: list[stancing.FoundStance] = []  # stances, built after the loop
    events: dict[str, Event] = {}
    date_context = dating.DateContext()
    for i, sentence in enumerate(doc.sentences):
        placed = actor_mentions(doc.mentions, sentence, sdoc)
        in_sentence = dating.find_dates(
            text,
            sentence.start,
            sentence.end,
            lang=lang,
            published=published,
            entities=date_ents,
            context=date_context,
        )
        date_context = date_context.after(in_sentence)
        found_dates = dating.dated(in_sentence)  # what a timeline can place

        # ties
        if len(placed) >= 2:
            if parsed:
                tokens = tokens_of(sdoc, sentence)
                rule_ties = list(tying.from_parse(tokens, placed, triggers, lang, speech))
            else:
                rule_ties = list(tying.from_words(text, sentence, placed, triggers, lang))
            built = {f: _tie(aid, text, sentence, f, found_dates) for f in rule_ties}
            for tie in built.values():
                ruled[tie.id] = tie
            found_ties = rule_ties
            if tie_model is not None and lang in tie_scorer.LANGUAGES:
                # the rules' readings stand; the model adds the ties they do not read
                found_ties = tie_scorer.read_ties(
                    tie_model,
                    text,
                    (sentence.start, sentence.end),
                    placed,
                    rule_ties,
                    lang,
                    full_name,
                    tie_floor,
                )
            for f in found_ties:
                tie = built.get(f) or _tie(aid, text, sentence, f, found_dates)
                ties[tie.id] = tie
        # stances
        targets = [
            (sentence.start + a, sentence.start + b, t)
            for a, b, t in lex.find_targets(lang, text[sentence.start : sentence.end])
        ]
        if parsed:
            targets += stancing.free_targets(
                tokens_of(sdoc, sentence), targets, placed, cues, full_name
            )
        if parsed and len(placed) >= 2:
            read.extend(
                from_support_nouns(tokens_of(sdoc, sentence), placed, sentence, lang, full_name)
            )
        if targets:
            reading = stancing.Reading(
                sentence,
                targets,
                placed,
                [q for q in doc.quotes if _touches(q, sentence)],
                cues,
                lang,
                speaker,
                speech,
                sentiment.score if sentiment.available else None,
                partial(_party_before, doc.mentions, doc.sentences[max(0, i - 2)].start, sentence),
            )
            found_stances = (
                stancing.from_parse(sdoc, reading) if parsed else stancing.from_words(text, reading)
            )
            read.extend(found_stances)
        # events
        past = [d for d in found_dates if d.value and _is_past(d.value, published)]
        if past:
            if parsed:
                found_events = eventing.from_parse(sdoc, sentence, past, placed, text)
            elif lang in timex_ml.LANGUAGES:
                found_events = events_words.from_clauses(
                    text, sentence.start, sentence.end, past, placed
                )
            else:
                found_events = eventing.from_sentence(sentence, past, placed)
            dated: set[str | None] = set()
            for e in found_events:
                event_id = make_id("event", aid, e.start, e.end, e.date.value)
                mentions = tuple(dict.fromkeys(p.mention.id for p in e.actors))
                confidence = score_event(
                    EventReading(
                        e.head_pos,
                        len(mentions),
                        any(_quoted(q, e.date.start) for q in doc.quotes),
                        e.date.value in dated,
                        e.date,
                        published,
                    )
                )
                dated.add(e.date.value)
                events[event_id] = Event(
                    id=event_id,
                    date=e.date.value,
                    text=text[e.start : e.end],
                    actors=mentions,
                    evidence=(
                        Evidence(
                            aid,
                            e.start,
                            e.end,
                            text[e.start : e.end],
                            sentence.start,
                            sentence.end,
                            "event",
                        ),
                        Evidence(
                            aid,
                            e.date.start,
                            e.date.end,
                            e.date.text,
                            sentence.start,
                            sentence.end,
                            "date",
                        ),
                    ),
                    mentions=mentions,
                    confidence=confidence,
                )
    tie_list = list(ties.values())
    if tie_model is not None and lang in tie_scorer.LANGUAGES:
        names = {m.id: stancing.fullest_name(m, doc.mentions) for m in doc.mentions}
        tie_list = tie_scorer.once_per_article(tie_list, lambda m: names.get(m, m))
    readings = _stances(aid, text, read, by_id)
    stances = [s for s, _ in readings]
    of_ties = stances_of_ties(aid, text, list(ruled.values()), by_id, stances, doc.mentions)
    readings += [(s, stance_reading.of_tie(s, by_id, doc.quotes)) for s in of_ties]
    stances = stance_reading.rescored(text, readings, sentiment)
    fitted = stance_model.load() if parsed and lang in stance_model.LANGUAGES else None
    if fitted is not None:
        # the rules' readings and ties are among the model's features; its stances replace
        # them (not shipped: without models/relations/stance_model.npz the rules stand)
        stances = stances_of_candidates(
            aid,
            text,
            sdoc,
            stance_candidates(doc, speech),
            stances,
            list(ruled.values()),
            fitted,
            cues,
            lang,
            speech,
        )
    return tie_list, once_per_article(stances, by_id), list(events.values())


_PARTY_NOUNS = frozenset({"party", "movement", "coalition", "alliance"})


def _party_before(
    mentions: list[Mention], since: int, sentence: Sentence, subj: Any
) -> Placed | None:
    """The party a "their party" / "its party" subject stands for: the last party (or an
    organisation whose name holds the noun: "Freedom Party") named from ``since`` (the start of
    the sentence two before) up to the sentence (the article's own words, no coreference
    model)."""
    owned = any(c.dep_ == "poss" and c.lower_ in ("their", "its") for c in subj.children)
    noun = subj.lemma_.lower()
    if noun not in _PARTY_NOUNS or not owned:
        return None
    earlier = [
        m
        for m in mentions
        if since <= m.start < sentence.start
        and (m.type == "party" or (m.type == "organization" and noun in m.text.lower().split()))
    ]
    return Placed(earlier[-1], None) if earlier else None


def _stances(
    aid: str, text: str, read: list[stancing.FoundStance], by_id: dict[str, Mention]
) -> list[tuple[Stance, stance_reading.StanceReading]]:
    """One stance per holder, target and statement (a quote, else a sentence), with the
    evidence of every reading in it (``stances.grouped``, ``stances.overall``), and what the
    readings rest on (for the fitted scorer, relations.stance_scorer)."""
    out = []
    for group in stancing.grouped(read):
        first = group[0]
        evidence = (ev for f in group for ev in _stance_evidence(aid, text, f))
        stance = Stance(
            id=make_id("stance", aid, first.holder_mention, first.target, first.span[0]),
            actor=first.holder_mention,
            target=first.target,
            polarity=stancing.overall(group),
            evidence=tuple(dict.fromkeys(evidence)),
            actor_mention=first.holder_mention,
            confidence=max(f.confidence for f in group),
        )
        out.append((stance, stance_reading.of_group(text, stance, group, by_id)))
    return out


def _tie(
    aid: str, text: str, sentence: Sentence, f: tying.Found, found_dates: list[dating.DateMention]
) -> Tie:
    tie_id = make_id("tie", aid, f.kind, f.source.mention.id, f.target.mention.id, f.cue[0])
    return Tie(
        id=tie_id,
        source=f.source.mention.id,
        target=f.target.mention.id,
        kind=f.kind,
        negated=f.negated,
        date=_date_near(found_dates, f.cue[0]),
        evidence=tying.evidence(aid, text, sentence, f),
        source_mention=f.source.mention.id,
        target_mention=f.target.mention.id,
        confidence=f.confidence,
    )


def _date_near(found: list[dating.DateMention], at: int) -> str | None:
    """The resolved date nearest to a character offset."""
    known = [d for d in found if d.value]
    return min(known, key=lambda d: abs(d.start - at)).value if known else None


def _quoted(q: Quote, at: int) -> bool:
    """``at`` lies in the quote's own words."""
    return any(ev.start <= at < ev.end for ev in q.evidence if ev.role in (None, "content"))


def _touches(q: Quote, sentence: Sentence) -> bool:
    return any(ev.start < sentence.end and sentence.start < ev.end for ev in q.evidence)


def _is_past(value: str, published: datetime | None) -> bool:
    if published is None:
        return True
    return value[:4].isdigit() and int(value[:4]) <= published.year


def _stance_evidence(aid: str, text: str, s: stancing.FoundStance) -> tuple[Evidence, ...]:
    sentence = s.sentence or Sentence(*s.span)
    # the sentence that names the target first (the statement an analyst checks), then the
    # quote it is in, if any
    spans: list[Evidence] = [
        Evidence(
            aid,
            sentence.start,
            sentence.end,
            text[sentence.start : sentence.end],
            sentence.start,
            sentence.end,
            "statement",
        )
    ]
    if s.quote is not None:
        spans.extend(ev for ev in s.quote.evidence if ev.role in (None, "content", "speaker"))
    spans.append(
        Evidence(aid, *s.span, text[s.span[0] : s.span[1]], sentence.start, sentence.end, "target")
    )
    if s.cue is not None:
        spans.append(
            Evidence(aid, *s.cue, text[s.cue[0] : s.cue[1]], sentence.start, sentence.end, "cue")
        )
    return tuple(spans)


@register("relations.v1")
def make_relations(settings: Settings) -> RelationsStage:
    return RelationsStage(settings)
