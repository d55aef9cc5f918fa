"""Cities apart from the states they stand for, directions that are no actors, and types that
the name itself decides; on sentences of real articles (the seeds, scrapinghub-aeb pages)."""

from __future__ import annotations

from newstrace.actors.linking import kb_entries_by_actor, metonym_aliases, shown_aliases
from newstrace.actors.resolve import across_articles, within_article
from newstrace.kb import load_kb
from newstrace.model import Actor

from ..stages.test_actors_v2 import mentions_in


def actors_of(
    *articles: tuple[str, str, list[tuple[str, str]]],
) -> dict[str, tuple[Actor, set[str]]]:
    """Actors by name: the record and its aliases; an article is (id, text, names)."""
    kb = load_kb()
    locals_ = []
    for article, text, names in articles:
        locals_.extend(within_article(article, text, mentions_in(article, text, names), kb))
    result = across_articles(locals_, kb)
    aliases: dict[str, set[str]] = {}
    for actor_id, alias, _key in result.aliases:
        aliases.setdefault(actor_id, set()).add(alias)
    return {a.name: (a, aliases[a.id]) for a in result.actors}


def test_a_city_is_its_own_actor_and_a_metonym_is_marked_as_one() -> None:
    actors = actors_of(
        (
            "seed-004",
            "ROME — Italy’s Parliament convened Friday for the first time since"
            " anti-establishment forces shattered the old-line political system.\n"
            "One European ambassador in Rome, asked ahead of the election, smiled ruefully.",
            [("ROME", "state"), ("Italy", "state"), ("Rome", "state")],
        ),
        (
            "seed-000",
            "In 2016 the regions adopted a resolution calling on Rome to approve the annexation"
            " of the Crimea. Matteo Salvini met Vladimir Putin in Moscow on Tuesday."
            " Moscow is flirting with the League.",
            [
                ("Rome", "state"),
                ("Matteo Salvini", "person"),
                ("Vladimir Putin", "person"),
                ("Moscow", "state"),
                ("Moscow", "state"),
            ],
        ),
    )
    rome, rome_names = actors["Rome"]
    assert rome.type == "place" and rome_names == {"ROME", "Rome"}  # the dateline, "in Rome"
    moscow, _ = actors["Moscow"]
    assert moscow.type == "place"
    # "calling on Rome", "Moscow is flirting": the state, by metonymy, and shown as such
    italy, italy_names = actors["Italy"]
    russia, russia_names = actors["Russia"]
    assert italy_names == {"Italy", "Rome"} and russia_names == {"Moscow"}
    kb = load_kb()
    assert shown_aliases(italy.id, sorted(italy_names), kb) == ["Italy", "Rome (metonym)"]
    assert metonym_aliases(russia.id, ["Moscow"], kb) == {"Moscow"}
    assert shown_aliases(rome.id, ["ROME", "Rome"], kb) == ["ROME", "Rome"]
    assert italy.id in kb_entries_by_actor(kb)


def test_compass_points_are_no_actors() -> None:
    text = (
        "Italy is caught between Russia and the West. Neutrality between East and West would"
        " be a striking departure for Italy. In 2016 the regions in the North of Italy adopted"
        " a resolution. Western Europe and North Africa are places."
    )
    actors = actors_of(
        (
            "seed-004",
            text,
            [
                ("Italy", "state"),
                ("Russia", "state"),
                ("West", "place"),
                ("East", "place"),
                ("West", "place"),
                ("Italy", "state"),
                ("North", "place"),
                ("Italy", "state"),
                ("Western Europe", "place"),
                ("North Africa", "place"),
            ],
        )
    )
    assert not {"West", "East", "North"} & set(actors)
    assert actors["Western Europe"][0].type == actors["North Africa"][0].type == "place"


def test_a_name_with_an_organisations_head_word_is_no_person() -> None:
    actors = actors_of(
        (
            "wikinews-en",
            "Dmitry Peskov said the law will be published in Saturday's edition of Rossiyskaya"
            " Gazeta; he added that similar legislation exists in Europe.",
            [("Dmitry Peskov", "person"), ("Rossiyskaya Gazeta", "person")],
        ),
        (
            "aeb-pages",
            "“It is a land grab,” said Avi Bell of the Kohelet Policy Forum.",
            [("Avi Bell", "person"), ("Kohelet Policy Forum", "person")],
        ),
    )
    assert actors["Rossiyskaya Gazeta"][0].type == "organization"
    assert actors["Kohelet Policy Forum"][0].type == "organization"
    assert actors["Dmitry Peskov"][0].type == actors["Avi Bell"][0].type == "person"


def test_a_tie_of_votes_between_a_place_and_an_organisation_goes_to_the_place() -> None:
    actors = actors_of(
        (
            "wikinews-en",
            "Extremists took control of the airport of Simferopol, the capital of Crimea.",
            [("Simferopol", "organization"), ("Crimea", "place")],
        ),
        (
            "wikinotizie-it",
            "Gli estremisti hanno preso il controllo della città di Simferopol, in Crimea.",
            [("Simferopol", "place"), ("Crimea", "place")],
        ),
    )
    assert actors["Simferopol"][0].type == "place"


def test_a_sentence_opener_glued_to_a_surname_is_no_first_name() -> None:
    # the AP page of scrapinghub-aeb: "Yet Sondland" was a second person beside Gordon
    # Sondland, so the lone "Sondland" had two owners and stayed a third actor
    text = (
        "WASHINGTON (AP) — Ambassador Gordon Sondland, the most anticipated witness in the"
        " impeachment inquiry, is likely to be unpredictable.\n"
        "Yet Sondland has already amended his testimony once.\n"
        "Sondland, a wealthy hotelier Trump tapped as his ambassador, has said he spoke with him."
    )
    actors = actors_of(
        (
            "aeb-ap",
            text,
            [("Gordon Sondland", "person"), ("Yet Sondland", "person"), ("Sondland", "place")],
        )
    )
    assert actors["Gordon Sondland"][1] == {"Gordon Sondland", "Yet Sondland", "Sondland"}
    assert actors["Gordon Sondland"][0].type == "person" and len(actors) == 1


def test_a_place_named_with_an_ambiguous_word_keeps_its_type() -> None:
    actors = actors_of(
        (
            "aeb-albawaba",
            "Israel annexed settlements in the West Bank; protesters gathered in Times Square"
            " and at Johns Hopkins University.",
            [
                ("Israel", "state"),
                ("West Bank", "place"),
                ("Times Square", "place"),
                ("Johns Hopkins University", "place"),
            ],
        )
    )
    assert actors["West Bank"][0].type == actors["Times Square"][0].type == "place"
    assert actors["Johns Hopkins University"][0].type == "organization"


def test_an_organisations_head_word_alone_is_still_a_common_noun() -> None:
    # seed 000: "the Institute" read as a person is no actor, and no organisation either
    actors = actors_of(
        (
            "seed-000",
            "According to the Institute, Italy shares the interests of Russia.",
            [("Institute", "person"), ("Italy", "state"), ("Russia", "state")],
        )
    )
    assert "Institute" not in actors and {"Italy", "Russia"} <= set(actors)
