"""An article without a title is listed by its lead sentence (newstrace.text.lead_title)."""

from __future__ import annotations

from pathlib import Path

from newstrace.model import Article
from newstrace.text import lead_title

from ..conftest import SEEDS


def test_the_lead_sentence_names_an_untitled_article() -> None:
    text = (SEEDS / "004_06f02ca1d58e7db8.txt").read_text("utf-8")
    title = lead_title(text)
    assert title == (
        "ROME — Italy’s Parliament convened Friday for the first time since"
        " anti-establishment forces…"
    )
    assert len(title) <= 100
    untitled = Article(id="a", source=str(SEEDS / "004.txt"), status="ok", text=text)
    assert untitled.heading == title
    titled = Article(id="b", source="b.txt", status="ok", text=text, title="Italy votes")
    assert titled.heading == "Italy votes"
    assert Article(id="c", source="c.txt", status="ok").heading == "c.txt"


def test_abbreviations_and_initials_end_no_sentence() -> None:
    # the lead of an AP page (scrapinghub-aeb) and of a Russian page
    assert (
        lead_title("WASHINGTON (AP) — Ambassador Gordon Sondland testified. He said more.")
        == "WASHINGTON (AP) — Ambassador Gordon Sondland testified."
    )
    assert lead_title("Sen. J. R. Smith met Dr. Jones in Paris. Then he left.") == (
        "Sen. J. R. Smith met Dr. Jones in Paris."
    )
    assert lead_title("В Москве прошёл большой саммит. Путин сказал.") == (
        "В Москве прошёл большой саммит."
    )
    assert lead_title("") == ""


def test_every_seed_has_a_heading(tmp_path: Path) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        heading = Article(id="x", source=path.name, status="ok", text=path.read_text("utf-8"))
        assert heading.heading and heading.heading != path.name
