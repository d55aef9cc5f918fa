"""Event anchors: names and numbers, across scripts and number formats; no topic words."""

from __future__ import annotations

from newstrace.stories.anchors import mention_anchors, number_key, text_anchors


def test_numbers_meet_across_formats() -> None:
    assert number_key("1,500") == number_key("1.500") == number_key("1500") == "d:1500"
    assert number_key("6,1") == number_key("6.1") == "d:6.1"
    assert number_key("7") is None  # one digit says little
    assert "d:2013" in text_anchors("It happened in May 2013.", "en")


def test_names_meet_across_scripts_and_cases() -> None:
    english = text_anchors("On Monday, President Vladimir Putin met the press.", "en")
    russian = text_anchors("В понедельник президент Владимир Путин встретился с прессой.", "ru")
    assert "n:putin" in english and "n:putin" in russian
    # a case ending beyond the kept stem does not split a name
    assert mention_anchors(["Медведева"]) == mention_anchors(["Medvedev"]) == {"n:medved"}


def test_topic_words_sentence_starts_and_stop_words_are_no_anchors() -> None:
    anchors = text_anchors(
        "The earthquake struck at night. Rescuers searched the rubble. The Italian "
        "agency said It would help.",
        "en",
    )
    assert not {"n:earthq", "n:rescue", "n:the", "n:it"} & anchors
    assert "n:italia" in anchors
    # German capitalises every noun: its capitals are no sign of a name, its numbers are
    german = text_anchors("Das Erdbeben traf die Stadt mit 6,1 auf der Skala.", "de")
    assert german == {"d:6.1"}
    # recognised names still count in German
    assert mention_anchors(["Angela Merkel"]) == {"n:angela", "n:merkel"}


def test_anchors_found_once_are_a_new_set_each_time() -> None:
    # cached per text: a caller that adds to its set must not change the next caller's
    text = "The talks in Geneva between Lavrov and Kerry ended on 14 March with 3,500 troops."
    first = text_anchors(text, "en")
    first.add("n:intruder")
    assert "n:intruder" not in text_anchors(text, "en")
    assert text_anchors(text, "en") == first - {"n:intruder"}
