"""Evaluation tasks on gold data. Each task is ``evaluate(data, limit) -> dict`` with at least
``task``, ``n`` and its metrics as top-level keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import EvalError

Task = Callable[..., dict[str, Any]]

# The task names, without importing their modules (the CLI offers them as choices).
TASK_NAMES = (
    "actors",
    "dates",
    "extraction",
    "ner",
    "quotes",
    "relations",
    "reposts",
    "sentiment",
    "spellings",
    "stories",
    "translations",
)


def tasks() -> dict[str, Task]:
    from .actors import evaluate_actors
    from .dates import evaluate_dates
    from .extraction import evaluate_extraction
    from .ner import evaluate_ner
    from .quotes import evaluate_quotes
    from .quotes_gold import evaluate_quote_gold, is_quote_gold
    from .relations import evaluate_relations
    from .sentiment import evaluate_sentiment
    from .spellings import evaluate_spellings
    from .stories import evaluate_reposts, evaluate_stories
    from .translations import evaluate_translations

    return {
        "actors": evaluate_actors,
        "dates": evaluate_dates,
        "extraction": evaluate_extraction,
        "ner": evaluate_ner,
        # PolNeAR, or newstrace's own Russian and Italian gold (tests/fixtures/quotes_ru_it)
        "quotes": lambda data, **kw: (
            evaluate_quote_gold if is_quote_gold(data) else evaluate_quotes
        )(data, **kw),
        "relations": evaluate_relations,
        "sentiment": evaluate_sentiment,
        "spellings": evaluate_spellings,
        "stories": evaluate_stories,
        "reposts": evaluate_reposts,
        "translations": evaluate_translations,
    }


# tasks that run the pipeline over many documents and report progress (done, total) as they go
REPORTS_PROGRESS = frozenset({"quotes", "stories", "reposts"})


def run_task(
    name: str,
    data: Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> dict[str, Any]:
    available = tasks()
    if name not in available:
        raise EvalError(f"unknown eval task {name!r}; tasks: {', '.join(sorted(available))}")
    if not data.exists():
        raise EvalError(f"evaluation data not found: {data}")
    if progress is not None and name in REPORTS_PROGRESS:
        options["progress"] = progress
    return available[name](data, limit=limit, **options)
