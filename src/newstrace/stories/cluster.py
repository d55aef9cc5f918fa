"""Online, incremental story clustering by event.

Articles arrive in ingest order, as they would in a running system. Each one joins the story
whose members are, on average, most similar to it, or starts a new story. Two articles belong
to one story when there is evidence that they report the same event, not merely the same topic
or the same language. The similarity of two articles adds

- the cosine of multilingual article embeddings (what the article is about, in any language);
- ``anchor_weight`` x the IDF-weighted cosine of their event anchors (stories/anchors.py: the
  names and numbers they give, transliterated, so Путин meets Putin and 6,1 meets 6.1);
- ``key_weight`` x how much of each one's headline-and-lead anchors (what it says the event
  is) the other gives, IDF-weighted, the smaller of the two shares;
- ``actor_weight`` x the IDF-weighted overlap of canonical actors, places left out between
  articles in one language (two events at one place share it: ``event_actors``);

and an article joins a story only when that average reaches ``threshold`` **and** it shares
anchors with one member worth at least ``min_evidence`` (summed IDF: two names that few other
articles give, not one common name) and, in one language, ``min_acts`` words of its headline and
first sentence that say what happened (stories/acts.py: an inquiry into a company and its
layoffs share the company's names, not their act). Time: an article more than ``window_days`` away from every
member of a story joins it only on strong evidence: a copy (a repost or translation);
undated articles are not held apart. Copies found before clustering (stories/copies.py) are
strong evidence: a copy joins the story of what it copies. Shared vocabulary is no signal:
topic words and function words are not anchors, so two earthquakes in one week or two pages
in German stay apart.

After the online pass, the new articles of this run may move once to a story that fits them
better, and stories made only of new articles merge by average linkage from
``merge_threshold`` up (the online pass depends on the order of arrival). Articles that
were already in a story keep it: re-running never reshuffles stable stories.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..model import Mention
from ..settings import StoriesSettings, shipped
from .acts import act_words
from .anchors import mention_anchors, text_anchors

REFINE_ROUNDS = 3  # passes in which the run's new articles may move to a better story


@dataclass(frozen=True, slots=True)
class ClusterItem:
    article: str
    vector: np.ndarray  # L2-normalised embedding
    text: str  # title and lead, where the anchors are read
    actors: frozenset[str]
    day: date | None
    language: str | None = None
    names: frozenset[str] = frozenset()  # the texts of its recognised mentions
    places: frozenset[str] = frozenset()  # those of its actors that are places

    def anchors(self) -> set[str]:
        return text_anchors(self.text, self.language) | mention_anchors(self.names)

    def key_anchors(self) -> set[str]:
        """The anchors of the headline and first lines: what the article is about."""
        return text_anchors(self.text[:KEY_CHARS], self.language)

    def acts(self) -> frozenset[str]:
        """The words of its headline and first sentence that say what happened (acts.py)."""
        return act_words(self.text, self.language, self.names)


KEY_CHARS = 400  # of the title and lead, where an article says which event it reports
PLACE_TYPES = frozenset({"place", "state"})  # actors left out of the actor overlap


def event_actors(mentions: Iterable[Mention]) -> tuple[dict[str, set[str]], set[str]]:
    """Article -> the actors it names ("a source" is no shared actor), and the actors that are
    places (whose mentions are mostly typed as a place). In one language a place is left out
    of the actor overlap: it says where an event happened, not who acted, two events at one
    place (two earthquakes on one island) share it, and it is an anchor (a name) already.
    Across languages it counts: a canonical actor is how "Лондон" meets "London" when the
    anchors, read from the surface, do not."""
    found: dict[str, set[str]] = {}
    types: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.actor and m.type != "unnamed_source":
            found.setdefault(m.article, set()).add(m.actor)
            types.setdefault(m.actor, Counter())[m.type] += 1
    places = {a for a, votes in types.items() if votes.most_common(1)[0][0] in PLACE_TYPES}
    return found, places


IDF_MIN_DOCS = 100  # a smaller corpus is padded to this many documents for the IDF


@dataclass(frozen=True, slots=True)
class IdfCounts:
    """Document frequencies of the whole corpus, for clustering a part of it (the new
    articles and their candidate stories) with the weights the whole would give: ``total``
    sets and, for each key, how many hold it (at least those of the part)."""

    total: int
    df: Mapping[str, int]


def incidence(
    sets: Sequence[Iterable[str]],
    min_docs: int = IDF_MIN_DOCS,
    subsets: Sequence[Iterable[str]] | None = None,
    counts: IdfCounts | None = None,
) -> tuple[Any, Any, Any]:
    """IDF-weighted and binary incidence rows (scipy CSR) of the keys in ``sets``, and the
    IDF-weighted rows of ``subsets`` (parts of those sets, same columns) if given. A corpus
    of fewer than ``min_docs`` sets is padded with virtual ones that hold none of the keys, so
    what two articles share keeps its weight in a small corpus; from ``min_docs`` on the IDF is
    plain, and a key every article holds weighs nothing. ``counts`` gives the corpus the
    ``sets`` are part of (the IDF is then that of the whole)."""
    from scipy import sparse

    index: dict[str, int] = {}
    df: dict[str, int] = {}
    for keys in sets:
        for key in set(keys):
            df[key] = df.get(key, 0) + 1
            index.setdefault(key, len(index))
    total = max(len(sets) if counts is None else counts.total, min_docs)
    idf = np.zeros(max(len(index), 1), dtype=np.float32)
    for key, k in index.items():
        # the corpus count, at least the part's own (a key the index has not counted yet)
        idf[k] = math.log(
            total / (df[key] if counts is None else max(counts.df.get(key, 0), df[key]))
        )
    shape = (len(sets), max(len(index), 1))

    def rows_of(groups: Sequence[Iterable[str]]) -> Any:
        rows, cols = [], []
        for i, keys in enumerate(groups):
            for key in set(keys):
                if key in index:
                    rows.append(i)
                    cols.append(index[key])
        ones = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((ones, (rows, cols)), shape=shape, dtype=np.float32)

    binary = rows_of(sets)
    weigh = sparse.diags(idf)
    return (
        (binary @ weigh).tocsr(),
        binary,
        (rows_of(subsets) @ weigh).tocsr() if subsets is not None else None,
    )


def unit_rows(matrix: Any) -> Any:
    from scipy import sparse

    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


FULL_MATRIX_MAX = 20_000  # up to this many articles, all similarities are computed at once
BLOCK_ROWS = 1_000


class _Similarities:
    """Pairwise similarity and evidence of one item to many. Up to FULL_MATRIX_MAX items the
    whole matrices are computed in one pass (fast, n² floats); beyond, rows are computed on
    demand. Large stores are clustered in time blocks (docs)."""

    def __init__(
        self,
        items: Sequence[ClusterItem],
        params: StoriesSettings,
        copies: Mapping[str, set[str]] | None = None,
        counts: tuple[IdfCounts, IdfCounts] | None = None,
    ) -> None:
        anchor_counts, actor_counts = counts or (None, None)
        self.vectors = (
            np.stack([np.asarray(i.vector, dtype=np.float32) for i in items])
            if items
            else np.zeros((0, 1))
        )
        weighted, self.anchor_flags, self.keys = incidence(
            [i.anchors() for i in items],
            subsets=[i.key_anchors() for i in items],
            counts=anchor_counts,
        )
        self.key_totals = np.asarray(self.keys.sum(axis=1)).ravel()
        self.anchor_weights = weighted
        self.anchor_units = unit_rows(weighted)
        self.actors, self.actor_flags, _ = incidence(
            [i.actors for i in items], min_docs=0, counts=actor_counts
        )
        self.actor_totals = np.asarray(self.actors.sum(axis=1)).ravel()
        # places left out (the overlap within one language); the other actors weigh the same
        self.who, self.who_flags, _ = incidence([i.actors - i.places for i in items], min_docs=0)
        self.who_totals = np.asarray(self.who.sum(axis=1)).ravel()
        self.languages = np.array([i.language or "" for i in items])
        _, self.act_flags, _ = incidence([i.acts() for i in items], min_docs=0)
        self.params = params
        position = {item.article: i for i, item in enumerate(items)}
        self.copies: dict[int, set[int]] = {
            position[a]: {position[b] for b in others if b in position}
            for a, others in (copies or {}).items()
            if a in position
        }
        days = [i.day.toordinal() if i.day else None for i in items]
        self.days = np.array([d if d is not None else 0 for d in days], dtype=np.float64)
        self.dated = np.array([d is not None for d in days])
        self.full: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        if len(items) <= FULL_MATRIX_MAX:
            # Filled in row blocks: n² float32 plus one block of temporaries at a time.
            every = np.arange(len(items))
            n = len(items)
            full = (np.empty((n, n), np.float32), np.empty((n, n), bool), np.empty((n, n), bool))
            for start in range(0, n, BLOCK_ROWS):
                block = every[start : start + BLOCK_ROWS]
                for target, value in zip(full, self._rows(block, every), strict=True):
                    target[block] = value
            self.full = full

    def row(self, i: int, others: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(similarity, evidence, in time) of ``i`` with each of ``others``."""
        if self.full is not None:
            sims, evidence, timely = self.full
            return sims[i, others], evidence[i, others], timely[i, others]
        sims_, evidence_, timely_ = self._rows(np.array([i]), others)
        return sims_[0], evidence_[0], timely_[0]

    def _rows(
        self, rows: np.ndarray, others: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        p = self.params
        cosine = self.vectors[rows] @ self.vectors[others].T
        anchors = (self.anchor_units[rows] @ self.anchor_units[others].T).toarray()
        shared_mass = (self.anchor_weights[rows] @ self.anchor_flags[others].T).toarray()
        sims = cosine + p.anchor_weight * anchors
        if p.key_weight:
            there = (self.keys[rows] @ self.anchor_flags[others].T).toarray()
            back = (self.keys[others] @ self.anchor_flags[rows].T).toarray().T
            ktot_r = self.key_totals[rows][:, None]
            ktot_o = self.key_totals[others][None, :]
            cover_there = np.divide(there, ktot_r, out=np.zeros_like(there), where=ktot_r > 0)
            cover_back = np.divide(back, ktot_o, out=np.zeros_like(back), where=ktot_o > 0)
            sims += p.key_weight * np.minimum(cover_there, cover_back)
        if p.actor_weight:
            one_language = self.languages[rows][:, None] == self.languages[others][None, :]
            overlap = np.where(
                one_language,
                _overlap(self.who, self.who_flags, self.who_totals, rows, others),
                _overlap(self.actors, self.actor_flags, self.actor_totals, rows, others),
            )
            sims += p.actor_weight * overlap
        copy = np.zeros(cosine.shape, dtype=bool)
        column = {int(j): k for k, j in enumerate(others)}
        for r, i in enumerate(rows):
            for j in self.copies.get(int(i), ()):
                if j in column:
                    copy[r, column[j]] = True
        both = self.dated[rows][:, None] & self.dated[others][None, :]
        gap = np.abs(self.days[rows][:, None] - self.days[others][None, :])
        timely = ~both | (gap <= p.window_days) | copy
        evidence = (shared_mass >= p.min_evidence) | copy
        if p.min_acts:
            # in one language, a report of the same event says what happened in like words
            acts = (self.act_flags[rows] @ self.act_flags[others].T).toarray()
            same = self.languages[rows][:, None] == self.languages[others][None, :]
            evidence &= ~same | (acts >= p.min_acts) | copy
        return sims.astype(np.float32), evidence, timely


def _overlap(weighted: Any, flags: Any, totals: np.ndarray, rows: Any, others: Any) -> Any:
    """IDF-weighted Jaccard overlap of the actors of ``rows`` with those of ``others``."""
    shared = (weighted[rows] @ flags[others].T).toarray()
    union = totals[rows][:, None] + totals[others][None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def cluster(
    items: list[ClusterItem],
    existing: dict[str, str],
    new_key: Callable[[ClusterItem], str],
    params: StoriesSettings | None = None,
    copies: Mapping[str, set[str]] | None = None,
    counts: tuple[IdfCounts, IdfCounts] | None = None,
) -> dict[str, str]:
    """Story key for every item (in the given order). ``existing`` (article -> story key) is
    kept as it is; only the other items are placed. ``copies`` (article -> the articles it
    copies or that copy it: translations, republications) are placed together. ``counts``
    (anchors', actors') weigh the items as part of a larger corpus (stories/incremental.py)."""
    n = len(items)
    if not n:
        return {}
    if params is None:
        params = shipped().stories
    sim = _Similarities(items, params, copies, counts)
    labels = np.full(n, -1)
    keys: list[str] = []
    key_index: dict[str, int] = {}

    def open_story(key: str) -> int:
        key_index[key] = len(keys)
        keys.append(key)
        return key_index[key]

    for i, item in enumerate(items):
        key = existing.get(item.article)
        if key is not None:
            labels[i] = key_index[key] if key in key_index else open_story(key)
    new = [i for i in range(n) if labels[i] < 0]

    def best_story(i: int, exclude_self: bool) -> tuple[int, float]:
        """The story with the best mean similarity among those ``i`` may join: those with a
        member that gives the evidence and is close enough in time (or a copy)."""
        others = (
            np.where((labels >= 0) & (np.arange(n) != i))[0]
            if exclude_self
            else np.where(labels >= 0)[0]
        )
        if not len(others):
            return -1, -math.inf
        sims, evidence, timely = sim.row(i, others)
        groups = labels[others]
        size = len(keys)
        backed = np.bincount(groups, weights=evidence & timely, minlength=size) > 0
        totals = np.bincount(groups, weights=sims, minlength=size)
        counts = np.bincount(groups, minlength=size)
        allowed = (counts > 0) & backed
        means = np.divide(totals, counts, out=np.full(size, -math.inf), where=allowed)
        story = int(means.argmax())
        return story, float(means[story])

    def copied_story(i: int) -> int:
        """The story holding most of ``i``'s copies, or -1."""
        placed = [labels[j] for j in sim.copies.get(i, ()) if labels[j] >= 0]
        return int(np.bincount(placed).argmax()) if placed else -1

    for i in new:
        story = copied_story(i)
        if story < 0:
            story, score = best_story(i, exclude_self=False)
            if story < 0 or score < params.threshold:
                story = open_story(new_key(items[i]))
        labels[i] = story

    for _ in range(REFINE_ROUNDS):
        moved = False
        for i in new:
            current = labels[i]
            if any(labels[j] == current for j in sim.copies.get(i, ())):
                continue  # a copy stays with what it copies
            alone = int((labels == current).sum()) == 1
            story, score = best_story(i, exclude_self=True)
            if story >= 0 and story != current and score >= params.threshold:
                labels[i] = story
                moved = True
            elif score < params.threshold and not alone:
                labels[i] = open_story(new_key(items[i]))
                moved = True
        if not moved:
            break
    if params.merge_threshold and sim.full is not None:
        merge_stories(labels, new, sim.full, params.merge_threshold)
    return {item.article: keys[labels[i]] for i, item in enumerate(items)}


MERGE_MAX = 5_000  # stories of new articles; a larger run skips the merge pass


def merge_stories(
    labels: np.ndarray,
    new: list[int],
    full: tuple[np.ndarray, np.ndarray, np.ndarray],
    threshold: float,
) -> None:
    """Average-linkage merge of the stories that hold only new articles: the two whose
    members average the highest similarity across them join, from ``threshold`` up, when
    one pair across them gives the evidence in time (the online pass depends on the order
    of arrival; this evens it out). Stories with earlier articles are left as they are."""
    sims, evidence, timely = full
    old = np.ones(len(labels), dtype=bool)
    old[new] = False
    fixed = set(labels[old].tolist())
    groups = sorted(set(labels[new].tolist()) - fixed)
    if len(groups) < 2 or len(groups) > MERGE_MAX:
        return
    rows = np.where(np.isin(labels, groups))[0]
    column = {g: k for k, g in enumerate(groups)}
    onehot = np.zeros((len(rows), len(groups)), dtype=np.float64)
    onehot[np.arange(len(rows)), [column[g] for g in labels[rows]]] = 1.0
    block = np.ix_(rows, rows)
    totals = onehot.T @ sims[block].astype(np.float64) @ onehot
    backed = (onehot.T @ (evidence[block] & timely[block]).astype(np.float64) @ onehot) > 0
    sizes = onehot.sum(axis=0)
    alive = np.ones(len(groups), dtype=bool)
    while True:
        means = totals / np.outer(sizes, sizes)
        means[~backed | ~alive[:, None] | ~alive[None, :]] = -np.inf
        np.fill_diagonal(means, -np.inf)
        a, b = np.unravel_index(int(means.argmax()), means.shape)
        if means[a, b] < threshold:
            break
        totals[a] += totals[b]
        totals[:, a] += totals[:, b]
        backed[a] |= backed[b]
        backed[:, a] |= backed[:, b]
        sizes[a] += sizes[b]
        alive[b] = False
        labels[labels == groups[b]] = groups[a]
