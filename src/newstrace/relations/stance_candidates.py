"""Stance candidates: every (holder, target) pair one parsed sentence could state a position
of, before anything decides whether it does (relations.stance_model scores them).

Holders are actor mentions that speak or act in the sentence:
- the subject of a clause (all its parties: "Clinton and Sanders"; a relative pronoun stands for
  the noun its clause hangs on, a pronoun in reported speech for the speaker; syntax.clause_subject);
- the speaker the quotes stage gives a quote in the sentence (its pronouns already resolved);
- a "he", "she" or "they" subject: the nearest person (group, for "they") named before it.

Targets are what the holder's verb or noun governs, as the text names it: its object, the object
of its preposition ("for", "against", "on", "of", ...), an open or reported clause ("to defund
Planned Parenthood", "that the deal is a disaster": the clause and the phrases in it), the
predicate of a copula, the noun the holder owns ("Trump's proposal to ban Muslims"), and every
other actor mention in the clause (under the fullest name the article gives it); for a speaker,
every phrase in the quote's words. A phrase is its head's subtree up to a comma, a dash or a
bracket after the head, at most ``MAX_WORDS`` words."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import AnalysisDoc, Mention, Quote, Sentence
from ..text import doc_text
from .stances import fullest_name
from .syntax import Placed, actor_mentions, clause_subject, has_parse, is_party, tokens_of, within

MAX_WORDS = 24
# arcs whose word is an argument that may name a target
_ARGUMENTS = frozenset({"dobj", "pobj", "attr", "oprd", "xcomp", "ccomp", "nsubjpass", "dative"})
_PRONOUN_HOLDERS = {"he": "m", "she": "f", "they": "plural"}
PRONOUN_REACH = 400  # characters back a "he", "she" or "they" may stand for a name
# what ends a phrase after its head: an aside or another clause
_STOPS = frozenset({",", "—", "–", "--", "(", ";", ":", '"', "“", "”"})
_HEAD_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "PRON"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One (holder, target) pair of a sentence and what it was read from."""

    holder: Placed
    how: str  # the holder: "subject", "speaker" or "pronoun"
    span: tuple[int, int]  # the target's characters
    target: str  # as the text names it (an actor: its fullest name)
    head: int  # the target head's token index
    governor: int | None  # token index of the word that governs the target (verb or noun)
    arc: str  # how the target hangs on the governor: dobj, prep_for, xcomp, actor, quoted, ...
    sentence: Sentence
    quote: Quote | None = None
    target_mention: str | None = None  # the actor mention the target is, if any


def phrase(head: Any) -> list[Any]:
    """The head's subtree (a verb's without the clauses listed after it), cut at the first
    comma, dash or bracket after the head, without a leading determiner or punctuation, at
    most ``MAX_WORDS`` tokens."""
    toks = list(head.subtree)
    if head.pos_ in ("VERB", "AUX"):
        # a clause is its own: "to end the program" without "and to raise the wage" after it
        listed = {t.i for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree}
        toks = [t for t in toks if t.i not in listed]
    out = []
    for t in toks:
        if t.i > head.i and t.text in _STOPS:
            break
        out.append(t)
    while out and (out[0].is_punct or (out[0].dep_ == "det" and out[0].i < head.i)):
        out = out[1:]
    while out and out[-1].is_punct:
        out = out[:-1]
    if len(out) > MAX_WORDS:
        out = [t for t in out if t.i <= head.i][-MAX_WORDS:]
    return out


