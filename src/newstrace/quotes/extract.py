"""Quotes and reported speech in one parsed article, with their cue and speaker spans.

Two paths, one record:
- ``from_parse`` (a language with a dependency parser: English): direct quotations are tied
  to a cue verb in their sentence and its subject; reported speech is the clausal complement
  of a cue verb (``X said that …``, ``… , X said``), the infinitive of a belief or intent verb
  (``X wants to …``), or the rest of the sentence after ``according to X``;
- ``words.from_words`` (no parser: Italian, Russian), in its own module.
Both end in ``the_rest``: "Name: …" lines, signed quotations and the quotations no cue took.

Speakers are resolved by ``speakers.resolve`` afterwards; here they are spans."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..text import doc_text
from .cues import Cues
from .marks import Quoted, find_quotations

Span = tuple[int, int]
Kind = Literal["direct", "indirect"]

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_WHEN = frozenset({"DATE", "TIME"})  # "said Monday", "12:15 p.m. ... says": never a speaker
_TRIM = " \t\n,;:—–-"
# a verb is a cue when at least this share of its occurrences in PolNeAR train head a gold cue
# (cues.tsv 'learned' rows; hand-written rows weigh 0.4-1): "find", "support", "attack" pass
MIN_CUE_WEIGHT = 0.25
MIN_CUELESS_WORDS = 8  # a quotation with no cue shorter than this is a scare quote or a title
_WORD = re.compile(r"\w+")
# a name after one of these inside a speaker phrase only hangs on it ("a spokesman for Donald
# Trump", "the regions, which controlled the League", "il presidente del Consiglio", "в
# территории Осетии"): it is not who speaks
_ATTACHING_WORDS = (
    "of for to at with from in on by about against which who that whose "
    "di del della dello dei degli delle dell da dal dalla dai dagli nel nella nei negli "
    "al alla ai agli all sul sulla sull nell dall coll per con tra fra "
    "в во на о об с со к ко по из от до для при у за над под между который которая которые"
)
ATTACHING = frozenset(_ATTACHING_WORDS.split())


@dataclass(frozen=True, slots=True)
class Found:
    """A quote before speaker resolution. ``content`` are the spans of what was said (one per
    fragment of a split quote), ``speaker`` the span naming who said it (a name, a pronoun or a
    descriptor), ``sentence`` the span of the sentence(s) holding it."""

    content: tuple[Span, ...]
    kind: Kind
    cue: Span | None
    speaker: Span | None
    sentence: Span
    continues: bool = False  # a quotation with no cue of its own, continuing the last speaker

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


def trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def words(text: str, span: Span) -> int:
    return len(_WORD.findall(text, span[0], span[1]))


def inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def overlaps(span: Span, other: Span) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def same_paragraph(text: str, a: Span, b: Span) -> bool:
    """No line break between two spans (a cue and what it reports are in one paragraph)."""
    gap = text[min(a[1], b[1]) : max(a[0], b[0])] if not overlaps(a, b) else ""
    return "\n" not in gap


def tok_span(tok: Any) -> Span:
    return tok.idx, tok.idx + len(tok.text)


# ---- with a dependency parse ------------------------------------------------------------------


def subject(tok: Any, sources: set[str]) -> Any | None:
    """The subject of a cue verb, inherited along conjunctions and from the verb an auxiliary
    or an open complement hangs on ("smiled and said", "wanted to say"); after the verb, a name
    or a source noun (``sources``) is the subject of an inverted "said a source". A participle
    set off by a comma (", saying …") is said by the subject of the nearest clause before it."""
    main = _participle_subject(tok)
    if main is not None:
        return main
    for _ in range(5):
        if garbled(tok):
            return None
        for child in tok.children:
            if child.dep_ in _SUBJECTS and child.ent_type_ not in _WHEN:
                if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl" and _is_nounish(tok.head):
                    # "John Bentel, a staffer who told …": the antecedent, and the name it
                    # is in apposition to
                    ante = tok.head
                    return ante.head if ante.dep_ == "appos" and ante.head.pos_ == "PROPN" else ante
                return child
        for child in tok.children:
            if child.dep_ == "agent":  # "was told by X"
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        # inverted order: "said anonymous source in American counterintelligence"
        for child in tok.children:
            if (
                child.dep_ in ("dobj", "attr", "npadvmod")
                and child.i > tok.i
                and _is_nounish(child)
                and child.ent_type_ not in _WHEN  # "said Monday"
                and (child.pos_ == "PROPN" or child.lemma_.lower() in sources)
            ):
                return child
        if tok.dep_ not in ("conj", "xcomp", "advcl") or tok.head == tok:
            return None
        tok = tok.head
    return None


# a clause whose subject may say a participle after it: not a reported or relative one
_MAIN_DEPS = frozenset({"ROOT", "advcl", "conj"})


def _participle_subject(tok: Any) -> Any | None:
    """ ", saying …": the subject of the nearest clause before the comma that is not itself
    reported or relative ("Rice's comments came as Netanyahu turned down an invitation …,
    saying …" is Netanyahu's; "X said Y was wrong, adding …" is X's)."""
    if tok.tag_ != "VBG" or tok.lower_ == "according" or tok.i == 0:
        return None
    if tok.doc[tok.i - 1].text != ",":
        return None
    for i in range(tok.i - 2, tok.sent.start - 1, -1):
        verb = tok.doc[i]
        if verb.pos_ not in ("VERB", "AUX") or not _reported_free(verb):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.tag_ not in ("WP", "WDT") and subj.ent_type_ not in _WHEN:
            return subj
    return None


def _reported_free(verb: Any) -> bool:
    """The verb heads a main clause, or one hanging on it, not one inside reported content."""
    tok = verb
    while tok.head.i != tok.i:
        if tok.dep_ not in _MAIN_DEPS:
            return False
        tok = tok.head
    return tok.dep_ == "ROOT"


def _speaker(tok: Any, sources: set[str]) -> Span | None:
    """The speaker phrase of a cue verb's subject, if it has one."""
    subj = subject(tok, sources)
    return noun_phrase(subj) if subj is not None else None


def garbled(verb: Any) -> bool:
    """The parse ran a garbled clause into the verb: it has two subjects, and the nearest, a
    name, follows a relative clause with no comma to close it ("Gangi, Lavarini of …, which
    includes the coalition that includes the party “Forward, Italy” Berlusconi told …"), so
    where the relative clause ends, and who the subject is, are a guess: no speaker."""
    subjects = [
        c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i and c.pos_ == "PROPN"
    ]
    if len([c for c in verb.children if c.dep_ == "nsubj"]) < 2 or not subjects:
        return False
    near = max(subjects, key=lambda c: c.i)
    i = near.left_edge.i - 1
    if i < verb.sent.start:
        return False
    tok = verb.doc[i]
    if tok.is_punct or tok.is_space:
        return False
    while tok.head.i != tok.i and not tok.is_ancestor(near):
        if tok.dep_ == "relcl":
            return True
        tok = tok.head
    return False


def cue_verb(sdoc: Any, cue: Span) -> Any | None:
    """The verb of a cue span found without the parse (by the tagger): its first verb, or the
    verb its first word hangs on."""
    span = sdoc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    tok = verbs[0] if verbs else span.root
    if tok.dep_ in ("aux", "auxpass") or (
        tok.pos_ not in ("VERB", "AUX") and tok.head.pos_ == "VERB"
    ):
        tok = tok.head  # "has long been skeptical"; a nominal cue: "gave an acknowledgment"
    return tok


def cue_speaker(sdoc: Any, cue: Span, sources: set[str]) -> Span | None:
    """The speaker phrase of the verb in a cue span found without the parse (by the tagger):
    the subject of its verb (``cue_verb``)."""
    tok = cue_verb(sdoc, cue)
    return _speaker(tok, sources) if tok is not None else None


def speakerless(sdoc: Any, cue: Span) -> bool:
    """The parse says a tagged cue names nobody, so no tagged source may stand in for its
    subject: its verb has a garbled subject (``garbled``), or it is a noun, not a verb, set in a
    phrase of circumstance ("amid reports that …"; ``_HEARSAY_PREPS``)."""
    tok = cue_verb(sdoc, cue)
    if tok is None:
        return False
    if tok.pos_ in ("NOUN", "PROPN"):
        return tok.dep_ == "pobj" and tok.head.lower_ in _HEARSAY_PREPS
    return garbled(tok)


# speech verbs whose object is the addressee or the words' channel, never what was said
_NO_OBJECT_CONTENT = frozenset({"say", "tell", "add", "ask", "answer", "reply", "write", "tweet"})
_CONTENT_PREPS = frozenset({"for", "about", "to", "on", "against", "of", "over"})


def _object(tok: Any) -> Any | None:
    """What a cue verb with no clause is about: its direct object ("criticized the deal"), or
    the object of its preposition ("called for a ban", "pointed to the polls")."""
    for child in tok.children:
        if child.dep_ == "dobj" and child.pos_ != "PRON":
            return child
    for child in tok.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in _CONTENT_PREPS:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return pobj
    return None


# what else a cue verb governs after its object: "called X a 'nasty guy'", "accused X of …",
# "criticized X as …", "urges X to …", "railed against X, including …"
_PREDICATE_DEPS = frozenset({"prep", "oprd", "xcomp", "ccomp", "dative", "acomp"})
# a preposition of time, place or circumstance sets the scene of the verb, not what it reports
# ("called for more investment in a statement on Thursday")
_SCENE_PREPS = frozenset(
    {
        "in",
        "at",
        "during",
        "amid",
        "after",
        "before",
        "since",
        "despite",
        "following",
        "until",
        "throughout",
    }
)
# prepositions of circumstance whose object noun is a report by others, not the clause's
# subject speaking ("amid reports that …, Salvini said": the reports are not Salvini's); "said
# in a statement", "at a rally" are the speaker's own
_HEARSAY_PREPS = _SCENE_PREPS - {"in", "at"}


def predicate(tok: Any, obj: Any, text: str) -> Span:
    """The content of a cue verb with no clause: its object (``obj``, from ``_object``) and
    the complements the verb governs after it."""
    toks = list(obj.subtree)
    for child in tok.children:
        if child.i > obj.i and child.dep_ in _PREDICATE_DEPS:
            if child.dep_ == "prep" and child.lower_ in _SCENE_PREPS:
                continue
            toks.extend(child.subtree)
    return extent(toks, text)


def _just_a_name(tok: Any) -> bool:
    words = [t for t in tok.subtree if not (t.is_punct or t.pos_ == "DET")]
    return all(t.pos_ == "PROPN" or t.ent_type_ for t in words)


def _is_nounish(tok: Any) -> bool:
    return tok.pos_ in ("NOUN", "PROPN", "PRON")


def noun_phrase(tok: Any) -> Span:
    """The speaker phrase of a head noun: its modifiers and prepositional attachments, without
    relative clauses, appositions or anything after a comma."""
    if tok.pos_ == "NOUN":
        # "The League's foreign policy strategist, Giancarlo Giorgetti, said": the name speaks
        for child in tok.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return noun_phrase(child)
    keep = [tok]
    for child in tok.children:
        if child.dep_ in ("cc", "conj") and _coordinated(tok, child):
            # "Senator Warren and Senator Sanders said": both speak
            keep.extend(noun_phrase_toks(child) if child.dep_ == "conj" else [child])
            continue
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "advcl"):
            continue
        if child.dep_ == "appos" and child.i < tok.i:
            continue
        # an apposition after a comma is another phrase; one right after is the same name
        # ("Police Chief Chuck Jordan")
        if child.i > tok.i and any(t.text == "," for t in tok.doc[tok.i : child.i]):
            continue
        keep.extend(child.subtree)
    start = min(t.idx for t in keep)
    end = max(t.idx + len(t.text) for t in keep)
    text = doc_text(tok.doc)
    if "\n" in text[start:end]:
        # a heading the parser ran into the sentence ("12:15 p.m.\n\nDonald Trump says"): the
        # speaker is on the verb's side of the break
        cut = text.rfind("\n", start, end) if tok.idx > text.rfind("\n", start, end) else -1
        if cut != -1:
            start = cut + 1
        else:
            end = text.find("\n", tok.idx, end)
        start, end = trim(text, start, end)
    return start, end


