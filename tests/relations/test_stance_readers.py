"""Stances read from what a position word governs (newsrel GUIDELINES: the target is what the
text names, an actor under the fullest name the article gives it), from nouns of support, and
one stance per holder and target in an article; over the real English parse."""

from __future__ import annotations

from newstrace.model import Mention, Stance
from newstrace.relations.stances import fullest_name
from newstrace.relations.stances_of_ties import once_per_article

from .test_relations import positions, read


def _mention(text: str, type_: str = "person", i: int = 0) -> Mention:
    norm = text.lower().replace(".", "")
    return Mention(f"m{i}", "a1", i, i + len(text), text, "PER", type_, norm, 0, 100)


def test_fullest_name_of_an_actor() -> None:
    hillary, bill = _mention("Hillary Clinton", i=1), _mention("Bill Clinton", i=2)
    clinton = _mention("Clinton", i=3)
    assert fullest_name(clinton, [hillary, clinton]) == "Hillary Clinton"
    assert fullest_name(clinton, [hillary, bill, clinton]) == "Clinton"  # two of them: as written
    # the recogniser's type of a lone surname wavers: a fuller name of another type still counts
    pence = _mention("Pence", "organization", 4)
    assert fullest_name(pence, [_mention("Mike Pence", i=5), pence]) == "Mike Pence"


def test_what_a_position_word_governs_is_the_target() -> None:
    text = (
        "Governor Mary Fallin endorsed Senator Tom Coburn on Monday.\n\n"
        "Later, Fallin sharply criticized Coburn's proposal to cut school funding.\n\n"
        "The state senators have refused to vote on the budget."
    )
    stances = set(positions(read(text)))
    # an actor object, named in full as the article names it
    assert any("Fallin" in h and (t, p) == ("Tom Coburn", "pro") for h, t, p in stances)
    # a policy object with the clause that says what it is
    assert any(
        "Fallin" in h and (t, p) == ("Coburn's proposal to cut school funding", "anti")
        for h, t, p in stances
    )
    # no holder without a named actor: "The state senators" name nobody
    assert not any("vote" in t for _, t, _ in stances)


def test_nothing_is_read_from_a_bare_pointing_noun_or_a_passive() -> None:
    text = (
        "Senator Jane Ortiz rejected the notion.\n\n"
        "Ortiz was favored to win the nomination.\n\n"
        "Ortiz refused to say whether she would run.\n\n"
        "Ortiz has the support of rural voters.\n\n"
        "Ortiz turned her back on the farmers.\n\n"
        "Ortiz talked about schools, as opposed to defending the pipeline deal."
    )
    assert positions(read(text)) == []


def test_a_quote_holds_the_speaker_s_own_position_only() -> None:
    text = (
        "“I strongly oppose the pipeline deal,” said Senator Jane Ortiz.\n\n"
        "“You are not fit for office if you supported the pipeline deal,” said Senator Tom Reyes."
    )
    stances = set(positions(read(text)))
    assert any("Ortiz" in h and (t, p) == ("pipeline deal", "anti") for h, t, p in stances)
    assert not any("Reyes" in h for h, _, _ in stances)  # "you": not the speaker's own


def test_support_nouns_give_the_holder_after_from() -> None:
    text = "Mayor Ana Ruiz won endorsements from Governor Paul Dunne."
    stances = set(positions(read(text)))
    assert any("Dunne" in h and "Ana Ruiz" in t and p == "pro" for h, t, p in stances)


def test_one_stance_per_holder_and_target() -> None:
    trump = _mention("Donald Trump", i=1)
    by_id = {trump.id: trump}

    def stance(target: str, confidence: float, at: int) -> Stance:
        return Stance(f"s{at}", "m1", target, "pro", (), "m1", confidence)

    plain = stance("waterboarding", 0.9, 1)
    fuller = stance("waterboarding for the terrorists themselves", 0.9, 2)
    other = stance("Ted Cruz's campaign", 0.9, 3)
    kept = once_per_article([fuller, plain, stance("Ted Cruz", 0.9, 4), other], by_id)
    # the same target named more fully: the plainer of two equally sure readings stays
    assert [s.target for s in kept] == ["waterboarding", "Ted Cruz", "Ted Cruz's campaign"]