def _span_of(toks: Sequence[Any]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _verb_of(tok: Any) -> Any:
    """The verb of the clause ``tok`` is in (or the root)."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head == node:
            return node
        node = node.head
    return node


def _arguments(gov: Any, depth: int = 0) -> Iterator[tuple[Any, Any, str]]:
    """(head, governor, arc) of what ``gov`` governs: objects, the objects of its prepositions,
    its open and reported clauses and their own arguments, a copula's predicate and what that
    predicate governs ("critical of", "opposed to")."""
    for c in gov.children:
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    yield g, gov, f"prep_{c.lower_}"
                    if depth < 2 and g.pos_ == "VERB":
                        yield from _arguments(g, depth + 1)
        elif c.dep_ in _ARGUMENTS:
            yield c, gov, c.dep_
            if depth < 2 and c.dep_ in ("xcomp", "ccomp", "oprd"):
                yield from _arguments(c, depth + 1)
                # the subject of a reported clause: "said the deal was a disaster"
                for s in c.children:
                    if s.dep_ in ("nsubj", "nsubjpass"):
                        yield s, c, "ccomp_subject"
        elif c.dep_ == "acomp":
            yield c, gov, "acomp"
            if depth < 2:
                yield from _arguments(c, depth + 1)
        elif c.dep_ == "conj" and c.pos_ in ("VERB",) and depth < 2:
            yield from _arguments(c, depth + 1)


def _owned(p: Placed) -> Iterator[tuple[Any, Any, str]]:
    """What a holder's noun names: "Trump's proposal to ban Muslims", "Clinton's support for
    the deal": the noun's phrase and what it governs."""
    tok = p.root
    if tok is None or tok.dep_ != "poss":
        return
    noun = tok.head
    yield noun, noun, "owned"
    yield from _arguments(noun, 1)


def _pronoun_holder(
    subj: Any, placed_before: Sequence[Placed], types: Callable[[Placed], str]
) -> Placed | None:
    want = _PRONOUN_HOLDERS.get(subj.lower_)
    if want is None:
        return None
    for p in reversed(placed_before):
        if subj.idx - p.end > PRONOUN_REACH:
            return None
        kind = types(p)
        if want == "plural" and kind in ("party", "organization"):
            return p
        if want != "plural" and kind == "person":
            return p
    return None


def _holders_of(verb: Any, placed: Sequence[Placed], speech: set[str]) -> list[Placed]:
    subj = clause_subject(verb, speech)
    if subj is None:
        return []
    found = within(subj, placed, clauses=False)
    return [h for h in found if is_party(h, subj)]


def candidates(
    toks: Sequence[Any],
    sentence: Sentence,
    placed: Sequence[Placed],
    quotes: Sequence[Quote],
    speaker: Callable[[Quote], Placed | None],
    speech: set[str],
    earlier: Sequence[Placed] = (),
    fullest: Callable[[Placed], str] | None = None,
) -> list[Candidate]:
    """Every candidate of one parsed sentence (``toks``): ``placed`` its actor mentions,
    ``quotes`` the quotes touching it, ``speaker`` a quote's named speaker, ``speech`` the
    speech verbs, ``earlier`` the actor mentions before it (for "he", "she", "they"),
    ``fullest`` an actor's fullest name in the article."""
    if not toks:
        return []
    text = doc_text(toks[0].doc)
    name = fullest or (lambda p: p.mention.text)
    out: dict[tuple[str, int, int], Candidate] = {}
    in_sentence = {t.i for t in toks}
    owner = {p.root.i: p for p in placed if p.root is not None}
    spoken: dict[str, list[tuple[Quote, int, int]]] = {}
    for q in quotes:
        if (who := speaker(q)) is not None:
            spoken.setdefault(who.mention.id, []).extend(
                (q, ev.start, ev.end) for ev in q.evidence if ev.role in (None, "content")
            )

    def add(
        holder: Placed, how: str, head: Any, gov: Any | None, arc: str, quote: Quote | None
    ) -> None:
        if head.i not in in_sentence or head.pos_ not in _HEAD_POS:
            return
        if holder.root is not None and head.i == holder.root.i:
            return
        actor = owner.get(head.i)
        if actor is not None:
            if actor.mention.id == holder.mention.id or _same(actor, holder):
                return
            span, target = (actor.start, actor.end), name(actor)
        else:
            if head.pos_ == "PRON":
                return
            toks_ = phrase(head)
            if not toks_:
                return
            span = _span_of(toks_)
            if holder.start < span[1] and span[0] < holder.end:
                return  # the holder inside its own target
            target = text[span[0] : span[1]]
        key = (holder.mention.id, *span)
        if key in out:
            return
        if quote is None:
            # the holder's own quoted words, whichever way the holder was found
            quote = next(
                (q for q, a, b in spoken.get(holder.mention.id, ()) if a <= head.idx < b), None
            )
            how = "speaker" if quote is not None else how
        out[key] = Candidate(
            holder,
            how,
            span,
            target,
            head.i,
            gov.i if gov is not None else None,
            arc,
            sentence,
            quote,
            actor.mention.id if actor is not None else None,
        )

    # holders by clause: subjects, pronouns; targets: what the clause's verb governs
    for verb in toks:
        if verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "ROOT":
            continue
        holders = [(h, "subject") for h in _holders_of(verb, placed, speech)]
        if not holders:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
            if subj is not None and subj.pos_ == "PRON":
                before = [*earlier, *(p for p in placed if p.end <= subj.idx)]
                h = _pronoun_holder(subj, before, lambda p: p.mention.type)
                if h is not None:
                    holders = [(h, "pronoun")]
        if not holders:
            continue
        for head, gov, arc in _arguments(verb):
            for item in (head, *_conjuncts(head)):
                for h, how in holders:
                    add(h, how, item, gov, arc, None)
        # every other actor the clause names
        for p in within(verb, placed, clauses=False):
            if p.root is None:
                continue
            for h, how in holders:
                add(h, how, p.root, verb, "actor", None)
    # every other actor of the sentence, for every holder found in it
    holders_found = {c.holder.mention.id: (c.holder, c.how) for c in list(out.values())}
    for h, how in holders_found.values():
        for p in placed:
            if p.root is not None:
                add(h, how, p.root, None, "actor_far", None)
    # a holder's own noun
    for p in placed:
        for head, gov, arc in _owned(p):
            add(p, "owner", head, gov, arc, None)
    # a speaker: every phrase in the quote's words in this sentence
    for q in quotes:
        holder = speaker(q)
        if holder is None:
            continue
        spans = [(ev.start, ev.end) for ev in q.evidence if ev.role in (None, "content")]
        for t in toks:
            if not any(a <= t.idx < b for a, b in spans):
                continue
            if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "xcomp", "ccomp") or (
                t.i in owner
            ):
                add(holder, "speaker", t, t.head, f"quoted_{t.dep_}", q)
    return list(out.values())


