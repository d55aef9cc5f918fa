"""Stances: an actor's position toward a target (sanctions against Russia, NATO, the EU...).

Targets are found through the target list (targets.tsv); the holder is
- the speaker of a quote whose words name the target ("The economic sanctions against Russia
  are madness," League leader Matteo Salvini said), or
- the subject of the clause that names it: a reported position ("the Five Star Movement and
  the League have called for a swift end to European sanctions against Russia"), or the speaker
  of reported speech around it ("Giorgetti said Europe should call off the sanctions").

The polarity comes from the nearest position word above the target in the parse
(stance_cues.tsv: "end", "oppose", "critical of", "recognise", "remain in"), turned by a
negation ("not pro-Russian" is neutral); where no such word decides, the target-sentiment
model (newstrace.relations.sentiment) does, when it is confident enough."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..model import Mention, Polarity, Quote, Sentence
from ..text import doc_text
from .confidence import HOLDER, stance_confidence
from .syntax import (
    NEGATIONS,
    Placed,
    clause_subject,
    is_party,
    negated,
    stem_match,
    within,
    words_negated,
)

# (sentence text, target start, target end) -> (polarity, probability)
Scorer = Callable[[str, int, int], tuple[str, float]]
CueList = Sequence[tuple[tuple[str, ...], str]]
FLIP: dict[str, Polarity] = {
    "pro": "neutral",
    "anti": "neutral",
    "neutral": "neutral",
    "mixed": "mixed",
}
WINDOW = 6  # words before a target a cue may stand in, without a parse
FIRST_PERSON = frozenset({"i", "we", "me", "us"})


@dataclass(frozen=True, slots=True)
class FoundStance:
    holder: Placed | None
    holder_mention: str  # the mention id of the holder
    target: str
    span: tuple[int, int]
    polarity: Polarity
    cue: tuple[int, int] | None
    quote: Quote | None = None
    sentence: Sentence | None = None  # the sentence it was read in
    confidence: float = 1.0  # newstrace.relations.confidence.stance_confidence
    # how the holder was found (confidence.HOLDER's keys, "noun" for a noun of support): what
    # the fitted scorer (relations.stance_scorer) weighs
    how: str = "subject"


# verbs a position passes through on its way up to the holder ("have called for an end to",
# "intends to seek a review of", "agreements, including membership of")
PASS_THROUGH = frozenset(
    {
        "be",
        "have",
        "call",
        "want",
        "seek",
        "work",
        "include",
        "continue",
        "try",
        "intend",
        "plan",
        "aim",
        "need",
        "should",
        "say",
        "insist",
        "speak",
        "establish",
        "stay",
    }
)


def cue_above(tok: Any, cues: CueList) -> tuple[Any, str] | None:
    """The nearest position word on the path from ``tok`` up to its clause's verb: on the path
    itself ("an end to the sanctions", "critical of NATO", "should be eliminated"), right
    before a word on it ("pro-Russian"), or the predicate of a copula whose subject the path
    comes from ("the sanctions are madness")."""
    node = tok
    for _ in range(8):
        if node != tok:
            polarity = _cue(node, cues)
            if polarity is not None:
                return node, polarity
        for c in node.children:
            if c.dep_ in ("amod", "advmod") and c.i < tok.i and (polarity := _cue(c, cues)):
                return c, polarity
        if node.head == node:
            return None
        parent = node.head
        if node.dep_ in ("nsubj", "nsubjpass") and parent.lemma_ == "be":
            for c in parent.children:
                if c.dep_ in ("attr", "acomp") and (polarity := _cue(c, cues)):
                    return c, polarity
        if node != tok and node.pos_ in ("VERB", "AUX") and node.lemma_.lower() not in PASS_THROUGH:
            return None
        node = parent
    return None


def _cue(tok: Any, cues: CueList) -> str | None:
    lemma = tok.lemma_.lower()
    for words, polarity in cues:
        if len(words) == 1 and (lemma == words[0] or tok.lower_ == words[0]):
            return polarity
        if len(words) > 1 and lemma == words[0]:
            following = [t.lemma_.lower() for t in tok.doc[tok.i + 1 : tok.i + len(words)]]
            if following == list(words[1:]):
                return polarity
    return None


def polarity_of(tok: Any, cues: CueList, lang: str) -> tuple[Polarity, Any] | None:
    found = cue_above(tok, cues)
    if found is None:
        return None
    cue, polarity = found
    if negated(cue, lang, denial=False):
        return FLIP[polarity], cue
    return polarity, cue  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Reading:
    """What the stance readers know of one sentence: its targets and actor mentions, the quotes
    touching it, the position words, and how to find a quote's speaker, a reported position's
    speaker (``speech`` verbs), a polarity no word decides (``scorer``) and the party a
    "their party" stands for (``antecedent``)."""

    sentence: Sentence
    targets: Sequence[tuple[int, int, str]]
    placed: Sequence[Placed]
    quotes: Sequence[Quote]
    cues: CueList
    lang: str
    mention_of_speaker: Callable[[Quote], Placed | None]
    speech: set[str] = field(default_factory=set)
    scorer: Scorer | None = None
    antecedent: Callable[[Any], Placed | None] | None = None


def from_parse(sdoc: Any, r: Reading) -> Iterator[FoundStance]:
    targets, placed, quotes, cues, lang = r.targets, r.placed, r.quotes, r.cues, r.lang
    sentence, scorer = r.sentence, r.scorer
    for a, b, target in targets:
        span = sdoc.char_span(a, b, alignment_mode="expand")
        if span is None or not len(span):
            continue
        tok = span.root
        if _modifies_another(tok, (a, b), targets):
            continue  # "Russia's annexation of Crimea": the stance is toward the annexation
        quote = _quote_covering(quotes, a, b)
        speaker = r.mention_of_speaker(quote) if quote is not None else None
        # the clause's subject; all of it: "the Five Star Movement and the League have called
        # for an end to ..."; inside a quote too, where it names someone ("“Hillary has
        # vocally opposed any discrimination,” Ferguson said")
        subj = clause_subject(tok, r.speech)
        named = within(subj, placed, clauses=False) if subj is not None else []
        named = [h for h in named if is_party(h, subj) and not _bracketed(h, doc_text(sdoc))]
        if subj is not None and tok in subj.subtree:
            named = []  # the target is its clause's subject: "“NATO is obsolete,” said X"
        holder_how = "subject"
        if subj is not None and _addressed(tok):
            continue  # "if you supported the deal": the listener's, whoever that is
        if named:
            holders = named
        elif speaker is not None:
            holders = [speaker]
            # the speaker's own position ("I reject …", "The sanctions are madness"), or one
            # the quote gives someone or something else ("this process favors people", "she
            # supports licenses", "if you supported the agreement")
            own = subj is None or subj.lower_ in FIRST_PERSON or tok in subj.subtree
            holder_how = "speaker" if own else "speaker_other"
        else:
            holders = []
            if subj is not None and r.antecedent is not None:
                holder_how = "antecedent"
                earlier = r.antecedent(subj)  # "Their party was one of the first to …"
                holders = [earlier] if earlier is not None else []
            if not holders and subj is not None and tok in subj.subtree:
                # the target is its clause's subject ("… that relations will improve"): the
                # position is held by the subject of the clause above
                holder_how = "lifted"
                above = _verb_above(subj.head)
                lifted = clause_subject(above, r.speech) if above is not None else None
                holders = within(lifted, placed, clauses=False) if lifted is not None else []
        holders = [
            h
            for h in holders
            if not _overlaps(h, a, b) and not _same_thing(h, target, doc_text(sdoc)[a:b])
        ]
        if not holders:
            continue
        found = _polarity(tok, cues, lang, scorer, sdoc, sentence, a, b)
        if found is None:
            continue
        confidence = stance_confidence(
            holder_how, found[1] is not None, len(holders), negative=found[0] == "neutral"
        )
        for holder in holders:
            yield FoundStance(
                holder,
                holder.mention.id,
                target,
                (a, b),
                found[0],
                found[1],
                quote,
                sentence,
                confidence,
                holder_how,
            )


# position words strong enough to make what they govern a target of its own when the target
# list does not name it ("speak positively about military intervention in Syria", "criticized
# Nabisco", "refused to vote on the nominee"); weaker cues ("end", "leave", "ties") take a side
# only toward a listed target
FREE_TEXT_CUES = frozenset(
    {
        "oppose", "criticize", "criticise", "criticism", "critical", "condemn", "reject",
        "support", "favour", "favor", "favorable", "favourable", "positively", "negatively",
        "welcome", "endorse", "approve", "admire", "recognize", "recognise",
        "praise", "applaud", "champion", "advocate", "advocacy", "back", "defend", "sponsor",
        "co-sponsor", "attack", "blast", "slam", "bash", "deride", "mock", "ridicule",
        "denounce", "decry", "disparage", "accuse", "refuse", "decline", "block",
    }
)  # fmt: skip
# of those, the ones whose open complement is what the position is toward ("refused to vote
# on the nominee", "declined to participate in the debate")
VERB_OBJECT_CUES = frozenset({"refuse", "decline", "oppose", "support", "favor", "favour"})
# cues that take a side only as verbs ("backed Cruz"; not "turned his back on")
VERB_ONLY_CUES = frozenset({"back", "champion", "block", "blast", "slam", "mock"})
# nouns of support that go to the subject of the verb they are the object of ("has the support
# of women", "won the backing of"; relations/stance_nouns.py reads those)
_RECEIVED = frozenset({"support", "backing", "endorsement"})
# verbs whose subject is the one such support goes to: "had endorsements from …"
RECEIVING = frozenset(
    {"have", "receive", "win", "get", "secure", "earn", "land", "gain", "enjoy", "pick"}
)
COMMENTING = frozenset(
    {"say", "speak", "comment", "answer", "discuss", "talk", "elaborate", "disclose",
     "respond", "reveal", "name", "confirm", "specify", "detail", "explain", "offer",
     "provide", "give", "share", "identify"}
)  # fmt: skip
# a change for the better that someone expects or hopes for is a position toward what changes
CHANGE_CUES = frozenset({"improve", "strengthen"})
EXPECTING = frozenset(
    {"confidence", "confident", "hope", "hopeful", "expect", "expectation", "believe",
     "optimism", "optimistic", "sure", "convinced", "predict", "trust", "certain"}
)  # fmt: skip


def _expected(tok: Any) -> bool:
    """A verb in the clause of an expecting word: "confidence that …", "hopes that …"."""
    return tok.dep_ in ("ccomp", "acl", "advcl") and tok.head.lemma_.lower() in EXPECTING


_OBJECT_PREPS = frozenset({"about", "of", "for", "to", "on", "against", "toward", "towards"})
_FREE_WORDS = 16  # a longer object is cut to its head and the words before it
# what a phrase leaves out after its head: its clauses, conjuncts and asides
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "advcl", "appos", "conj", "cc", "punct", "ccomp"})


def free_targets(
    toks: Sequence[Any],
    listed: Sequence[tuple[int, int, str]],
    placed: Sequence[Placed],
    cues: CueList,
    fullest: Callable[[Placed], str] | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, text) of what a strong position word (``FREE_TEXT_CUES``) governs, or of
    what is expected to get better (``CHANGE_CUES`` under ``EXPECTING``), when it holds no
    listed target: the noun's phrase without the clauses, the conjuncts or the commas after it,
    as written ("military intervention in Syria in support of President Bashar al-Assad"); the
    course of action a refusal or support names ("refused to vote on President Obama's
    nominee"); or, where ``fullest`` is given and the object is an actor ("criticized Mrs.
    Clinton"), that actor under the fullest name the article gives it."""
    out: list[tuple[int, int, str]] = []
    for tok in toks:
        if _cue(tok, cues) is None:
            continue
        lemma = tok.lemma_.lower()
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            continue  # "Cruz was favored to win": the position of nobody named
        if _contrasted(tok):
            continue  # "as opposed to (defending …)": a contrast, no position
        if lemma in VERB_ONLY_CUES and tok.pos_ != "VERB":
            continue  # "turned his back on", "bring back": no backing
        if tok.pos_ == "NOUN" and _received(tok):
            continue  # "Clinton has the support of women": the support goes to the subject
        if lemma in FREE_TEXT_CUES:
            obj = _governed(tok.head if tok.pos_ == "ADV" else tok)
            if obj is None and lemma in VERB_OBJECT_CUES:
                obj = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        elif lemma in CHANGE_CUES and _expected(tok):
            # "expressed confidence that … Russian-Italian relations will improve"
            obj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        else:
            continue
        if obj is None:
            continue
        if any(x <= obj.idx < y for x, y, _ in [*listed, *out]):
            continue  # the list names it
        actor = next((p for p in placed if p.root == obj), None)
        if actor is not None:
            if fullest is not None:
                out.append((actor.start, actor.end, fullest(actor)))
            continue  # "support Salvini": without ``fullest``, a tie's business
        if obj.pos_ == "NOUN":
            phrase = _noun_phrase(obj, cues)
        elif obj.pos_ == "VERB" and obj.dep_ in ("xcomp", "pcomp"):
            if obj.lemma_.lower() in COMMENTING:
                continue  # "refused to say whether …" is no position on anything
            phrase = _verb_phrase(obj)
            if len(phrase) < 2:
                continue  # "whom Trump refused to endorse": the object is elsewhere
        else:
            continue
        if not phrase:
            continue
        a, b = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        if any(x < b and a < y for x, y, _ in [*listed, *out]) or any(
            p.start <= obj.idx < p.end for p in placed
        ):
            continue  # the list names it, or its head is an actor
        out.append((a, b, doc_text(obj.doc)[a:b]))
    return out


