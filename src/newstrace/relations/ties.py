"""Typed ties between actors, read from one sentence at a time.

A trigger word from the lexicon (kinds.tsv: "visited", "cooperation agreement", "friendship",
"funding") names the kind. With a dependency parse, its arguments are the actor mentions in the
subject of its clause (the source) and in its own complements (the target): "the League has a
cooperation agreement with United Russia", "Berlusconi, who has formed a close friendship with
Putin", "Berlusconi with Putin visited the Crimea" (two visitors). Without a parse, or where the
parse finds one side only, the nearest actor mention on that side within the clause stands in.
A negation or a denial over the trigger keeps the tie as ``negated`` ("said his party never
received funding from Moscow")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Evidence, Sentence
from ..text import doc_text
from .confidence import Link, tie_confidence
from .lexicon import Trigger
from .syntax import (
    Placed,
    clause_subject,
    is_party,
    negated,
    speech_head,
    stem_match,
    within,
    words_negated,
)

# complements that hold a trigger's target; a subject never does
_NOT_TARGET = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "aux", "auxpass", "punct", "cc"})
_TRIGGER_POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})
# how far (characters) a mention may stand from a trigger to be its argument without a parse
NEAR = 80
# actor types that can be visited but do not visit
PLACES = frozenset({"place"})


@dataclass(frozen=True, slots=True)
class Found:
    kind: str
    source: Placed
    target: Placed
    negated: bool
    cue: tuple[int, int]
    confidence: float = 1.0  # newstrace.relations.confidence


def match_triggers(
    words: Sequence[str], triggers: Sequence[Trigger]
) -> Iterator[tuple[int, int, Trigger]]:
    """(first, last word index, trigger) of each trigger in ``words`` (lower-case lemmas);
    a longer trigger wins over a shorter one at the same words."""
    used: set[int] = set()
    for i in range(len(words)):
        for t in triggers:
            n = len(t.words)
            if i in used or tuple(words[i : i + n]) != t.words:
                continue
            used.update(range(i, i + n))
            yield i, i + n - 1, t
            break


def from_parse(
    tokens: Sequence[Any],
    placed: Sequence[Placed],
    triggers: Sequence[Trigger],
    lang: str,
    speech: set[str],
) -> Iterator[Found]:
    if not tokens:
        return
    lemmas = [t.lemma_.lower() for t in tokens]
    base = tokens[0].i
    for first, last, trig in match_triggers(lemmas, triggers):
        head = tokens[last]
        if head.pos_ not in _TRIGGER_POS:
            continue  # "back" as an adverb, "deal" in "a great deal"
        cue = (tokens[first].idx, head.idx + len(head.text))
        own = frozenset(
            p.mention.id for p in placed if p.root is not None and first <= p.root.i - base <= last
        )
        is_negated = negated(head, lang)
        between = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "between"]
        if between:  # "cooperation between Russia and the West"
            parties = [p for p in within(between[0], placed) if p.mention.id not in own]
            for i, a in enumerate(parties):
                for b in parties[i + 1 :]:
                    link = Link(head.pos_, "between", "between", 1, len(parties))
                    yield _directed(trig, a, b, is_negated, cue, tie_confidence(head, link))
            continue
        target_how = "complement"
        targets = _complements(head, placed, own, trig.kind)
        if not targets and head.pos_ == "NOUN" and head.dep_ in ("dobj", "nsubjpass"):
            # "received money from Russia": the verb carries the noun's complement
            target_how = "verb"
            targets = [
                p for p in _complements(head.head, placed, own, trig.kind) if p.start > head.idx
            ]
        sources, source_how = _owners(head, placed, own, speech)
        if not sources:
            source_how = "adjacent"
            sources = _adjacent(placed, cue, before=True, exclude=own, text=doc_text(head.doc))
        if not targets and head.pos_ == "VERB":
            target_how = "adjacent"
            targets = _adjacent(placed, cue, before=False, exclude=own, text=doc_text(head.doc))
        if not targets:
            continue
        if _received(head, trig) and target_how == "complement":
            # "Cruz received the endorsement of Gov. Mike Pence": Pence endorses Cruz
            sources, targets = targets, sources
        sources = [s for s in sources if s not in targets and s.mention.type not in PLACES]
        if trig.direction == "symmetric" and not targets and len(sources) > 1:
            targets, sources = sources[1:], sources[:1]
        for source in sources:
            for target in targets:
                if (
                    source.mention.id != target.mention.id
                    and source.mention.norm != target.mention.norm
                ):
                    link = Link(
                        head.pos_,
                        source_how,
                        target_how,
                        depth(target.root, head) if target.root is not None else 9,
                        len(sources) * len(targets),
                    )
                    yield _directed(
                        trig, source, target, is_negated, cue, tie_confidence(head, link)
                    )


# verbs whose subject is what a noun trigger's complement did to it ("won the backing of X")
RECEIVING = frozenset({"receive", "win", "get", "earn", "secure", "gain", "land", "accept"})


def _received(head: Any, trig: Trigger) -> bool:
    return (
        trig.direction == "forward"
        and head.pos_ == "NOUN"
        and head.dep_ == "dobj"
        and head.head.lemma_.lower() in RECEIVING
    )


# prepositions that give a setting (where, when), not a party to the tie
_SETTING = frozenset({"in", "at", "on", "during", "near", "inside", "within"})
# complements that hold another clause: their mentions are not the trigger's arguments
_OTHER_CLAUSE = frozenset({"advcl", "relcl", "acl", "ccomp", "conj", "parataxis", "appos"})
MAX_DEPTH = 3  # arcs from the trigger to a target's head word


def _complements(
    head: Any, placed: Sequence[Placed], own: frozenset[str], kind: str
) -> list[Placed]:
    """The actor mentions among the trigger's complements after it, nearest in the tree; a
    possessor gives way to what it owns ("Putin's United Russia party"). Only a visit has a
    place for its target ("met Putin in Moscow" is no meeting with Moscow)."""
    found: list[tuple[int, Placed]] = []
    for child in head.children:
        if child.dep_ in _NOT_TARGET or child.dep_ in _OTHER_CLAUSE or child.i < head.i:
            continue
        if kind != "visit" and child.dep_ == "prep" and child.lower_ in _SETTING:
            continue
        inside = [
            (depth(p.root, head), p) for p in within(child, placed) if p.mention.id not in own
        ]
        inside = [(d, p) for d, p in inside if d <= MAX_DEPTH]
        if not inside:
            continue
        best = min(d for d, _ in inside)
        heads = [p for d, p in inside if d == best]
        heads = [p for p in heads if p.root is not None and p.root.dep_ != "poss"] or heads
        found.append((best, max(heads, key=lambda p: p.start)))  # the phrase's head is last
        found.extend(
            (d, p)
            for d, p in inside
            if p.root is not None and p.root.dep_ == "conj" and p not in heads
        )
    return [p for _, p in found if kind == "visit" or p.mention.type not in PLACES]


def _owners(
    head: Any, placed: Sequence[Placed], own: frozenset[str], speech: set[str]
) -> tuple[list[Placed], str]:
    """Whose the trigger is, and how that was read: its possessor ("his friendship"), the noun
    it stands in apposition to ("Brothers of Italy, the far-right sister party of the
    League"), or the subject of its clause (``subject`` when the trigger is that clause's verb
    or the noun it governs, ``clause`` when the subject is further up: "called on Trump to
    cancel his meeting with Putin"). A trigger owned by a pronoun ("his meeting") is that
    pronoun's, whom the parse does not name: unless the clause's subject is right there, it is
    read from further up (``pronoun``)."""
    owned = False
    for child in head.children:
        if child.dep_ == "poss":
            found = [p for p in within(child, placed) if p.mention.id not in own]
            if found:
                return found, "possessor"
            owned = owned or child.pos_ == "PRON"
    if head.dep_ == "appos":
        # the nearest mention before the trigger in the phrase it stands next to
        found = [
            p for p in within(head.head, placed) if p.end <= head.idx and p.mention.id not in own
        ]
        if found:
            return [max(found, key=lambda p: p.end)], "apposition"
    subj = clause_subject(head, speech)
    if subj is None or (subj.i > head.i and head.left_edge.i <= subj.i <= head.right_edge.i):
        return [], "none"
    subjects = [subj]
    if subj.dep_ in ("nsubj", "nsubjpass"):  # a parse that splits "X and Y visited" in two
        subjects += [c for c in subj.head.children if c.dep_ == subj.dep_ and c != subj]
    found = [
        p for s in subjects for p in within(s, placed) if p.mention.id not in own and is_party(p, s)
    ]
    near = (
        subj.head == head
        or (subj.head == head.head and head.dep_ in ("dobj", "attr"))
        or (head.dep_ == "relcl" and subj == head.head)  # "Sanders, who endorsed Canova"
        # "Sanders said at a rally in California"
        or (head.dep_ == "pobj" and head.head.dep_ == "prep" and subj.head == head.head.head)
    )
    if not near and _pronoun_said(head) and speech_head(head, speech) == subj.head:
        return found, "reported"  # "Salvini said his party never received funding from Moscow"
    return found, "subject" if near else "pronoun" if owned else "clause"


def _pronoun_said(tok: Any) -> bool:
    """The trigger's clause has a pronoun for its subject ("he met", "his party received"),
    which the speaker of the words around it stands for."""
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and (
        subj.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subj.children)
    )


def depth(tok: Any, ancestor: Any) -> int:
    n = 0
    while tok != ancestor and tok.head != tok and n < 20:
        tok = tok.head
        n += 1
    return n


_GAP_STOPS = frozenset(
    {",", ";", ":", "—", "–", "(", ")", "and", "or", "but", "which", "who", "that"}
)


def _adjacent(
    placed: Sequence[Placed],
    cue: tuple[int, int],
    *,
    before: bool,
    exclude: frozenset[str],
    text: str,
) -> list[Placed]:
    """Where the parse finds no argument on one side (machine-translated text parses badly:
    "From “the League” has a cooperation agreement"): the nearest mention on that side, if
    only a few words without punctuation or a conjunction stand between."""
    for p in _nearest(placed, cue, before=before, exclude=exclude):
        gap = text[p.end : cue[0]] if before else text[cue[1] : p.start]
        words = gap.replace("“", " ").replace("”", " ").replace('"', " ").split()
        if len(gap) <= 30 and not any(w.lower() in _GAP_STOPS or w[-1:] in ",;:" for w in words):
            return [p]
    return []


def from_words(
    text: str,
    sentence: Sentence,
    placed: Sequence[Placed],
    triggers: Sequence[Trigger],
    lang: str,
) -> Iterator[Found]:
    """Without a parse: the trigger words in the sentence (word prefixes, so that inflected
    forms match) and the nearest actor mention on each side."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text[sentence.start : sentence.end])]
    words = [text[sentence.start + a : sentence.start + b].lower() for a, b in spans]
    for i in range(len(words)):
        for trig in triggers:
            n = len(trig.words)
            if all(
                stem_match(words[i + k] if i + k < len(words) else "", trig.words[k])
                for k in range(n)
            ):
                a = sentence.start + spans[i][0]
                b = sentence.start + spans[i + n - 1][1]
                sources = _nearest(placed, (a, b), before=True)
                targets = _nearest(placed, (a, b), before=False)
                if not sources or not targets:
                    break
                window = text[sources[0].end : targets[0].start]
                yield _directed(
                    trig,
                    sources[0],
                    targets[0],
                    words_negated(window, lang),
                    (a, b),
                    tie_confidence(None, Link("", "adjacent", "adjacent", 9, 1)),
                )
                break


def _nearest(
    placed: Sequence[Placed],
    cue: tuple[int, int],
    *,
    before: bool,
    exclude: set[str] | frozenset[str] = frozenset(),
) -> list[Placed]:
    if before:
        side = [p for p in placed if p.end <= cue[0] and cue[0] - p.end <= NEAR]
        side.sort(key=lambda p: cue[0] - p.end)
    else:
        side = [p for p in placed if p.start >= cue[1] and p.start - cue[1] <= NEAR]
        side.sort(key=lambda p: p.start - cue[1])
    return [p for p in side if p.mention.id not in exclude][:1]


def _directed(
    trig: Trigger,
    source: Placed,
    target: Placed,
    is_negated: bool,
    cue: tuple[int, int],
    confidence: float,
) -> Found:
    if trig.direction == "reverse":
        source, target = target, source
    return Found(trig.kind, source, target, is_negated, cue, confidence)


def evidence(article: str, text: str, sentence: Sentence, found: Found) -> tuple[Evidence, ...]:
    """The words from the first to the last of source, trigger and target, and the trigger."""
    start = min(found.source.start, found.target.start, found.cue[0])
    end = max(found.source.end, found.target.end, found.cue[1])
    return (
        Evidence(article, start, end, text[start:end], sentence.start, sentence.end, "relation"),
        Evidence(
            article,
            *found.cue,
            text[found.cue[0] : found.cue[1]],
            sentence.start,
            sentence.end,
            "cue",
        ),
    )
