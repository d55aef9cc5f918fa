"""Exports of a store: the versioned analysis document (JSON), JSONL, CSV, FollowTheMoney
entities and the actor network as GEXF or GraphML."""

from .analysis import ANALYSIS_FORMAT, build_analysis, load_schema, validate_analysis
from .ftm import iter_ftm, write_ftm
from .graph import GRAPH_FORMATS, build_graph, write_graph
from .tables import write_csv
from .writers import write_json, write_jsonl

__all__ = [
    "ANALYSIS_FORMAT",
    "GRAPH_FORMATS",
    "build_analysis",
    "build_graph",
    "iter_ftm",
    "load_schema",
    "validate_analysis",
    "write_csv",
    "write_ftm",
    "write_graph",
    "write_json",
    "write_jsonl",
]