def _coordinated(tok: Any, child: Any) -> bool:
    """``child`` joins another name to a speaker named after it ("Warren and Sanders", not
    "the senator and"): a proper noun coordinated with a proper noun, without a comma."""
    conj = (
        child if child.dep_ == "conj" else next((c for c in tok.children if c.dep_ == "conj"), None)
    )
    return (
        conj is not None
        and tok.pos_ == "PROPN"
        and conj.pos_ == "PROPN"
        and conj.i > tok.i
        and not any(t.text in (",", ";") for t in tok.doc[tok.i : conj.i])
    )


def noun_phrase_toks(tok: Any) -> list[Any]:
    """The tokens of a coordinated name's phrase (its subtree without what hangs after a
    comma)."""
    return [t for t in tok.subtree if not (t.i > tok.i and t.dep_ in ("relcl", "acl", "punct"))]


_SET_OFF = frozenset({",", "—", "–", "--"})


def _parenthetical(tok: Any) -> bool:
    """A cue set off inside or after the clause it reports: ", North Korea said," or
    ", advisers say." (a parataxis with a comma or dash before it, punctuation after it)."""
    if tok.dep_ != "parataxis" or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    sub = list(tok.subtree)
    while sub and sub[0].is_punct:
        sub = sub[1:]
    while sub and sub[-1].is_punct:
        sub = sub[:-1]
    first, last = sub[0].i, sub[-1].i
    doc = tok.doc
    before = doc[first - 1] if first > 0 else None
    after = doc[last + 1] if last + 1 < len(doc) else None
    return (
        before is not None
        and before.text in _SET_OFF
        and before.i > tok.head.sent.start
        and (after is None or after.is_punct)
    )