def _noun_phrase(obj: Any, cues: CueList) -> list[Any]:
    if any(_cue(c, cues) for c in obj.children if c.i < obj.i):
        return []  # "support for anti-establishment parties": its own words take a side
    keep = [obj]
    for child in obj.children:
        if child.dep_ in _NOT_IN_PHRASE and not _infinitive_of(child, obj):
            continue
        if child.i > obj.i and any(t.text == "," for t in obj.doc[obj.i : child.i]):
            continue
        keep.extend(child.subtree)
    pointing = [
        c
        for c in obj.children
        if c.dep_ in ("det", "poss") and c.pos_ in ("DET", "PRON") and c.lower_ not in ("a", "an")
    ]
    if pointing and len(keep) == 1 + sum(len(list(c.subtree)) for c in pointing):
        return []  # "the notion", "this person", "his support": named elsewhere, if at all
    keep = [t for t in sorted(keep, key=lambda t: t.i) if not (t.dep_ == "det" and t.i < obj.i)]
    if keep[0].tag_ in ("WP$", "WDT", "WP"):
        return []  # "supporting Mr. Trump, whose dynamism": the phrase is about Trump
    if len(keep) > _FREE_WORDS:
        keep = [t for t in keep if t.i <= obj.i]
    return keep


def _received(noun: Any) -> bool:
    """ "has the support of women", "enjoys strong support among voters"."""
    return (
        noun.lemma_.lower() in _RECEIVED
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() in RECEIVING
    )


