"""Roles written next to names, read as the newsrel guidelines' kinds: leader_of, member_of,
works_for (toward a person too), role, family (between people only), each with a confidence."""

from __future__ import annotations

from newstrace.actors.roles import role_ties
from newstrace.model import Mention


def roles(text: str, names: dict[str, str]) -> set[tuple[str, str, str, float]]:
    """(person, kind, other, confidence) of the role ties in ``text``; ``names`` maps each
    name in it to its actor type."""
    mentions = []
    for i, (name, _type) in enumerate(names.items()):
        start = text.index(name)
        mentions.append(
            Mention(f"m{i}", "a", start, start + len(name), name, "X", _type, name.lower(), 0,
                    len(text))
        )  # fmt: skip
    actor_of = {m.id: m.text for m in mentions}
    type_of = {m.text: m.type for m in mentions}
    return {
        (t.source, t.kind, t.target, t.confidence or 0.0)
        for t in role_ties("a", text, mentions, actor_of, type_of)
    }


def test_roles_as_the_guidelines_kinds() -> None:
    assert roles("FBI Director James Comey said.", {"FBI": "organization", "James Comey": "person"}) == {
        ("James Comey", "leader_of", "FBI", 0.9)
    }  # fmt: skip
    assert roles("Ohio Gov. John Kasich won.", {"Ohio": "place", "John Kasich": "person"}) == {
        ("John Kasich", "leader_of", "Ohio", 0.9)
    }
    # a spokesman works for a person too
    assert roles(
        "Clinton spokesman Josh Schwerin said.", {"Clinton": "person", "Josh Schwerin": "person"}
    ) == {("Josh Schwerin", "works_for", "Clinton", 0.9)}
    assert roles(
        "Secretary of State Hillary Clinton spoke.", {"State": "organization", "Hillary Clinton": "person"}
    ) == {("Hillary Clinton", "role", "State", 0.9)}  # fmt: skip


def test_an_outlets_person_and_a_persons_relative() -> None:
    assert roles("CNN's Dana Bash tweeted.", {"CNN": "organization", "Dana Bash": "person"}) == {
        ("Dana Bash", "works_for", "CNN", 0.75)
    }
    # a person's person is no employee; a relative is family, between people only
    assert roles("Trump's Ivanka spoke.", {"Trump": "person", "Ivanka": "person"}) == set()
    assert roles("Trump's daughter Ivanka spoke.", {"Trump": "person", "Ivanka": "person"}) == {
        ("Ivanka", "family", "Trump", 0.9)
    }
    assert roles(
        "Nabisco's daughter company Mondelez grew.", {"Nabisco": "organization", "Mondelez": "person"}
    ) == set()  # fmt: skip
