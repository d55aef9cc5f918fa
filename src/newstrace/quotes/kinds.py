"""What a quote is: speech (``direct``, ``reported``) or another attribution (``belief``,
``intention``, ``evaluation``, ``other``), from its cue and the form of its content.

PolNeAR, which the tagger learned from, marks every attribution: what someone said, but also
what they believe, intend or make of something ("Trump attacked the deal", "polls show …"). An
analyst citing a quote means speech: words someone said or wrote. So:

- a quotation in marks that reads as a statement (a verb, or a sentence's worth of words) is
  ``direct`` speech, whatever verb is near it: the marks say these are someone's words;
- unquoted content is ``reported`` speech when its cue is a speech verb or noun (cues.tsv kind
  ``speech``: say, tell, according to, "in a statement"), a name-colon line or a signature
  dash, and the content is a statement: a bare noun phrase ("announced a plan", "denied the
  allegations") is not a quote;
- otherwise the cue's kind says what it is (believe: ``belief``, want: ``intention``, criticize:
  ``evaluation``), and ``other`` where no hand-written row classifies it ("polls show").

The default lists show speech with a speaker (``listed``); ``--all`` shows the rest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from ..model import Quote
from .cues import Cues
from .extract import Found, Span
from .marks import MARKS, find_quotations

QuoteKind = Literal["direct", "reported", "belief", "intention", "evaluation", "other"]
SPEECH: tuple[QuoteKind, ...] = ("direct", "reported")
KINDS: tuple[QuoteKind, ...] = ("direct", "reported", "belief", "intention", "evaluation", "other")
STATEMENT_WORDS = 8  # words that make a quotation a statement without a verb to tell
MIN_QUOTED_WORDS = 3  # a shorter quotation is a phrase held up ("a disaster"), not a statement
_WORD = re.compile(r"\w+")
_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VB", "MD", "VBG", "VBN"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _n_words(text: str, spans: Sequence[Span]) -> int:
    return sum(len(_WORD.findall(text, a, b)) for a, b in spans)


def _tokens(sdoc: Any, spans: Sequence[Span]) -> list[Any]:
    out: list[Any] = []
    for a, b in spans:
        span = sdoc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            out.extend(span)
    return out


def _verb(tok: Any) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX") or tok.tag_ in _VERB_TAGS)


def statement(sdoc: Any, text: str, content: Sequence[Span], quoted: bool) -> bool:
    """The content reads as a statement. Without a parse: at least ``MIN_QUOTED_WORDS``
    words. With one, a quotation holds a verb or, opening with its mark, runs to
    ``STATEMENT_WORDS`` words (a quoted sentence may be cut); reported content is a clause: a verb heads it, not a noun ("called
    an emergency meeting to discuss …" reports no words)."""
    n = _n_words(text, content)
    if n < MIN_QUOTED_WORDS:
        return False
    if sdoc is None or not sdoc.has_annotation("DEP"):
        return True
    toks = _tokens(sdoc, content)
    if quoted:
        # a long quotation may be a cut sentence; words around a quoted phrase ("Five Star
        # as “an extremely pacifist political force”") are not
        whole = text[content[0][0]] in MARKS
        return (whole and (n >= STATEMENT_WORDS or _uttered(text, content))) or any(
            _verb(t) for t in toks
        )
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    if any(_verb(t) for t in heads if not t.is_punct):
        return True
    # a noun with a clause of its own ("his message that the country needs order"), not a
    # relative clause that only describes it ("behaviour in which capitalists were given …")
    return any(t.tag_ in _FINITE and not _in_relative(t, inside) for t in toks)


def _uttered(text: str, content: Sequence[Span]) -> bool:
    """Every fragment is a whole quotation closed on a sentence's end inside its marks
    ("declared “What a Super Tuesday!”"): a sentence said, not a phrase held up ("called it
    “a disaster”")."""
    for a, b in content:
        chunk = text[a:b].rstrip()
        if len(chunk) < 3 or chunk[0] not in MARKS or chunk[-1] not in MARKS:
            return False
        if chunk[-2] not in ".!?…":
            return False
    return True


def _in_relative(tok: Any, inside: set[int]) -> bool:
    while tok.i in inside and tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "acl"):
            return True
        tok = tok.head
    return False


