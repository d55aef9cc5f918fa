"""Party and legislature memberships written as a person's title (newstrace.actors
.affiliations): the body is the corpus's actor the title word names, never one made up."""

from __future__ import annotations

from newstrace.actors.affiliations import Bodies, affiliation_ties
from newstrace.model import Mention

# the corpus's actors: ids are their names here
CORPUS = Bodies(
    keys={
        "Democratic Party": frozenset({"democratic party", "democrats"}),
        "Republican Party": frozenset({"republican party", "gop", "republicans"}),
        "Senate": frozenset({"senate"}),
        "State Department": frozenset({"state department"}),
        "Hillary Clinton": frozenset({"hillary clinton"}),
    },
    weight={"Democratic Party": 5, "Republican Party": 7, "Senate": 2},
    parties=frozenset({"Democratic Party", "Republican Party"}),
)


def memberships(
    text: str, people: list[str], bodies: Bodies = CORPUS
) -> set[tuple[str, str, str, float]]:
    mentions = []
    for i, name in enumerate(people):
        start = text.index(name)
        mentions.append(
            Mention(f"m{i}", "a", start, start + len(name), name, "PER", "person", name.lower(),
                    0, len(text))
        )  # fmt: skip
    actor_of = {m.id: m.text for m in mentions}
    type_of = {m.text: "person" for m in mentions}
    return {
        (t.source, t.kind, t.target, t.confidence or 0.0)
        for t in affiliation_ties("a", text, mentions, actor_of, type_of, bodies)
    }


def test_a_party_adjective_before_a_title_and_a_party_tag() -> None:
    # PolNeAR train texts (training/relations/newsrel-train.jsonl)
    text = "U.S. Democratic presidential candidate Hillary Clinton said Russian services hacked."
    assert memberships(text, ["Hillary Clinton"]) == {
        ("Hillary Clinton", "member_of", "Democratic Party", 0.85)
    }
    text = "Ted Cruz received the endorsement of Gov. Mike Pence (R) on Friday."
    assert memberships(text, ["Ted Cruz", "Mike Pence"]) == {
        ("Mike Pence", "member_of", "Republican Party", 0.9)
    }
    # one title for two people
    text = "Democratic presidential candidates Hillary Clinton and Bernie Sanders were opposed."
    assert memberships(text, ["Hillary Clinton", "Bernie Sanders"]) == {
        ("Hillary Clinton", "member_of", "Democratic Party", 0.85),
        ("Bernie Sanders", "member_of", "Democratic Party", 0.85),
    }


def test_a_title_before_another_name_is_not_the_persons() -> None:
    text = "Republican leaders praised Hillary Clinton."
    assert memberships(text, ["Hillary Clinton"]) == set()
    text = "A Republican front-runner, Donald Trump and Hillary Clinton met."
    assert ("Hillary Clinton", "member_of", "Republican Party", 0.85) not in memberships(
        text, ["Donald Trump", "Hillary Clinton"]
    )


def test_titles_that_name_a_body_and_no_body_made_up() -> None:
    text = "Sen. Ted Cruz spoke, as did former Secretary of State John Kerry."
    assert memberships(text, ["Ted Cruz", "John Kerry"]) == {
        ("Ted Cruz", "member_of", "Senate", 0.5),  # below the default threshold
        ("John Kerry", "role", "State Department", 0.85),
    }
    text = "Sanders, a Vermont senator, has supported stem cell research."
    assert memberships(text, ["Sanders"]) == {("Sanders", "member_of", "Senate", 0.5)}
    # a corpus that names no Senate and no party gives no tie
    empty = Bodies(keys={}, weight={}, parties=frozenset())
    assert memberships("Sen. Ted Cruz (R-Texas) spoke.", ["Ted Cruz"], empty) == set()