def _infinitive_of(child: Any, noun: Any) -> bool:
    """ "a proposal to ban Muslims", "GOP efforts to defund the group", "changes states made
    in voting laws", "the regulations imposed on banks": a to-infinitive, a participle or a
    relative clause with no relative word says which one the noun is, as the text names it."""
    if child.i < noun.i:
        return False
    if child.dep_ == "acl":
        to = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        return to or child.tag_ in ("VBN", "VBG")
    if child.dep_ == "relcl":
        return not any(
            t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.lower_ == "that" for t in child.subtree
        )
    return False


def _verb_phrase(verb: Any) -> list[Any]:
    """ "(refused) to vote on President Obama's nominee": the verb and its objects, without
    its subject, its "to", its clauses, or what follows a comma."""
    keep = [verb]
    for child in verb.children:
        if child.dep_ in _NOT_IN_PHRASE or child.dep_ in ("aux", "nsubj", "neg", "mark"):
            continue
        if child.i < verb.i and child.dep_ not in ("advmod", "prt"):
            continue
        if child.i > verb.i and any(t.text == "," for t in verb.doc[verb.i : child.i]):
            continue
        keep.extend(child.subtree)
    keep = sorted(keep, key=lambda t: t.i)
    return keep[:_FREE_WORDS]


def fullest_name(mention: Mention, mentions: Sequence[Mention]) -> str:
    """The fullest form the article gives an actor: the longest name holding all of
    ``mention``'s words ("Clinton" -> "Hillary Clinton"), of the same type where there is one
    (the recogniser's type of a lone surname wavers), unless two such names differ ("Hillary
    Clinton", "Bill Clinton"), where the name stays as written."""
    own = set(mention.norm.split())
    fuller = [m for m in mentions if own < set(m.norm.split())]
    fuller = [m for m in fuller if m.type == mention.type] or fuller
    names = {m.norm: m.text for m in fuller}
    top = [n for n in names if not any(set(n.split()) < set(o.split()) for o in names)]
    return names[top[0]] if len(top) == 1 else mention.text