def cue_kind(sdoc: Any, text: str, cue: Span, lang: str, cues: Cues) -> str | None:
    """The kind of attribution a cue makes (speech, belief, intention, evaluation) from its
    words' lemmas (or lower-cased words, without a parse); "according to" and a punctuation
    cue (a name-colon line, a signature dash) are speech; None when nothing classifies it."""
    words = text[cue[0] : cue[1]]
    if not _WORD.search(words):
        return "speech"  # "Name: …", "“…” ― Name"
    low = words.lower()
    if any(low.startswith(p) or f" {p}" in low for p in cues.according.get(lang, ())):
        return "speech"
    if sdoc is not None and sdoc.has_annotation("DEP"):
        lemmas = [t.lemma_.lower() for t in _tokens(sdoc, [cue]) if not t.is_punct]
    else:
        # without a parse, the cue as the words matched ("ha detto") and each of its words
        lemmas = [" ".join(_WORD.findall(low)), *_WORD.findall(low)]
    # the first word that classifies the cue is its head: "are trying to predict" is an
    # intention, "issued a statement calling" speech
    return next((k for k in (cues.kind(lang, w) for w in lemmas) if k is not None), None)


def kind_of(
    found: Found,
    sdoc: Any,
    text: str,
    lang: str,
    cues: Cues,
    confident: bool = True,
    phrase_confident: bool = False,
) -> QuoteKind:
    """What one quote is (see the module's docstring). ``confident``: the reader of contents
    (the tagger, where it ran) is sure enough of unquoted content to call it reported speech;
    ``phrase_confident``: sure enough of it to call a phrase that is not a clause on a speech
    cue reported speech ("has called for the complete repeal of Obamacare")."""
    direct = found.kind == "direct"
    kind = cue_kind(sdoc, text, found.cue, lang, cues) if found.cue is not None else None
    # a quotation on a cue of another kind is speech when it is a clause ("oppose “Brothers
    # of Italy … the League”" lists names, it reports no words)
    if (
        direct
        and statement(sdoc, text, found.content, True)
        and (kind in (None, "speech") or statement(sdoc, text, found.content, False))
    ):
        return "direct"
    if kind in ("belief", "intention", "evaluation"):
        return kind  # type: ignore[return-value]
    if kind == "speech" and _label(sdoc, text, found):
        # "described Five Star as “an extremely pacifist political force”": the speaker's
        # label for something, not words reported
        return "evaluation"
    # a name-colon line ("WALLACE: Do you really see …") is set out as words said, whatever
    # the tagger makes of it
    punct = found.cue is not None and not _WORD.search(text, found.cue[0], found.cue[1])
    if (
        kind == "speech"
        and not direct
        and (confident or punct)
        and statement(sdoc, text, found.content, False)
    ):
        return "reported"
    if (
        kind == "speech"
        and confident
        and sdoc is not None
        and sdoc.has_annotation("DEP")
        and _holds_quotation(text, found.content)
    ):
        # words quoted on a speech verb are words said, even as a label ("Jeb Bush called
        # Trump “unhinged.”", "called the statement “offensive and outlandish”"); the tagger
        # must be as sure of them as of reported speech (chosen on English with the parse;
        # without one, Russian gold lost precision to it)
        return "reported"
    if (
        kind == "speech"
        and not direct
        and phrase_confident
        and _n_words(text, found.content) >= MIN_QUOTED_WORDS
    ):
        return "reported"
    return "other"


def _label(sdoc: Any, text: str, found: Found) -> bool:
    """The content is what the cue verb calls something, its object and a quotation after
    "as" ("described Five Star as “an extremely pacifist political force”"), and the phrase
    after "as" is no clause: a label the speaker gives, not a statement."""
    if sdoc is None or not sdoc.has_annotation("DEP") or found.cue is None:
        return False
    verbs = [t for t in _tokens(sdoc, [found.cue]) if t.pos_ in ("VERB", "AUX")]
    inside = {t.i for t in _tokens(sdoc, found.content)}
    for verb in verbs[:1]:
        if not any(c.dep_ == "dobj" and c.i in inside for c in verb.children):
            return False
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "as" and child.i in inside:
                phrase = [t for t in child.subtree if t.i != child.i]
                end = phrase[-1].idx + len(phrase[-1].text) if phrase else child.idx
                return (
                    bool(phrase)
                    and not any(_verb(t) for t in phrase)
                    and _holds_quotation(text, [(child.idx, end)])
                )
    return False


def _holds_quotation(text: str, content: Sequence[Span]) -> bool:
    """A quotation opens inside the content ("called Trump “unhinged.”")."""
    a, b = content[0][0], content[-1][1]
    return any(a <= q.start < b for q in find_quotations(text))


def is_listed(quote: Quote) -> bool:
    """A quote the default lists show: speech (direct or reported) with a speaker."""
    return quote.kind in SPEECH and bool(
        quote.speaker or quote.speaker_mention or quote.speaker_text
    )
