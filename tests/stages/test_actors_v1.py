"""actors.v1: exact normalised names make one actor; the type is the majority's."""

from __future__ import annotations

from newstrace.model import Article, Mention
from newstrace.stages.actors import ActorsStage
from newstrace.stages.base import Corpus
from newstrace.text import name_key, strip_name


def mention(i: int, text: str, label_type: str, article: str = "a1") -> Mention:
    return Mention(f"m{i}", article, 0, len(text), text, "X", label_type, name_key(text), 0, 10)


def test_name_keys() -> None:
    assert (
        name_key("the League")
        == name_key("“League”")
        == name_key("League’s")
        == name_key("LEAGUE")
        == "league"
    )
    assert name_key("Five Star Movement") == name_key("five star Movement") == "five star movement"
    assert name_key("Movimento Cinque Stelle") != name_key(
        "Five Star Movement"
    )  # left to the actors issue
    assert strip_name("“Brothers of Italy”") == "Brothers of Italy"
    assert strip_name("Italy’s") == "Italy"


def test_league_spellings_are_one_actor_of_the_majority_type() -> None:
    mentions = [
        mention(1, "the League", "organization"),
        mention(2, "“League”", "organization", "a2"),
        mention(3, "League’s", "place"),
        mention(4, "Matteo Salvini", "person"),
        mention(5, "Italian", "other"),
    ]
    result = ActorsStage()(
        Corpus(articles=[Article("a1", "s", "ok"), Article("a2", "s", "ok")], mentions=mentions)
    )
    by_name = {a.name: a for a in result.actors}
    assert set(by_name) == {"League", "Matteo Salvini"}
    assert by_name["League"].type == "organization"
    league_id = by_name["League"].id
    assert sorted(m for m, a in result.assignments if a == league_id) == ["m1", "m2", "m3"]
    assert {alias for actor, alias, _ in result.aliases if actor == league_id} == {"League"}