def _contrasted(tok: Any) -> bool:
    """``tok`` is, or is governed by, the "opposed" of "as opposed to"."""
    node = tok
    for _ in range(4):
        if node.lower_ == "opposed" and node.i > 0 and node.nbor(-1).lower_ == "as":
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _addressed(tok: Any) -> bool:
    """The clause ``tok`` is in has "you" for its subject."""
    verb = tok
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    return any(c.dep_ == "nsubj" and c.lower_ == "you" for c in verb.children)


def _verb_above(tok: Any) -> Any | None:
    """The nearest verb above ``tok``'s own clause."""
    node = tok
    for _ in range(6):
        if node.head == node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _governed(tok: Any) -> Any | None:
    """A word's direct object, else the object of its preposition ("critical of", "speak
    about", "support for")."""
    for child in tok.children:
        if child.dep_ == "dobj":
            return child
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
            return next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
    return None


def _modifies_another(
    tok: Any, span: tuple[int, int], targets: Sequence[tuple[int, int, str]]
) -> bool:
    """A target named as the possessor or modifier of another target's phrase."""
    if tok.dep_ not in ("poss", "compound", "nmod"):
        return False
    at = tok.head.idx
    return any(a <= at < b for a, b, _ in targets if (a, b) != span)


def tie_stance_confidence(tie: float | None) -> float:
    """A stance read from a tie is as sure as the tie."""
    return round(HOLDER["tie"] * (1.0 if tie is None else tie), 3)


