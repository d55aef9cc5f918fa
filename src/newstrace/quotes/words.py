"""Quotes where no dependency parser is available (Italian, Russian): direct quotations with
a cue word in their sentence, ``X ha detto che …`` / ``по словам X, …`` reported speech, and
speakers taken from the recognised names nearest the cue. The English path with a parse is
``extract.from_parse``; both end in ``extract.the_rest``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cues import Cues, matches
from .extract import (
    ATTACHING,
    Found,
    Span,
    inside,
    join_split,
    mostly_quoted,
    overlaps,
    the_rest,
    trim,
    words,
)
from .marks import Quoted, find_quotations

_WORD = re.compile(r"\w+")

_AGENT_PREPS = frozenset(["da", "dal", "dalla", "dai", "dagli", "dall", "by"])
_PARTICIPLES = ("ato", "ito", "uto", "tto", "itto")


def _match_cue(words_: Sequence[str], i: int, phrase: str) -> int:
    """How many words of ``phrase`` match at ``i`` (0 if not); ``*`` ends a prefix."""
    parts = phrase.split()
    if i + len(parts) > len(words_):
        return 0
    return len(parts) if all(matches(words_[i + k], p) for k, p in enumerate(parts)) else 0


def _longest_cue(words_: Sequence[str], i: int, phrases: Sequence[str]) -> int:
    """Words of the longest phrase matching at ``i`` (0 if none)."""
    return max((_match_cue(words_, i, p) for p in phrases), default=0)


ADDRESSEE_WORDS = 4  # words between a cue and its "che"/"что" ("ha detto ai giornalisti che")
_THAT = frozenset({"che", "что", "that"})
_OF = frozenset({"di", "del", "della", "dello", "dei", "degli", "delle", "of"})
AFTER_CUE_WORDS = 4  # words between a cue and the name after it that says what came before


def _set_off(text: str, end: int, start: int) -> bool:
    """Only a comma or a dash (and spaces) between two words: a cue set off from what it
    reports."""
    gap = text[end:start]
    return bool(gap.strip()) and all(c in " \t,—–-" for c in gap) and any(c in ",—–" for c in gap)


def from_words(
    text: str,
    sentences: Sequence[Span],
    names: Sequence[Span],
    lang: str,
    cues: Cues,
    persons: Sequence[Span] = (),
) -> list[Found]:
    """Quotes where no parser is available: cue words found in the sentence, speakers taken
    from the recognised names (``names``) nearest the cue within the sentence; of the names in
    an "according to" phrase or after an inverted cue, a person (``persons``) speaks for the
    body it belongs to ("по словам представителя Еврокомиссии Мирны Талко")."""
    quoted = find_quotations(text)
    quote_spans = [(q.start, q.end) for q in quoted]
    verbs = list(cues.verbs.get(lang, {}))
    according = cues.according.get(lang, [])
    pointers = cues.pointers.get(lang, [])
    people = set(persons)
    pronouns = cues.pronouns.get(lang, set())
    sources = cues.sources.get(lang, set())
    # speech nouns ("risposta", "parole"): rows of cues.tsv that classify, not verbs
    nouns = {w for w, k in cues.kinds.get(lang, {}).items() if k == "speech" and w not in verbs}
    out: list[Found] = []
    claimed: list[Span] = []

    def attached(name: Span) -> bool:
        before = [w.lower() for w in _WORD.findall(text, max(0, name[0] - 40), name[0])]
        if not before or before[-1] not in ATTACHING:
            return False
        # the agent of a participle speaks: "quanto riferito dal Telegiornale", "riportato da
        # CNN"
        return not (
            before[-1] in _AGENT_PREPS and len(before) > 1 and before[-2].endswith(_PARTICIPLES)
        )

    def speaker_near(sent: Span, at: int, person_first: bool = False) -> Span | None:
        """The name nearest ``at`` in ``sent`` that no preposition attaches to another word
        ("La Russia … nel territorio dell'Ossezia del Sud … avverte": Russia); with
        ``person_first``, the nearest person if one is there."""
        inside_sent = [
            n
            for n in names
            if sent[0] <= n[0]
            and n[1] <= sent[1]
            and not inside(n, quote_spans)
            and not attached(n)
        ]
        if person_first and any(n in people for n in inside_sent):
            inside_sent = [n for n in inside_sent if n in people]
        if not inside_sent:
            return None
        return min(inside_sent, key=lambda n: min(abs(n[0] - at), abs(n[1] - at)))

    def source_after(at: int, stop: int) -> Span | None:
        """A pronoun right after a cue, or a source noun right after it or after one word before it ("— сказал
        источник", "ha detto una fonte"), up to punctuation: an unnamed source."""
        cut = re.search(r"[,.;:!?«»“”\"\n]", text[at:stop])
        ws = list(_WORD.finditer(text, at, at + cut.start() if cut else stop))[:6]
        if ws and ws[0].group().lower() in pronouns:
            return ws[0].span()  # "— заявил он": resolved to whom it stands for
        for k in (0, 1):
            if len(ws) > k and any(matches(ws[k].group().lower(), s) for s in sources):
                return ws[0].start(), ws[-1].end()
        return None

    def name_after(at: int, sent: Span) -> Span | None:
        """The first name within ``AFTER_CUE_WORDS`` words after a cue that follows what it
        reports ("…, сказала Соня ван Тихелен", "…, пишет WSJ"): the inverted order's speaker."""
        cut = re.search(r"[,.;:!?«»“”\"\n]", text[at : sent[1]])
        stop = at + cut.start() if cut else sent[1]
        after = [
            n
            for n in names
            if at <= n[0] and n[1] <= stop and not inside(n, quote_spans) and not attached(n)
        ]
        if any(n in people for n in after):
            after = [n for n in after if n in people]
        first = min(after, default=None)
        return (
            first if first is not None and words(text, (at, first[0])) <= AFTER_CUE_WORDS else None
        )

    def speaker_after(at: int, sent: Span) -> Span | None:
        return source_after(at, sent[1]) or name_after(at, sent)

    def next_speaker(spans: list[Span], low: list[str], k: int, sent: Span) -> int:
        """Where the content from word ``k`` on ends: at the comma or semicolon before a
        later name with its own cue ("X ha commentato che …, mentre Y ha commentato …"),
        else at the end of the sentence."""
        for j in range(k + 1, len(low)):
            if not _longest_cue(low, j, verbs):
                continue
            left = max(spans[max(k, j - 2)][0], sent[0])
            named = [n for n in names if left <= n[1] <= spans[j][0] and n[0] > spans[k][1]]
            cut = max(text.rfind(c, spans[k][1], min(named)[0]) for c in ",;") if named else -1
            if cut != -1:
                return cut
        return sent[1]

    def between_quoted(start: int, end: int) -> bool:
        return any(start <= q[0] and q[1] <= end for q in quote_spans)

    def words_of(sent: Span) -> tuple[list[Span], list[str]]:
        """The sentence's words outside quotations: spans and lower-cased forms."""
        found = [m for m in _WORD.finditer(text, *sent) if not inside(m.span(), quote_spans)]
        return [m.span() for m in found], [m.group().lower() for m in found]

    previous = dict(zip(sentences[1:], sentences, strict=False))

    def inverted(sent: Span, cue: Span) -> Found | None:
        """Reported speech before a cue set off by a comma or dash, said by the name or
        source right after the cue (nobody named there: not taken)."""
        span = trim(text, sent[0], cue[0])
        speaker = speaker_after(cue[1], sent)
        if (
            speaker is None
            or words(text, span) < 3
            or any(overlaps(span, c) for c in claimed)
            or any(overlaps(span, q) for q in quote_spans)
        ):
            return None
        return Found((span,), "indirect", cue, speaker, sent)

    for sent in sentences:
        spans, low = words_of(sent)
        for i, (a, _) in enumerate(spans):
            n = _longest_cue(low, i, according)
            if n:
                # "secondo X, content": the content follows the first comma after the phrase
                comma = text.find(",", spans[i + n - 1][1], sent[1])
                if comma != -1:
                    span = trim(text, comma + 1, sent[1])
                    if words(text, span) >= 3:
                        speaker = speaker_near((a, comma), a, person_first=True)
                        out.append(
                            Found((span,), "indirect", (a, spans[i + n - 1][1]), speaker, sent)
                        )
                        claimed.append(span)
                continue
            n = _longest_cue(low, i, verbs)
            # "X ha detto che content", also past an addressee or a time ("ha detto all'
            # Agence France Press che", "заявил в понедельник , что")
            that = next(
                (
                    k
                    for k in range(i + n, min(i + n + 1 + ADDRESSEE_WORDS, len(low)))
                    if low[k] in _THAT
                ),
                None,
            )
            if n and that is not None and between_quoted(spans[i + n - 1][1], spans[that][0]):
                that = None  # "ha definito la legge «…» che …": the "che" of the quoted words
            if n and that is not None:
                cue = (a, spans[i + n - 1][1])
                span = trim(text, spans[that][0], next_speaker(spans, low, that, sent))
                if words(text, span) >= 3 and not any(overlaps(span, c) for c in claimed):
                    speaker = speaker_near((sent[0], cue[0]), cue[0])
                    out.append(Found((span,), "indirect", cue, speaker, sent))
                    claimed.append(span)
            elif n and i > 0 and _set_off(text, spans[i - 1][1], a):
                # "content, ha detto X" / "content, — сказал X": the words before the comma
                found = inverted(sent, (a, spans[i + n - 1][1]))
                if found is not None:
                    out.append(found)
                    claimed.append(found.content[0])
        if low and spans and (n := _longest_cue(low, 0, pointers)):
            # "Об этом сообщает X", "Lo ha detto X": the cue reports the sentence before
            m = next((_longest_cue(low, k, verbs) for k in (n, n + 1) if k < len(low)), 0)
            k = n if _longest_cue(low, n, verbs) else n + 1
            before = previous.get(sent)
            if m and before is not None:
                cue = (spans[k][0], spans[k + m - 1][1])
                span = trim(text, *before)
                speaker = speaker_after(cue[1], sent)
                if (
                    speaker is not None
                    and words(text, span) >= 3
                    and not any(overlaps(span, c) for c in claimed)
                    and not mostly_quoted(span, quote_spans)
                ):
                    out.append(Found((span,), "indirect", cue, speaker, (before[0], sent[1])))
                    claimed.append(span)

    def cue_of(q: Quoted, spans: list[Span], low: list[str]) -> tuple[int, int] | None:
        """The cue word nearest before the quotation in its sentence, else the first after it
        ("X ha commentato che …, mentre Y ha commentato di … «…»": Y's)."""
        found = [(i, n) for i in range(len(low)) if (n := _longest_cue(low, i, verbs))]
        ahead = [c for c in found if spans[c[0]][0] < q.start]
        return ahead[-1] if ahead else next(iter(found), None)

    def colon_speaker(q: Quoted, sent: Span) -> Found | None:
        """A quotation after a colon with no cue word ("Per il fondatore del M5S Beppe Grillo è
        solo l'inizio: «…»"): the person named in the clause before the colon says it, else the
        one named first before it in the sentence; nobody named there: None."""
        lead = text[sent[0] : q.start].rstrip(" \t\u00a0")
        if not lead.endswith(":"):
            return None
        colon = sent[0] + len(lead) - 1
        cut = max(text.rfind(c, sent[0], colon) for c in ",;")
        for part in ((cut + 1, colon), (sent[0], colon)) if cut >= 0 else ((sent[0], colon),):
            named = [
                n
                for n in people
                if part[0] <= n[0] and n[1] <= part[1] and not inside(n, quote_spans)
            ]
            named = [n for n in named if not attached(n)]
            if named:
                return Found(q.parts, "direct", (colon, colon + 1), min(named), sent)
        return None

    def noun_speaker(q: Quoted, sent: Span) -> Found | None:
        """A quotation followed in its sentence by a speech noun and the person whose words
        they are ("«…», è stata la risposta di Berlusconi"): the noun is the cue."""
        ws = list(_WORD.finditer(text, q.end, sent[1]))[: AFTER_CUE_WORDS + 1]
        for k, w in enumerate(ws[:-1]):
            if w.group().lower() not in nouns or ws[k + 1].group().lower() not in _OF:
                continue
            named = [n for n in people if ws[k + 1].end() < n[0] <= ws[k + 1].end() + 2]
            if named:
                return Found(q.parts, "direct", w.span(), named[0], sent)
        return None

    def cued(q: Quoted) -> None:
        """A direct quotation tied to the nearest cue word before it in its sentence (or the
        line before, when that line ends with a colon), else to the person named before the
        colon that introduces it."""
        qspan = (q.start, q.end)
        sent = next((s for s in sentences if overlaps(s, qspan)), qspan)
        sent = (min(sent[0], q.start), max(sent[1], q.end))
        spans, low = words_of(sent)
        at = cue_of(q, spans, low)
        before = previous.get(next((s for s in sentences if overlaps(s, qspan)), qspan))
        if at is None and before is not None and text[before[0] : before[1]].rstrip().endswith(":"):
            # "Berlusconi ha dichiarato :\n« … »": the cue of the line the quotation follows
            spans, low = words_of(before)
            at = cue_of(q, spans, low)
            sent = (before[0], sent[1])
        if at is None:
            named = colon_speaker(q, sent) or noun_speaker(q, sent)
            out.append(named or Found(q.parts, "direct", None, None, sent, continues=True))
            return
        i, n = at
        cue = (spans[i][0], spans[i + n - 1][1])
        speaker = source_after(cue[1], sent[1]) or speaker_near(sent, cue[0])
        out.append(Found(q.parts, "direct", cue, speaker, sent))

    the_rest(text, quoted, out, claimed, cued)
    return join_split(text, sorted(out, key=lambda f: f.start))
