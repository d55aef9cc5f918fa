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


def test_a_city_the_knowledge_base_names_in_several_languages_is_one_actor() -> None:
    # the demo bundle: the Wikinotizie article, its English translation and seed 004
    actors = actors_of(
        (
            "wikinotizie-it",
            "La legge arriva una settimana prima della festa nazionale, in vista del Russia Day"
            " dove sarà prevista una protesta a Mosca per i 12 anni di governo di Putin.\n"
            "Silvio Berlusconi, prima del voto, ha svolto a Roma una manifestazione a suo"
            " sostegno.",
            [
                ("Russia", "state"),
                ("Mosca", "state"),
                ("Putin", "person"),
                ("Silvio Berlusconi", "person"),
                ("Roma", "state"),
            ],
        ),
        (
            "translation-en",
            "The law comes a week before the national holiday, ahead of Russia Day, when a"
            " protest is planned in Moscow against Putin's 12 years in power.",
            [("Russia", "state"), ("Moscow", "state"), ("Putin", "person")],
        ),
        (
            "seed-004",
            "ROME — Italy’s Parliament convened Friday for the first time since"
            " anti-establishment forces shattered the old-line political system.",
            [("ROME", "state"), ("Italy", "state")],
        ),
    )
    moscow, moscow_names = actors["Moscow"]
    assert moscow.type == "place" and moscow_names == {"Mosca", "Moscow"}
    rome, rome_names = actors["Rome"]
    assert rome.type == "place" and rome_names == {"ROME", "Roma"}
    assert "Mosca" not in actors and "Roma" not in actors
    assert load_kb().lookup("Mosca")[0].metonym_groups[0][:2] == ["Moscow", "Mosca"]


def test_a_noun_of_places_beside_a_name_outvotes_the_organisation_reading() -> None:
    # the demo: the English recogniser reads "the airport of Simferopol" as an organisation
    # twice, the Italian one "aeroporto di Simferopoli" as a place once
    actors = actors_of(
        (
            "translation-en",
            "Yesterday Russian soldiers took control of the airport of Simferopol, the capital"
            " of Crimea. A man who helped the extremists seize the Simferopol airport said"
            " that the extremists are a people's militia.",
            [("Simferopol", "organization"), ("Crimea", "place"), ("Simferopol", "organization")],
        ),
        (
            "wikinotizie-it",
            "Ieri i militari russi hanno preso il controllo dell'aeroporto di Simferopoli,"
            " capoluogo della Crimea.",
            [("Simferopoli", "place"), ("Crimea", "place")],
        ),
        (
            # scrapinghub-aeb, polygraph.info: every "Rukban" an organisation to the recogniser
            "aeb-polygraph",
            "The population in the Rukban camp has fluctuated and currently is estimated at"
            " around 40,000. Jordan closed its borders with Syria and blocked the Rukban"
            " crossing point. “Rukban is another example of the Assad regime’s consistent"
            " practice,” Robertson said.",
            [
                ("Rukban", "organization"),
                ("Jordan", "state"),
                ("Syria", "state"),
                ("Rukban", "organization"),
                ("Rukban", "organization"),
                ("Robertson", "person"),
            ],
        ),
    )
    simferopol = next(a for name, (a, _) in actors.items() if name.startswith("Simferop"))
    assert simferopol.type == "place"
    assert actors["Rukban"][0].type == "place"


def test_an_outlet_named_in_the_text_is_an_organisation() -> None:
    # the demo's two translations end "Translated from Wikinotizie (it.wikinews.org)", which
    # the English recogniser reads as a person; Wikinotizie is the outlet of the corpus's
    # Italian articles
    text = "Translated from Wikinotizie (it.wikinews.org): a machine translation."
    kb = load_kb()

    def resolved(outlets: set[str]) -> list[tuple[str, str]]:
        locals_ = []
        for article in ("translation-1", "translation-2"):
            mentions = mentions_in(article, text, [("Wikinotizie", "person")])
            locals_.extend(within_article(article, text, mentions, kb, "en"))
        return [(a.name, a.type) for a in across_articles(locals_, kb, outlets=outlets).actors]

    assert resolved(set()) == [("Wikinotizie", "person")]  # no outlet of that name: as read
    assert resolved({"wikinotizie"}) == [("Wikinotizie", "organization")]


def test_a_name_is_completed_where_the_recogniser_cut_it_and_cleaned_of_glued_words() -> None:
    actors = actors_of(
        (
            # scrapinghub-aeb, the Guardian: the recogniser stops at the hyphen
            "aeb-guardian",
            "Further afield, the crisis has boosted, to Beijing’s chagrin, the prospects of"
            " Taiwan’s incumbent president, Tsai Ing-wen of the Democratic Progressive party,"
            " as she faces next year’s election. The Al Gore-era policy stays.",
            [
                ("Beijing", "place"),
                ("Taiwan", "place"),
                ("Tsai Ing", "person"),
                ("Al Gore", "person"),
            ],
        ),
        (
            # scrapinghub-aeb, Fox News: the surname with its particles, read as an
            # organisation, is the person named in full before it
            "aeb-fox",
            "James Van Der Beek has been eliminated from “Dancing with the Stars.”\n"
            "Van Der Beek was eliminated in what host Tom Bergeron described as the “hardest"
            " judge’s verdict so far this season.” “We lost the baby,” Van Der Beek said.",
            [
                ("James Van Der Beek", "person"),
                ("Van Der Beek", "organization"),
                ("Tom Bergeron", "person"),
                ("Van Der Beek", "organization"),
            ],
        ),
        (
            # the demo's Norilsk article: "fiume" (river) is no part of the river's name
            "wikinotizie-it",
            "Il gasolio è finito nel fiume Ambarnaya.",
            [("fiume Ambarnaya", "place")],
        ),
    )
    assert actors["Tsai Ing-wen"][0].type == "person"
    assert "Al Gore" in actors  # "-era" ends a compound, not a name
    beek, beek_names = actors["James Van Der Beek"]
    assert beek.type == "person" and beek_names == {"James Van Der Beek", "Van Der Beek"}
    assert "Van Der Beek" not in actors
    assert actors["Ambarnaya"][0].type == "place"
