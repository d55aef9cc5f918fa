"""Clustering metrics: BCubed precision/recall/F1 (Bagga & Baldwin) and pairwise F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from itertools import combinations


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """Items are the keys of ``gold``; an item missing from ``predicted`` is a singleton."""
    items = list(gold)
    pred = {i: predicted.get(i, ("singleton", i)) for i in items}
    pred_sizes = Counter(pred.values())
    gold_sizes = Counter(gold[i] for i in items)
    both = Counter((pred[i], gold[i]) for i in items)
    precision = sum(both[(pred[i], gold[i])] / pred_sizes[pred[i]] for i in items) / len(items)
    recall = sum(both[(pred[i], gold[i])] / gold_sizes[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1}


def pairwise_f1(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    items = list(gold)
    pred = {i: predicted.get(i, ("singleton", i)) for i in items}
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_pred, same_gold = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
