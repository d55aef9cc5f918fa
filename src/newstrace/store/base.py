"""The Store API, written once over SQL that SQLite and PostgreSQL both run, as one record
family per module (articles, stages, actors, items, stories, searching) over the SQL core
(core.py). Every query is parameterised (``?`` placeholders, translated by the dialect). What
differs between the two (connections, transactions, full-text search, string aggregation)
lives in the dialect classes: ``sqlite.SQLiteStore`` and ``postgres.PostgresStore``."""

from __future__ import annotations

from .actors import ActorRecords
from .articles import ArticleRecords
from .core import SQLCore
from .items import ItemRecords
from .rows import SearchFilters, pack, search_filter_sql, unpack
from .searching import SearchRecords
from .stages import StageRecords
from .stories import StoryRecords

__all__ = ["SQLStore", "SearchFilters", "pack", "search_filter_sql", "unpack"]


class SQLStore(
    StageRecords, ItemRecords, StoryRecords, SearchRecords, ActorRecords, ArticleRecords, SQLCore
):
    """The Store API over a DB-API connection. Methods return the records of
    ``newstrace.model``. Subclasses supply the connection and the dialect hooks."""
