"""The seeds: one story, an independent report (neither copies the other), compared claim by claim."""

from __future__ import annotations

from newstrace.export import build_analysis, validate_analysis
from newstrace.ingest import ingest
from newstrace.pipeline import analyze

from ..conftest import SEEDS


def test_seeds_are_one_independent_story_with_an_outlet_comparison(store, settings) -> None:
    ingest([str(SEEDS)], store, settings)
    analyze(store, settings)
    analysis = build_analysis(store, settings)
    validate_analysis(analysis)
    (story,) = analysis["stories"]
    assert len(story["articles"]) == 2
    (relation,) = story["relations"]
    assert relation["kind"] == "independent"
    by_source = {a["id"]: a["source"] for a in analysis["articles"]}
    # 000 is machine-translated, but it copies nothing of 004: its artefacts are no evidence
    # of copying here (tests/stories/test_reposts.py finds them).
    assert relation["evidence"]["signals"] == []
    comparison = story["comparison"]
    texts = {a["id"]: a for a in analysis["articles"]}
    assert comparison["shared"], "the two reports share claims"
    shared_text = " ".join(c["text"] for g in comparison["shared"] for c in g["claims"])
    assert "sanctions" in shared_text
    # Not the same claim, though they share actors and a topic (a Crimea visit is no birthday).
    for other in ("birthdays", "ambassador", "Neutrality", "flirting", "Crimea"):
        assert other not in shared_text
    unique = {
        by_source[u["article"]].rsplit("/", 1)[-1][:3]: " ".join(c["text"] for c in u["claims"])
        for u in comparison["unique"]
    }
    assert "Fiat" in unique["000"] or "Tolyatti" in unique["000"]
    assert "Skripal" in unique["004"]
    for group in comparison["shared"]:
        for claim in group["claims"]:
            ev = claim["evidence"][0]
            art = store.get_article(ev["article"])
            assert art is not None and art.text[ev["start"] : ev["end"]] == ev["text"]
    assert texts  # articles listed
    # Each seed is the other's nearest article, with one cosine both ways (from pgvector's
    # index on the pgvector backend, exact numpy search on the others).
    first, second = sorted(texts)
    ((near, score),) = store.similar(first)
    assert near == second and 0.5 < score <= 1.0
    assert store.similar(second) == [(first, score)]
    # A re-run with nothing new keeps the story as it is.
    analyze(store, settings)
    assert [s.id for s in store.stories()] == [story["id"]]
