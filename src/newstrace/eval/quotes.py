"""Quote attribution on PolNeAR (brat standoff: ``DIR/{split}/text/*.txt`` and
``DIR/{split}/attributions/*.ann``, each attribution a Source, Cue and Content, spans possibly
in several fragments).

Scoring (docs/quality.md):
- a predicted quote matches a gold Content when their word tokens overlap by at least half of
  the longer one's tokens; matching is one-to-one, best overlap first;
- precision, recall and F1 over those matches, for all quotes and for direct quotes (the gold
  content starts or ends with a quotation mark) and indirect ones apart;
- speaker accuracy over matched quotes whose gold attribution has a Source: the predicted
  speaker span overlaps the gold Source, or the predicted speaker's resolved name shares a word
  with it;
- ``kinds="speech"`` (the default) scores what the default lists show, speech with a speaker
  (``quotes.is_listed``), against PolNeAR's speech attributions: those whose cue is a speech
  verb or noun (cues.tsv kind ``speech``, "according to") or whose content is a quotation;
  ``kinds="all"`` scores every quote against every attribution."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import AnalysisDoc, Quote
from ..quotes.cues import Cues
from ..quotes.kinds import cue_kind, is_listed
from ..quotes.marks import MARKS

_WORD = re.compile(r"\w+")

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Spans
    cue: Spans
    source: Spans


@dataclass(slots=True)
class GoldDoc:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _spans(field_: str) -> Spans:
    out = []
    for frag in field_.split(";"):
        a, b = frag.split()
        out.append((int(a), int(b)))
    return tuple(out)


def read_ann(path: Path) -> list[GoldAttribution]:
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        ident, body = parts[0], parts[1]
        if ident.startswith("T"):
            kind, _, offsets = body.partition(" ")
            if kind in ("Source", "Cue", "Content"):
                spans[ident] = _spans(offsets)
        elif ident.startswith("E"):
            roles = dict(arg.split(":", 1) for arg in body.split() if ":" in arg)
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        out.append(
            GoldAttribution(
                content=content,
                cue=spans.get(roles.get("Cue", ""), ()),
                source=spans.get(roles.get("Source", ""), ()),
            )
        )
    return out


def read_polnear(folder: Path, limit: int | None = None) -> list[GoldDoc]:
    """One split's documents: ``folder`` holds ``text/`` and ``attributions/``."""
    texts = folder / "text"
    anns = folder / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise EvalError(f"{folder} is not a PolNeAR split (text/ and attributions/ expected)")
    by_stem = {p.stem.rsplit("_", 1)[0]: p for p in anns.glob("*.ann")}
    docs = []
    for txt in sorted(texts.glob("*.txt")):
        ann = by_stem.get(txt.stem)
        if ann is None:
            continue
        docs.append(GoldDoc(txt.stem, txt.read_text("utf-8"), read_ann(ann)))
        if limit and len(docs) >= limit:
            break
    return docs


def tokens(text: str, spans: Spans) -> set[int]:
    """Start offsets of the word tokens inside the spans."""
    return {m.start() for a, b in spans for m in _WORD.finditer(text, a, b)}


def is_direct(text: str, spans: Spans) -> bool:
    a, b = spans[0][0], spans[-1][1]
    chunk = text[a:b].strip()
    return bool(chunk) and (chunk[0] in MARKS or chunk[-1] in MARKS)


@dataclass(frozen=True, slots=True)
class Predicted:
    content: Spans
    speaker: Spans = ()
    speaker_name: str | None = None