def _conjuncts(head: Any) -> list[Any]:
    """The items listed with a target: "rebuilding the military, taking care of veterans"."""
    out: list[Any] = []
    node = head
    for _ in range(8):
        nxt = next((c for c in node.children if c.dep_ == "conj"), None)
        if nxt is None:
            return out
        out.append(nxt)
        node = nxt
    return out


def _same(a: Placed, b: Placed) -> bool:
    return a.mention.norm == b.mention.norm


EARLIER = 30  # actor mentions before a sentence that a "he", "she" or "they" may stand for


def of_article(doc: AnalysisDoc, speech: set[str]) -> list[Candidate]:
    """Every candidate of a parsed article, sentence by sentence (none without a parse)."""
    if not has_parse(doc.parse):
        return []
    by_id: dict[str, Mention] = {m.id: m for m in [*doc.mentions, *doc.sources]}

    def speaker(q: Quote) -> Placed | None:
        m = by_id.get(q.speaker_mention or "")
        return Placed(m, None) if m is not None and m.type != "unnamed_source" else None

    def fullest(p: Placed) -> str:
        return fullest_name(p.mention, doc.mentions)

    out: list[Candidate] = []
    earlier: list[Placed] = []
    for sentence in doc.sentences:
        placed = actor_mentions(doc.mentions, sentence, doc.parse)
        quotes = [
            q
            for q in doc.quotes
            if any(ev.start < sentence.end and sentence.start < ev.end for ev in q.evidence)
        ]
        toks = tokens_of(doc.parse, sentence)
        out.extend(candidates(toks, sentence, placed, quotes, speaker, speech, earlier, fullest))
        earlier = [*earlier, *placed][-EARLIER:]
    return out
