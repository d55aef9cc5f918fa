"""Stance candidates (relations.stance_candidates) over the real English parse: the holder's
clause gives what its verb governs as the text names it, a listed item on its own, a quote's
speaker every phrase in the quote, and "he" the person named just before."""

from __future__ import annotations

from newstrace.quotes import load_cues
from newstrace.relations.stance_candidates import Candidate, of_article, phrase
from newstrace.settings import load_settings

from .test_relations import read


def _candidates(text: str) -> list[Candidate]:
    doc = read(text)
    settings = load_settings(environ={})
    cues = load_cues(tuple(settings.quotes.cue_files))
    speech = set(cues.verbs.get("en", {})) | set(cues.belief.get("en", set()))
    return of_article(doc, speech)


def _pairs(found: list[Candidate]) -> set[tuple[str, str, str]]:
    return {(c.holder.mention.text, c.target, c.how) for c in found}


def test_what_the_holder_s_verb_governs() -> None:
    found = _pairs(
        _candidates(
            "Jewish leaders and Senator Maria Lopez condemned Donald Trump's proposal to ban "
            "Muslims from entering the United States.\n\n"
            "Lopez pledged to end the program and to raise the minimum wage."
        )
    )
    assert (
        "Maria Lopez",
        "Donald Trump's proposal to ban Muslims from entering the United States",
        "subject",
    ) in found
    # an open clause, the clause's own object, and an item listed with it
    lopez = {t for h, t, _ in found if h == "Lopez"}
    assert "to end the program" in lopez and "program" in lopez
    assert any("raise the minimum wage" in t for t in lopez)


def test_an_actor_target_is_named_in_full_and_the_holder_never_targets_itself() -> None:
    found = _candidates(
        "Governor Mary Fallin endorsed Senator Tom Coburn on Monday.\n\n"
        "Later, Fallin sharply criticized Coburn."
    )
    assert ("Mary Fallin", "Tom Coburn") in {(c.holder.mention.text, c.target) for c in found}
    assert ("Fallin", "Tom Coburn") in {(c.holder.mention.text, c.target) for c in found}
    assert all(c.target_mention for c in found if c.target == "Tom Coburn")
    assert not any(c.holder.mention.text in c.target for c in found)


def test_a_quote_s_speaker_and_a_pronoun_holder() -> None:
    found = _candidates(
        "“The trade deal is a disaster for our workers,” said Senator Tom Reyes.\n\n"
        "He voted against the tax bill."
    )
    reyes = {(t, how) for h, t, how in _pairs(found) if "Reyes" in h}
    assert ("trade deal", "speaker") in reyes
    assert ("tax bill", "pronoun") in reyes


def test_a_phrase_stops_at_an_aside() -> None:
    doc = read("Senator Ana Ruiz praised the bill, which passed on Monday.")
    bill = next(t for t in doc.parse if t.text == "bill")
    assert " ".join(t.text for t in phrase(bill)) == "bill"
