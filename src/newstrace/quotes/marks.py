"""Direct quotations found by their marks, in every style news uses: "…", “…”, «…», „…“,
‘…’, '…' (and ‹…›, 「…」). A quotation may run over several paragraphs (each continuing
paragraph reopens with the mark and only the last one closes it). Marks inside an open
quotation are part of it (a quote within a quote). Apostrophes are not quotation marks: a
single mark between two letters ("don't", "Italy’s") never opens or closes."""

from __future__ import annotations

from dataclasses import dataclass

# opener -> the closers accepted for it
PAIRS: dict[str, str] = {
    "“": "”“",  # some outlets close with the opening shape
    '"': '"',
    "«": "»",
    "„": "“”",
    "‘": "’",
    "'": "'",
    "‹": "›",
    "「": "」",
    "»": "«",  # German/Danish reversed guillemets
}
MARKS = "".join(dict.fromkeys("".join(PAIRS) + "".join(PAIRS.values())))  # every mark above
# marks that also serve as apostrophes or primes
_APOSTROPHES = "'’"
MAX_PARAGRAPHS = 6  # a quotation spanning more paragraphs than this is a stray mark


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quotation: ``start``/``end`` include the marks; ``parts`` are the spans of each
    paragraph's piece (one part unless the quotation runs over paragraphs)."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]

    def inner(self, text: str) -> str:
        pieces = [text[a:b].strip().strip("\"'“”„«»‘’‹›「」").strip() for a, b in self.parts]
        return "\n\n".join(p for p in pieces if p)


# openers that never close, so a space after them (French « … », tokenized text) still opens
_ONLY_OPEN = "«„‹「"


def _standalone(text: str, i: int) -> bool:
    """A straight double mark with a space on both sides, as in tokenized text ("заявил :
    " Сегодня … " .") where a mark stands as a word of its own."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return text[i] == '"' and before.isspace() and after.isspace()


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return (ch in _ONLY_OPEN and after != "\n") or (_standalone(text, i) and after != "\n")
    if ch in _APOSTROPHES or ch == '"':
        # an opening straight mark follows a space, a bracket, a dash or another mark
        return before.isspace() or before in "([{—–-:;/“‘\"'«"
    if ch == "»":  # only as a German opener: directly before a capital
        return after.isupper() and (before.isspace() or before in "(:")
    return True


def _closes(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _APOSTROPHES and (after.isalpha() or before.isspace()):
        return False  # "don't", "Italy’s", or an opening mark
    return not before.isspace() or ch in "”»›」" or _standalone(text, i)


_JOINER = "\u2060"  # stands in for the second mark of a doubled apostrophe


def find_quotations(text: str) -> list[Quoted]:
    """Quotations in reading order, none nested in another. A doubled apostrophe (''…'', as
    some archives write double quotes) counts as one double mark."""
    original = text
    text = text.replace("''", '"' + _JOINER)
    found = _scan(text)
    if text is original or _JOINER not in text:
        return found
    return [_widen(q, text) for q in found]


def _widen(q: Quoted, text: str) -> Quoted:
    """A closing doubled apostrophe spans both its characters."""
    parts = tuple((a, b + 1 if b < len(text) and text[b] == _JOINER else b) for a, b in q.parts)
    return Quoted(parts[0][0], parts[-1][1], parts)


def _scan(text: str) -> list[Quoted]:
    out: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in PAIRS or not _opens(text, i):
            i += 1
            continue
        found = _close(text, i, PAIRS[ch])
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _close(text: str, start: int, closers: str) -> Quoted | None:
    """The quotation opened at ``start``: closed in its paragraph, or continued by paragraphs
    that reopen with the same mark."""
    opener = text[start]
    parts: list[tuple[int, int]] = []
    piece_start = start
    j = start + 1
    for _ in range(MAX_PARAGRAPHS):
        para_end = text.find("\n", j)
        para_end = len(text) if para_end == -1 else para_end
        k = j
        while k < para_end:
            c = text[k]
            if c in closers and _closes(text, k) and k > piece_start + 1:
                # a straight mark that could also open (a quote within) is taken as the closer
                parts.append((piece_start, k + 1))
                return Quoted(parts[0][0], k + 1, tuple(parts))
            k += 1
        # unclosed at the paragraph end: continues only if the next paragraph reopens
        nxt = para_end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt >= len(text) or text[nxt] != opener or opener in _APOSTROPHES:
            return None
        parts.append((piece_start, para_end))
        piece_start, j = nxt, nxt + 1
    return None