def match(text: str, gold: Sequence[Spans], pred: Sequence[Spans]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best token overlap first."""
    g_tok = [tokens(text, g) for g in gold]
    p_tok = [tokens(text, p) for p in pred]
    candidates = []
    for i, gt in enumerate(g_tok):
        for j, pt in enumerate(p_tok):
            if not gt or not pt:
                continue
            common = len(gt & pt)
            if common and common >= 0.5 * max(len(gt), len(pt)):
                candidates.append((common / max(len(gt), len(pt)), i, j))
    pairs, used_g, used_p = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_g and j not in used_p:
            pairs.append((i, j))
            used_g.add(i)
            used_p.add(j)
    return pairs


def speaker_right(text: str, gold: GoldAttribution, pred: Predicted) -> bool:
    if not gold.source:
        return False
    if any(a < gb and ga < b for a, b in pred.speaker for ga, gb in gold.source):
        return True
    if pred.speaker_name:
        gold_words = {text[m.start() : m.end()].lower() for m in _iter_words(text, gold.source)}
        name_words = {w.lower() for w in _WORD.findall(pred.speaker_name) if len(w) > 2}
        return bool(gold_words & name_words)
    return False


def _iter_words(text: str, spans: Spans) -> list[re.Match[str]]:
    return [m for a, b in spans for m in _WORD.finditer(text, a, b)]


def prf(tp: int, n_pred: int, n_gold: int, tp_gold: int | None = None) -> dict[str, float]:
    """Precision tp / n_pred and recall tp_gold (tp unless given) / n_gold, and their F1."""
    p = tp / n_pred if n_pred else 0.0
    r = (tp if tp_gold is None else tp_gold) / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass(slots=True)
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    speaker_right: int = 0
    speaker_total: int = 0
    by_kind: dict[str, list[int]] = field(
        default_factory=lambda: {"direct": [0, 0, 0, 0], "indirect": [0, 0, 0, 0]}
    )

    def add(self, text: str, gold: Sequence[GoldAttribution], pred: Sequence[Predicted]) -> None:
        pairs = match(text, [g.content for g in gold], [p.content for p in pred])
        self.tp += len(pairs)
        self.pred += len(pred)
        self.gold += len(gold)
        for g in gold:
            self.by_kind["direct" if is_direct(text, g.content) else "indirect"][2] += 1
        for p in pred:
            self.by_kind["direct" if is_direct(text, p.content) else "indirect"][1] += 1
        for i, j in pairs:
            # recall counts a match under the gold's kind, precision under the prediction's
            self.by_kind["direct" if is_direct(text, gold[i].content) else "indirect"][0] += 1
            self.by_kind["direct" if is_direct(text, pred[j].content) else "indirect"][3] += 1
            if gold[i].source:
                self.speaker_total += 1
                self.speaker_right += speaker_right(text, gold[i], pred[j])

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = prf(self.tp, self.pred, self.gold)
        out["speaker_accuracy"] = round(self.speaker_right / max(self.speaker_total, 1), 4)
        out["gold"] = self.gold
        out["predicted"] = self.pred
        for kind, (tp_gold, n_pred, n_gold, tp_pred) in self.by_kind.items():
            out[kind] = prf(tp_pred, n_pred, n_gold, tp_gold) | {"gold": n_gold}
        return out


def predicted_of(quote: Quote, names: dict[str, str]) -> Predicted:
    """A stored quote as scored spans; its speaker's name is that of its speaker mention (a
    pronoun's antecedent), ``names`` mapping mention ids to their text."""
    content = tuple((e.start, e.end) for e in quote.evidence if e.role == "content")
    speaker = tuple((e.start, e.end) for e in quote.evidence if e.role == "speaker")
    name = names.get(quote.speaker_mention or "") or quote.speaker_text
    return Predicted(content, speaker, name)


SCORED = ("speech", "all")


def is_speech(text: str, gold: GoldAttribution, sdoc: Any, cues: Cues) -> bool:
    """A gold attribution is speech: its content is a quotation, or its cue is a speech verb or
    noun or "according to" (``quotes.kinds.cue_kind`` on the article's parse)."""
    if is_direct(text, gold.content):
        return True
    return any(cue_kind(sdoc, text, frag, "en", cues) == "speech" for frag in gold.cue)


def score_doc(
    tally: Tally, gold: GoldDoc, doc: AnalysisDoc, cues: Cues, kinds: str = "speech"
) -> None:
    """Add one analysed article to the tally: its speech with a speaker against the gold
    speech attributions (``kinds="speech"``), or every quote against every attribution."""
    names = {m.id: m.text for m in doc.mentions + doc.sources}
    quotes = doc.quotes if kinds == "all" else [q for q in doc.quotes if is_listed(q)]
    attributions = gold.attributions
    if kinds != "all":
        attributions = [g for g in attributions if is_speech(gold.text, g, doc.parse, cues)]
    tally.add(gold.text, attributions, [predicted_of(q, names) for q in quotes])


def quote_documents(texts: list[tuple[str, str, str]], batch: int = 16) -> Iterator[AnalysisDoc]:
    """(name, language, text) read by the entities and quotes stages as in a run, in order."""
    from ..ids import make_id
    from ..model import Article
    from ..settings import load_settings
    from ..stages.entities import TidyEntitiesStage
    from ..stages.quotes import QuotesStage

    settings = load_settings()
    entities = TidyEntitiesStage(settings)
    quotes = QuotesStage.from_settings(settings)
    for i in range(0, len(texts), batch):
        docs = [
            AnalysisDoc(Article(make_id("article", name), name, "ok", text), language=lang)
            for name, lang, text in texts[i : i + batch]
        ]
        entities(docs)
        quotes(docs)
        yield from docs


def evaluate_quotes(
    data: Path,
    *,
    limit: int | None = None,
    split: str = "dev",
    kinds: str = "speech",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Score the quotes stage (after the entities stage, as in a run) on a PolNeAR folder: the
    dataset root (its ``split`` is read) or one split's folder. ``kinds`` is ``speech`` (what
    the default lists show, against the speech attributions) or ``all``."""
    from ..quotes import load_cues
    from ..settings import load_settings

    if kinds not in SCORED:
        raise EvalError(f"--kinds must be one of {', '.join(SCORED)}, not {kinds!r}")
    folder = data / split if (data / split / "text").is_dir() else data
    docs = read_polnear(folder, limit)
    if not docs:
        raise EvalError(f"no PolNeAR documents under {folder}")
    cues = load_cues(tuple(load_settings().quotes.cue_files))
    tally = Tally()
    analysed = quote_documents([(d.name, "en", d.text) for d in docs])
    for gold, doc in zip(docs, analysed, strict=True):
        score_doc(tally, gold, doc, cues, kinds)
        if progress is not None:
            progress(1, len(docs))
    return {
        "task": "quotes",
        "n": len(docs),
        "split": folder.name,
        "kinds": kinds,
    } | tally.result()