def grouped(found: Iterable[FoundStance]) -> list[list[FoundStance]]:
    """Stances by holder, target and statement (the quote, else the sentence): one holder
    naming a target twice in one statement takes one position toward it (``overall``)."""
    groups: dict[tuple[str, str, object], list[FoundStance]] = {}
    for f in found:
        statement = f.quote.id if f.quote is not None else f.sentence
        key = (f.holder_mention, f.target, statement)
        groups.setdefault(key, []).append(f)
    return list(groups.values())


def overall(group: Sequence[FoundStance]) -> Polarity:
    """The position a group of readings shows: mixed when it is both pro and anti ("NATO was
    born with a noble mission … but today it …"), else the one taken, else neutral."""
    kinds = {f.polarity for f in group}
    if {"pro", "anti"} <= kinds or "mixed" in kinds:
        return "mixed"
    return next((p for p in ("pro", "anti") if p in kinds), "neutral")


def _bracketed(p: Placed, text: str) -> bool:
    """The mention stands in brackets beside a name ("Chris Collins (R-N.Y.)"): it says where
    that person is from, it holds no position of its own."""
    opened = text.rfind("(", max(0, p.start - 40), p.start)
    return (
        opened >= 0
        and ")" not in text[opened : p.start]
        and ")" in text[p.end : p.end + 40]
        and "(" not in text[p.end : text.find(")", p.end)]
    )


