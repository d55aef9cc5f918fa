"""The actor network as a graph file for Gephi, Cytoscape or networkx: GEXF or GraphML.

Nodes are actors (``name``, ``type``, ``mentions``, ``articles``: how many articles name it);
edges are ties, source to target, several between one pair when several ties join them
(``kind``, ``date`` as the text gives it, ``date_start``/``date_end`` as full days,
``negated``, ``evidence``: how many spans show it, ``sentence``: the sentence it was read
from, ``article``: the article of that sentence). Absent values are empty strings, as both
formats require."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from .dates import date_span

GRAPH_FORMATS = ("gexf", "graphml")


def build_graph(analysis: Mapping[str, Any]) -> Any:
    """A networkx MultiDiGraph of the analysis's actors and ties."""
    import networkx as nx

    graph = nx.MultiDiGraph(name="newstrace actor network")
    for a in analysis["actors"]:
        graph.add_node(
            a["id"],
            label=a["name"],
            name=a["name"],
            type=a["type"],
            mentions=int(a["mentions"]),
            articles=len(a["articles"]),
        )
    for t in analysis["ties"]:
        evidence = t["evidence"]
        main = next((e for e in evidence if e.get("role") in (None, "relation")), None)
        main = main or (evidence[0] if evidence else {})
        span = date_span(t["date"])
        graph.add_edge(
            t["source"],
            t["target"],
            key=t["id"],
            id=t["id"],
            label=t["kind"],
            kind=t["kind"],
            date=t["date"] or "",
            date_start=span.start if span else "",
            date_end=span.end if span else "",
            negated=bool(t["negated"]),
            evidence=len(evidence),
            sentence=main.get("sentence") or main.get("text") or "",
            article=main.get("article") or "",
        )
    return graph


def write_graph(analysis: Mapping[str, Any], fmt: str, out: Path | IO[bytes]) -> None:
    """Write the graph as ``gexf`` or ``graphml`` to a file or an open binary stream."""
    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"graph format must be gexf or graphml, not {fmt!r}")
    graph = build_graph(analysis)
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True)
    else:
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
