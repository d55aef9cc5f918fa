"""Exports of a store: the versioned analysis document (JSON), JSONL and CSV."""

from .analysis import ANALYSIS_FORMAT, build_analysis, load_schema, validate_analysis
from .writers import write_csv, write_json, write_jsonl

__all__ = [
    "ANALYSIS_FORMAT",
    "build_analysis",
    "load_schema",
    "validate_analysis",
    "write_csv",
    "write_json",
    "write_jsonl",
]