def _overlaps(p: Placed, a: int, b: int) -> bool:
    return p.start < b and a < p.end


def _polarity(
    tok: Any,
    cues: CueList,
    lang: str,
    scorer: Scorer | None,
    sdoc: Any,
    sentence: Sentence,
    a: int,
    b: int,
) -> tuple[Polarity, tuple[int, int] | None] | None:
    found = polarity_of(tok, cues, lang)
    if found is not None:
        polarity, cue = found
        return polarity, (cue.idx, cue.idx + len(cue.text))
    if scorer is None:
        return None
    text = doc_text(sdoc)[sentence.start : sentence.end]
    label, _p = scorer(text, a - sentence.start, b - sentence.start)
    if label in ("pro", "anti"):
        return label, None  # type: ignore[return-value]
    return None


def _same_thing(holder: Placed, target: str, surface: str) -> bool:
    """Russia's stance toward Russia is no stance."""
    name = holder.mention.text.lower()
    return name in (target.lower(), surface.lower()) or target.lower() in name


def _quote_covering(quotes: Sequence[Quote], a: int, b: int) -> Quote | None:
    for q in quotes:
        for ev in q.evidence:
            if ev.role in (None, "content") and ev.start <= a and b <= ev.end:
                return q
    return None


def from_words(text: str, r: Reading) -> Iterator[FoundStance]:
    """Without a parse: a cue word among the few words before the target, and the quote's
    speaker or the nearest actor mention before the cue as the holder."""
    sentence, lang = r.sentence, r.lang
    negs = NEGATIONS.get(lang, set())
    for a, b, target in r.targets:
        before = list(re.finditer(r"\w+", text[max(sentence.start, a - 80) : a]))[-WINDOW:]
        offset = max(sentence.start, a - 80)
        hit = None
        for m in reversed(before):
            word = m.group(0).lower()
            for words, cue_polarity in r.cues:
                if word == words[0] or (len(words) == 1 and stem_match(word, words[0])):
                    hit = (offset + m.start(), offset + m.end(), cue_polarity)
                    break
            if hit:
                break
        if hit is None:
            continue
        quote = _quote_covering(r.quotes, a, b)
        holder = r.mention_of_speaker(quote) if quote is not None else None
        if holder is None:
            candidates = [p for p in r.placed if p.end <= hit[0]]
            holder = candidates[-1] if candidates else None
        if holder is None or _same_thing(holder, target, text[a:b]):
            continue
        polarity = cast(Polarity, hit[2])
        if words_negated(text[holder.end : hit[0]], lang) or any(
            w in negs for w in text[max(sentence.start, hit[0] - 12) : hit[0]].lower().split()
        ):
            polarity = FLIP[polarity]
        how = "speaker" if quote is not None and holder is not None else "nearest"
        yield FoundStance(
            holder,
            holder.mention.id,
            target,
            (a, b),
            polarity,
            (hit[0], hit[1]),
            quote,
            sentence,
            stance_confidence(how, True, 1),
            how,
        )