def around(head: Any, inner: Any, text: str) -> tuple[Span, ...]:
    """The clause headed by ``head`` without ``inner``'s subtree: the fragments before and
    after it (a parenthetical cue splits what was said in two)."""
    skip = {t.i for t in inner.subtree}
    runs: list[list[Any]] = [[]]
    for t in head.subtree:
        if t.i in skip:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(t)
    parts = []
    for run in runs:
        while run and (run[-1].is_space or (run[-1].is_punct and not run[-1].is_quote)):
            run = run[:-1]  # the sentence's full stop is not what was said
        if run:
            span = trim(text, run[0].idx, run[-1].idx + len(run[-1].text))
            if words(text, span):
                parts.append(span)
    return tuple(parts)


def clause(tok: Any, text: str, exclude: Any | None = None) -> Span:
    """The span of a clause headed by ``tok``, leaving out ``exclude``'s subtree at its edge."""
    toks = list(tok.subtree)
    if exclude is not None:
        skip = {t.i for t in exclude.subtree}
        toks = [t for t in toks if t.i not in skip]
    if not toks:
        return tok.idx, tok.idx
    return extent(toks, text)


def extent(toks: Sequence[Any], text: str) -> Span:
    """The trimmed span from the first of these tokens to the end of the last."""
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return trim(text, start, end)


