"""A noun trigger that the subject receives points back at it: "X received the endorsement of
Y" is Y's support of X (a PolNeAR train sentence, through the real parse)."""

from __future__ import annotations

from .test_relations import read, ties_of


def test_a_received_endorsement_is_the_endorsers() -> None:
    text = (
        "INDIANAPOLIS - Ted Cruz, who badly needs a win in Tuesday's GOP primary in Indiana, "
        "received the endorsement of Gov. Mike Pence on Friday."
    )
    found = {
        (s, kind, t) for s, kind, t, _neg, _date in ties_of(read(text, published="2016-04-29"))
    }
    assert ("Mike Pence", "support", "Ted Cruz") in found
    assert ("Ted Cruz", "support", "Mike Pence") not in found
