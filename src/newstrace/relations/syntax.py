"""What the relation readers share over one sentence: its actor mentions placed on the parse,
who a clause is about (the subject, inherited through relative pronouns, open complements and
reported speech), and whether a clause is negated or a denial."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..actors.resolve import ACTOR_TYPES
from ..model import Mention, Sentence
from ..quotes.extract import subject

NEGATIONS = {
    "en": {"not", "never", "no", "n't", "neither", "nor"},
    "ru": {"не", "никогда", "ни", "нет"},
    "it": {"non", "mai", "né"},
}
# verbs that deny what their complement says: "Salvini denied receiving money from Moscow"
DENIALS = {
    "en": {"deny", "reject", "refute", "dismiss", "rebut"},
    "ru": {"отрицать", "опровергнуть", "опровергать"},
    "it": {"negare", "smentire"},
}
RELATIVE = {"who", "which", "that", "whom"}


@dataclass(frozen=True, slots=True)
class Placed:
    """An actor mention and the token that heads it (None without a parse)."""

    mention: Mention
    root: Any | None

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


def has_parse(sdoc: Any) -> bool:
    return sdoc is not None and sdoc.has_annotation("DEP")


def actor_mentions(mentions: Sequence[Mention], sentence: Sentence, sdoc: Any) -> list[Placed]:
    """The sentence's mentions of actors, each with its head token where there is a parse."""
    placed = []
    for m in mentions:
        if m.type not in ACTOR_TYPES or not (sentence.start <= m.start < sentence.end):
            continue
        root = None
        if has_parse(sdoc):
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            root = span.root if span is not None and len(span) else None
        placed.append(Placed(m, root))
    return placed


def tokens_of(sdoc: Any, sentence: Sentence) -> list[Any]:
    span = sdoc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    return list(span) if span is not None else []


_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp"})


def within(tok: Any, placed: Sequence[Placed], *, clauses: bool = True) -> list[Placed]:
    """The mentions whose head lies in ``tok``'s subtree; with ``clauses=False``, not in a
    clause hanging on it ("movements that oppose the establishment … the EU": the movements,
    not the EU)."""
    if tok is None:
        return []
    left, right = tok.left_edge.i, tok.right_edge.i
    found = [p for p in placed if p.root is not None and left <= p.root.i <= right]
    if clauses:
        return found
    inner = {t.i for c in tok.subtree if c.dep_ in _CLAUSES and c != tok for t in c.subtree}
    return [p for p in found if p.root is not None and p.root.i not in inner]


# arcs by which a name stays the subject itself: "Clinton and Sanders", "Democrats, including
# Clinton", "Fox News Vice President Bill Sammon"; not "the chief judge of the Court"
_SAME_PARTY = frozenset({"conj", "appos", "cc", "pobj", "nmod"})
_WITH = frozenset({"including", "with", "alongside"})
# nouns whose "of" or "from" names who acts: "members of the Freedom Party", "a delegation of
# politicians from the League"
_GROUPS = frozenset(
    {"member", "leader", "official", "lawmaker", "representative", "leadership", "delegation",
     "politician", "delegate"}
)  # fmt: skip


def is_party(p: Placed, subj: Any) -> bool:
    """The mention is the subject or one of its parties, not a name inside its modifiers
    ("members of the Freedom Party" speak for it; "the chief judge of the Court" does not)."""
    tok = p.root
    for _ in range(6):
        if tok is None or tok == subj:
            return True
        if tok.dep_ == "prep" and (
            tok.lower_ in _WITH
            or (tok.lower_ in ("of", "from") and tok.head.lemma_.lower() in _GROUPS)
        ):
            tok = tok.head
            continue
        if tok.dep_ not in _SAME_PARTY or (
            tok.dep_ == "pobj" and tok.head.lower_ not in (*_WITH, "of", "from")
        ):
            return False
        tok = tok.head
    return False


def clause_subject(tok: Any, speech: set[str]) -> Any | None:
    """The subject of the clause ``tok`` belongs to: the nearest verb up the tree with a
    subject; a relative pronoun stands for the noun its clause hangs on ("Berlusconi, who has
    formed a close friendship"); a pronoun subject inside reported speech ("said his party
    never received") gives way to the speaker."""
    verb = tok
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        if verb.head == verb:
            break
        verb = verb.head
    subj = subject(verb, set())
    if subj is None and verb.dep_ == "ROOT":
        # a headline-like clause without a finite verb: "“Five star movement” and “the League”
        # to oppose Western sanctions"
        subj = next(
            (
                c
                for c in verb.children
                if c.i < verb.i and c.pos_ in ("PROPN", "NOUN") and c.dep_ != "npadvmod"
            ),
            None,
        )
    if subj is not None and subj.lower_ in RELATIVE and verb.dep_ == "relcl":
        return verb.head
    if subj is None or subj.pos_ == "PRON" or _pronoun_owned(subj):
        speaker = speech_head(verb, speech)
        if speaker is not None:
            said = subject(speaker, set())
            if said is not None:
                return said
    return subj


def _pronoun_owned(tok: Any) -> bool:
    """ "his party": a noun owned by a pronoun names nothing by itself."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def speech_head(tok: Any, speech: set[str]) -> Any | None:
    """The speech verb whose complement ``tok`` is in, if any."""
    node = tok
    for _ in range(10):
        if node.head == node:
            return None
        if (
            node.dep_ in ("ccomp", "xcomp", "advcl", "parataxis")
            and node.head.lemma_.lower() in speech
        ):
            return node.head
        node = node.head
    return None


# clauses whose negation is their own, not the clause they hang on
_OWN_CLAUSE = frozenset({"relcl", "acl", "advcl"})


def negated(tok: Any, lang: str, stop: Any | None = None, *, denial: bool = True) -> bool:
    """A negation on ``tok`` or on the verbs it depends on up to its clause (or ``stop``), or a
    denial verb above it ("denied receiving funding"); with ``denial=False`` a denial verb
    that is ``tok`` itself does not count ("rejected the proposal" is a position, not a
    negated one)."""
    negs = NEGATIONS.get(lang, set())
    denials = DENIALS.get(lang, set())
    node = tok
    for _ in range(8):
        if any(c.dep_ == "neg" or c.lower_ in negs for c in node.children):
            return True
        if node.lemma_.lower() in denials and (denial or node != tok):
            return True
        if (stop is not None and node == stop) or node.head == node:
            return False
        if node.dep_ in _OWN_CLAUSE:
            return False  # "Sanders, who endorsed Canova ..., did not show up"
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ccomp", "ROOT", "parataxis"):
            return node.head.lemma_.lower() in denials
        node = node.head
    return False


def words_negated(text: str, lang: str) -> bool:
    """Without a parse: a negation word in ``text``."""
    negs = NEGATIONS.get(lang, set()) | DENIALS.get(lang, set())
    return any(w.strip(".,;:!?\"“”«»'’").lower() in negs for w in text.split())


def stem_match(word: str, lemma: str) -> bool:
    """Without a lemmatiser: a word is an inflected form of ``lemma`` when it starts with the
    lemma less its last two letters (at least four): посетил ~ посетить, criticised ~ criticise."""
    stem = lemma[: max(4, len(lemma) - 2)]
    return word == lemma or (len(word) >= len(stem) and word.startswith(stem))
