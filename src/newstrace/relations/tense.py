"""The tense of the clause around a date expression, from the words nearest it: "will",
"ahead of", "is scheduled to" point to the future; "said", "met", a verb in -ed, "was" to the
past. The cue nearest the expression (in words, within its clause) decides; None when the clause
has neither. Good enough to choose between last Friday and next Friday, not a parser."""

from __future__ import annotations

import re

FUTURE = re.compile(
    r"^(?:will|shall|'ll|wo|gonna|upcoming|scheduled|slated|planned|planning|payable|"
    r"expected|expects?|due|ahead|next|intends?|would|going|awaits?|awaited|tomorrow|"
    r"coming|forthcoming|prepares?|preparing|"
    # the present of a scheduled happening: "Obama meets Castro on Monday"
    r"hosts|meets|visits|travels|votes|kicks|resumes|arrives|debates|convenes)$"
)
PAST = re.compile(
    r"^(?:said|told|met|was|were|had|did|ago|last|won|lost|went|came|made|took|gave|began|"
    r"held|left|sent|spoke|wrote|saw|became|fell|rose|cut|quit|led|paid|sold|bought|brought|"
    r"thought|found|got|ran|knew|chose|drew|flew|grew|threw|struck|fought|sought|fled|stood|"
    r"kept|felt|heard|meant|sat|set|yesterday|earlier|already|since|[a-z]{2,}ed)$"
)
# words in -ed that are no past verbs
NOT_PAST = frozenset(
    [
        "need",
        "needed",
        "speed",
        "red",
        "bed",
        "indeed",
        "proceed",
        "exceed",
        "succeed",
        "united",
        "limited",
        "based",
        "seed",
        "feed",
        "breed",
        "shed",
        "weed",
        "hundred",
        "kindred",
        "concerned",
        "related",
        "detailed",
        "scheduled",
        "expected",
        "planned",
        "proposed",
        "intended",
        "awaited",
    ]
)
_WORD = re.compile(r"[A-Za-z']+|[.;:!?\"“”()]")
_STOP = frozenset('.;:!?"“”()')
WINDOW = 8
# "as early as Tuesday", "as soon as next week"
_SOON = re.compile(r"\bas\s+(?:early|soon)\s+as\s*$", re.I)


def tense_near(text: str, start: int, end: int) -> str | None:
    """ "past", "future" or None for the expression at ``text[start:end]``."""
    if _SOON.search(text[max(0, start - 20) : start]):
        return "future"
    left = [m.group().lower() for m in _WORD.finditer(text[max(0, start - 120) : start])]
    right = [m.group().lower() for m in _WORD.finditer(text[end : end + 120])]
    before = []
    for w in reversed(left):
        if w in _STOP:
            break
        before.append(w)
    after = []
    for w in right:
        if w in _STOP:
            break
        after.append(w)
    for distance in range(WINDOW):
        for words, toward_text in ((before, 1), (after, -1)):
            if distance < len(words):
                found = _cue(words, distance, toward_text)
                if found is not None:
                    return found
    return None


def _cue(words: list[str], i: int, toward_text: int) -> str | None:
    """The tense word ``i`` gives; ``toward_text`` is +1 when ``words`` run backwards from the
    expression (so ``words[i + 1]`` is the word before), -1 when they run forwards."""
    w = words[i]
    before = words[i + toward_text] if 0 <= i + toward_text < len(words) else ""
    after = words[i - toward_text] if 0 <= i - toward_text < len(words) else ""
    if toward_text == 1 and i == 0 and w in ("by", "until", "till"):
        return "future"  # "by Jan. 14", "postponed until Tuesday"
    if w in ("plans", "plan", "set", "going", "due", "is", "are") and after == "to":
        return "future"  # "plans to", "is to resume"
    if w == "set" and after == "for":
        return "future"
    if w == "'ll" or FUTURE.match(w):
        if w == "would" and after == "have":
            return "past"
        if w in ("going", "due"):
            return None
        return "future"
    if w not in NOT_PAST and PAST.match(w):
        if before == "be":
            return "future"  # "will be paid", "to be completed": what is to come
        if before in _NOT_VERB_BEFORE:
            return None  # "a still unspecified date", "the case is heard": no past
        return "past"
    return None


# before a word in -ed, these make it an adjective or a present passive
_NOT_VERB_BEFORE = frozenset(
    {"a", "an", "the", "still", "very", "so", "too", "more", "most", "newly", "is", "are"}
)
