"""The dated-event scorer (models/relations/events.npz): it loads, and on real sentences it
ranks a dated happening above what the training annotations show is most often wrong."""

from __future__ import annotations

from datetime import datetime

from newstrace.relations import event_scorer
from newstrace.relations.dates import DateMention
from newstrace.relations.event_scorer import FEATURES, EventReading, score_event

PUBLISHED = datetime(2016, 4, 29)


def reading(text: str, value: str, head: str = "VERB", actors: int = 1, again: bool = False):  # type: ignore[no-untyped-def]
    return EventReading(
        head, actors, False, again, DateMention(0, len(text), text, value), PUBLISHED
    )


def test_the_shipped_weights_load() -> None:
    w = event_scorer._weights()
    assert w is not None and w.shape == (len(FEATURES),)


def test_a_dated_happening_outranks_a_vague_or_repeated_date() -> None:
    # "Knight campaigned with Trump on Wednesday."
    firm = score_event(reading("Wednesday", "2016-04-27"))
    # "who also campaigned in the state this week": a week read as its year
    vague = score_event(reading("this week", "2016", actors=0))
    # a second event of the same date in one sentence
    again = score_event(reading("Wednesday", "2016-04-27", again=True))
    # "another likely rout this weekend", after the publication
    ahead = score_event(reading("this weekend", "2016-04-30", head="NOUN"))
    assert 0.0 <= vague < firm <= 1.0
    assert again < firm and ahead < firm
    assert firm >= 0.62 > vague  # the default [relations] event_threshold