def from_parse(sdoc: Any, lang: str, cues: Cues) -> list[Found]:
    text: str = doc_text(sdoc)
    quoted = find_quotations(text)
    quote_spans = [(q.start, q.end) for q in quoted]
    sources = cues.sources.get(lang, set())
    sentences = list(sdoc.sents)
    out: list[Found] = []
    claimed: list[Span] = []  # content already taken

    def cue_ok(tok: Any) -> bool:
        if tok.pos_ not in ("VERB", "AUX") or cues.verb(lang, tok.lemma_.lower()) < MIN_CUE_WEIGHT:
            return False
        if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            return False  # "an ambassador, asked whether …, said …": the asked one is no speaker
        return not inside(tok_span(tok), quote_spans)

    # reported speech and direct quotations in a cue verb's complement
    for tok in sdoc:
        if not cue_ok(tok):
            continue
        lemma = tok.lemma_.lower()
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is None and _parenthetical(tok):
            # "The latest test, North Korea said, was its biggest yet": the clause around
            parts = around(tok.head, tok, text)
            if parts and sum(words(text, p) for p in parts) >= 3:
                whole = (parts[0][0], parts[-1][1])
                direct = mostly_quoted(whole, quote_spans)
                out.append(
                    Found(
                        content=parts,
                        kind="direct" if direct else "indirect",
                        cue=tok_span(tok),
                        speaker=_speaker(tok, sources),
                        sentence=(tok.sent.start_char, tok.sent.end_char),
                    )
                )
                claimed.extend(parts)
            continue
        if comp is None and lemma in cues.belief.get(lang, ()):
            comp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        span = clause(comp, text) if comp is not None else None
        if comp is None and lemma not in _NO_OBJECT_CONTENT:
            comp = _object(tok)
            span = predicate(tok, comp, text) if comp is not None else None
            if comp is not None and _just_a_name(comp) and span == clause(comp, text):
                continue  # "oppose the League": a stance toward an actor, not words reported
        if comp is None or span is None:
            continue
        if words(text, span) < 2 or not same_paragraph(text, tok_span(tok), span):
            continue  # the parser ran a clause of another paragraph into this verb
        sent = tok.sent
        kind: Kind = "direct" if mostly_quoted(span, quote_spans) else "indirect"
        span = _widen_to_marks(span, quoted) if kind == "direct" else span
        out.append(
            Found(
                content=(span,),
                kind=kind,
                cue=tok_span(tok),
                speaker=_speaker(tok, sources),
                sentence=(sent.start_char, sent.end_char),
            )
        )
        claimed.append(span)

    # "according to X, …"
    for tok in sdoc:
        phrase = _according(tok, lang, cues)
        if phrase is None:
            continue
        prep, pobj = phrase
        head = prep.head
        while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head != head:
            head = head.head
        span = clause(head, text, exclude=prep)
        if words(text, span) < 3 or any(overlaps(span, c) for c in claimed):
            continue
        sent = tok.sent
        out.append(
            Found(
                content=(span,),
                kind="direct" if mostly_quoted(span, quote_spans) else "indirect",
                cue=tok_span(prep),
                speaker=noun_phrase(pobj),
                sentence=(sent.start_char, sent.end_char),
            )
        )
        claimed.append(span)

    def cued(q: Quoted) -> None:
        """A direct quotation tied to the nearest cue verb in its sentences."""
        qspan = (q.start, q.end)
        # the sentences of the words inside the marks (a closing mark the parser put in the
        # next paragraph's sentence does not make that sentence's verb the cue)
        interior = (q.start + 1, q.end - 1)
        sents = [s for s in sentences if overlaps((s.start_char, s.end_char), interior)]
        if not sents:
            return
        sent_span = (sents[0].start_char, sents[-1].end_char)
        best = None
        for s in sents:
            for tok in s:
                if not same_paragraph(text, tok_span(tok), qspan):
                    continue  # a cue in another paragraph
                if cue_ok(tok) and not any(c.dep_ == "ccomp" for c in tok.children):
                    dist = min(abs(tok.idx - q.start), abs(tok.idx - q.end))
                    if best is None or dist < best[0]:
                        best = (dist, tok)
        if best is None:
            lead = _colon_verb(sdoc, text, q)
            if lead is not None:
                # "Breitbart News responded: “If there are people …”": the verb before the
                # colon introduces the quotation, whatever verb it is
                out.append(
                    Found(q.parts, "direct", tok_span(lead), _speaker(lead, sources), sent_span)
                )
                return
            out.append(Found(q.parts, "direct", None, None, sent_span, continues=True))
            return
        tok = best[1]
        cue = tok_span(tok)
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "direct" and prev.cue == cue and prev.end <= q.start:
            # “…,” he said, “…”: both halves hang on one cue
            out[-1] = replace(prev, content=prev.content + q.parts)
            return
        out.append(
            Found(
                content=q.parts,
                kind="direct",
                cue=cue,
                speaker=_speaker(tok, sources),
                sentence=sent_span,
            )
        )

    the_rest(text, quoted, out, claimed, cued)
    return join_split(text, outermost(sorted(out, key=lambda f: f.start)))


