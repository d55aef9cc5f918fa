"""The analysis report: one self-contained HTML file (no script, no CDN)."""

from .html import render_report, write_report

__all__ = ["render_report", "write_report"]