def _colon_verb(sdoc: Any, text: str, q: Quoted) -> Any | None:
    """The verb right before a colon that opens a quotation, on its line or the line after it
    ("Breitbart News responded: “…”", "17-year-old Jared Potts echoed: “…”"), when it has a
    subject."""
    i = q.start
    while i > 0 and text[i - 1] in " \t\n" and text.count("\n", i - 1, q.start) <= 2:
        i -= 1
    if i == 0 or text[i - 1] != ":":
        return None
    span = sdoc.char_span(i - 1, i, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    verb = sdoc[span.start - 1]
    if verb.pos_ != "VERB" or "\n" in text[verb.idx : i]:
        return None
    return verb if any(c.dep_ in _SUBJECTS for c in verb.children) else None


# "“…” ― Krystal Correa": a quotation signed with a dash and a name on its own line
_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([^\n,;:.!?“”\"«»]{2,60})")


def signature(text: str, q: Quoted) -> Found | None:
    """A quotation followed on its line by a dash and the speaker's name (vox pops, readers'
    comments, epigraphs): the dash is the cue and the name the speaker."""
    m = _SIGNATURE.match(text, q.end)
    if m is None:
        return None
    name = trim(text, m.start(2), m.end(2))
    line_end = text.find("\n", m.end(2))
    line_end = len(text) if line_end == -1 else line_end
    if name[0] >= name[1] or not text[name[0]].isupper() or line_end - m.end(2) > 40:
        return None  # a dash inside running prose, not a signature
    line_start = text.rfind("\n", 0, q.start) + 1
    return Found(q.parts, "direct", m.span(1), name, (line_start, line_end))


# "Pence: Gennifer Flowers Won't Be at Debate", "WALLACE: Do you really see …": a line that
# opens with a name and a colon (headlines, interview transcripts)
_COLON_LINE = re.compile(
    r"^[ \t\u00a0\"“]*([^\W\d_][\w.'’-]*(?:[ \u00a0][^\W\d_][\w.'’-]*){0,4})"
    r"[ \t]*:[ \t\u00a0]+(\S[^\n]*)$",
    re.MULTILINE,
)
_PARTICLES = frozenset({"of", "de", "di", "da", "del", "van", "von", "der", "la", "le", "bin"})
# labels that open a line with a colon without anybody speaking
_LABEL_WORDS = (
    "update updated watch related read more see also note editor's editors photo photos video "
    "image images source sources credit breaking exclusive live opinion analysis tags topics "
    "share follow subscribe contact email advertisement caption warning correction "
    "clarification transcript q a question answer by via from to subject date time filed "
    "posted published listen click previously next above below latest"
)
_LABELS = frozenset(_LABEL_WORDS.split())


def colon_lines(text: str) -> list[Found]:
    """Lines that open with a name and a colon: the name is the speaker, the colon the cue,
    the rest of the line what was said."""
    out = []
    for m in _COLON_LINE.finditer(text):
        name = m.group(1).split()
        if any(w.lower().strip(".") in _LABELS for w in name) or not all(
            w[0].isupper() or w in _PARTICLES for w in name
        ):
            continue
        content = trim(text, m.start(2), m.end(2))
        if words(text, content) < 3:
            continue
        colon = text.index(":", m.end(1))
        out.append(
            Found((content,), "indirect", (colon, colon + 1), m.span(1), (m.start(1), m.end(2)))
        )
    return out


def unclaimed(found: list[Found], claimed: list[Span]) -> list[Found]:
    """The attributions whose content no earlier one took; their content is claimed now."""
    out = []
    for f in found:
        if not any(overlaps(c, part) for c in claimed for part in f.content):
            out.append(f)
            claimed.extend(f.content)
    return out


def the_rest(
    text: str,
    quoted: Sequence[Quoted],
    out: list[Found],
    claimed: list[Span],
    cued: Callable[[Quoted], None],
) -> None:
    """What both paths do once the cues have taken their content: "Name: what they said"
    lines, then every quotation no attribution took yet, signed with a dash and a name or
    handed to ``cued`` (the path's own way of finding its cue), which adds to ``out``."""
    out.extend(unclaimed(colon_lines(text), claimed))
    for q in quoted:
        if any(overlaps((q.start, q.end), c) for c in claimed):
            continue
        signed = signature(text, q)
        if signed is not None:
            out.append(signed)
            continue
        cued(q)


def outermost(found: list[Found]) -> list[Found]:
    """Attributions nested in another's content are part of what that source said, not
    quotes of their own (each word belongs to one attribution)."""
    spans = [(f.start, f.end) for f in found]
    return [
        f
        for i, f in enumerate(found)
        if not any(
            j != i and a <= f.start and f.end <= b and (b - a) > (f.end - f.start)
            for j, (a, b) in enumerate(spans)
        )
    ]


def _according(tok: Any, lang: str, cues: Cues) -> tuple[Any, Any] | None:
    """(the preposition, its object) when ``tok`` opens an "according to X" phrase."""
    for phrase in cues.according.get(lang, ()):
        n = len(phrase.split())
        window = tok.doc[tok.i : tok.i + n]
        if len(window) == n and " ".join(t.lower_ for t in window) == phrase:
            last = window[-1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None:
                nxt = tok.doc[last.i + 1] if last.i + 1 < len(tok.doc) else None
                pobj = nxt if nxt is not None and _is_nounish(nxt) else None
            if pobj is None:
                return None
            prep = tok if tok.dep_ == "prep" else window[0]
            return prep, pobj
    return None


def mostly_quoted(span: Span, quote_spans: Sequence[Span]) -> bool:
    covered = sum(
        max(0, min(span[1], b) - max(span[0], a)) for a, b in quote_spans if overlaps(span, (a, b))
    )
    return covered >= 0.6 * (span[1] - span[0])


def _widen_to_marks(span: Span, quoted: Sequence[Quoted]) -> Span:
    """A complement that is a quotation gets its marks back."""
    start, end = span
    for q in quoted:
        if overlaps(span, (q.start, q.end)):
            start, end = min(start, q.start), max(end, q.end)
    return start, end


def join_split(text: str, found: list[Found]) -> list[Found]:
    """Split quotes — “…,” he said. “…” — become one quote with two fragments: a cueless
    quotation right after a quote of the same sentence or paragraph joins it. A cueless one
    further on stays a quote of its own that continues the last speaker."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            f.continues
            and prev is not None
            and prev.kind == "direct"
            and prev.cue is not None
            and f.start >= prev.end
            and "\n" not in text[prev.end : f.start]
            and f.start - prev.end < 120
        ):
            out[-1] = replace(
                prev,
                content=prev.content + f.content,
                sentence=(prev.sentence[0], max(prev.sentence[1], f.sentence[1])),
            )
            continue
        if f.continues and words(text, (f.start, f.end)) < MIN_CUELESS_WORDS:
            continue  # scare quotes, titles, slogans
        out.append(f)
    return out


def join_continued(text: str, found: list[Found], reach: int) -> list[Found]:
    """A quotation with no cue of its own (or the same cue) that follows a cued quotation within
    ``reach`` characters, with no other quote between and at most one paragraph break, is more of
    what that speaker said ("“…,” Spencer said, as … . “…”", or the next paragraph's
    quotation): one quote in several fragments, as PolNeAR marks it."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and f.cue in (None, prev.cue)  # no cue of its own, or hanging on the same one
            and f.kind == "direct"
            and prev.kind == "direct"
            and prev.cue is not None
            and prev.end <= f.start
            and f.start - prev.end <= reach
            and len(text[prev.end : f.start].strip(" \t").split("\n\n")) <= 2
            and "\n" not in text[prev.end : f.start].strip().replace("\n\n", "")
        ):
            out[-1] = replace(
                prev,
                content=prev.content + f.content,
                sentence=(prev.sentence[0], max(prev.sentence[1], f.sentence[1])),
            )
            continue
        out.append(f)
    return out
