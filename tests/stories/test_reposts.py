"""Repost and translation detection with the real multilingual model, on real news sentences
and their machine translations (Multi-CrossRE, ../shared/eval) and on the seed articles."""

from __future__ import annotations

import json
from datetime import date

from newstrace.model import Sentence
from newstrace.settings import load_settings
from newstrace.stories.embed import load_embedder
from newstrace.stories.reposts import ArticleView, classify_pair, mt_signals

from ..conftest import SEEDS, eval_path

PARAMS = load_settings(environ={}).stories


def view(
    article_id: str,
    sentences: list[str],
    language: str,
    day: date | None = None,
    order: int = 0,
    outlet: str | None = None,
) -> ArticleView:
    text, spans = "", []
    for s in sentences:
        spans.append(Sentence(len(text), len(text) + len(s)))
        text += s + "\n"
    vectors = load_embedder(PARAMS.embedder).encode(sentences)
    return ArticleView(article_id, language, day, order, text, tuple(spans), vectors, outlet)


def crossre_block(language: str, start: int, size: int = 25) -> tuple[list[str], list[str]]:
    base = eval_path("reposts", "multi-crossre-dev")
    english = {
        d["doc_key"]: " ".join(d["sentence"])
        for d in map(json.loads, (base / "english-news-dev.json").open())
    }
    rows = [json.loads(line) for line in (base / language / "news-dev.json").open()]
    rows = [r for r in rows if len(r["sentence"]) > 8][start : start + size]
    return [english[r["doc_key"]] for r in rows], [r["sentence-detokenized"] for r in rows]


def test_machine_translation_is_traced_to_its_earlier_source() -> None:
    english, italian = crossre_block("italian", 0)
    source = view("en", english, "en", date(1996, 8, 30))
    copy = view("it", italian, "it", date(1996, 8, 31))
    verdict = classify_pair(copy, source, PARAMS)
    assert verdict.kind == "translation"
    assert (verdict.source, verdict.article) == ("en", "it")
    assert verdict.share >= 0.7 and verdict.in_order >= 0.9


def test_different_news_in_two_languages_is_independent() -> None:
    english, _ = crossre_block("german", 0)
    _, german = crossre_block("german", 60)
    verdict = classify_pair(view("en", english, "en"), view("de", german, "de"), PARAMS)
    assert verdict.kind == "independent" and verdict.share < 0.2


def test_same_language_rewrite_is_a_republication(seed_texts: dict[str, str]) -> None:
    paragraphs = [p for p in seed_texts["004_06f02ca1d58e7db8.txt"].split("\n\n") if p.strip()]
    original = view("orig", paragraphs, "en", date(2018, 3, 23))
    repost = view(
        "copy", [*paragraphs[:-3], "Reposted from the Washington Post."], "en", date(2018, 3, 24)
    )
    verdict = classify_pair(repost, original, PARAMS)
    assert verdict.kind == "republication" and verdict.source == "orig"
    assert verdict.minhash is not None and verdict.minhash > 0.6


def test_translation_artefacts_of_seed_000_are_found() -> None:
    text = (SEEDS / "000_6bea74e761890eb2.txt").read_text("utf-8")
    found = {s.text for s in mt_signals(text, "en")}
    assert {"Movement five stars", "Forward, Italy", "1960-e"} <= found
    assert "From “the" in found  # whole words, never a cut-off "From “t"
    clean = (SEEDS / "004_06f02ca1d58e7db8.txt").read_text("utf-8")
    assert mt_signals(clean, "en") == []


def test_a_credit_line_names_the_source_whatever_the_dates() -> None:
    english, italian = crossre_block("italian", 0)
    # The copy was ingested and dated first, but credits the other outlet.
    copy = view(
        "it",
        [*italian, "Tradotto da Reuters."],
        "it",
        date(1996, 8, 29),
        order=0,
        outlet="repubblica.it",
    )
    source = view("en", english, "en", date(1996, 8, 30), order=1, outlet="reuters.com")
    verdict = classify_pair(copy, source, PARAMS)
    assert verdict.kind == "translation" and (verdict.source, verdict.article) == ("en", "it")


def test_ukrainian_translation_is_found_despite_low_sentence_scores() -> None:
    # USE scores Ukrainian sentences against their English sources low (0.4-0.7); that most
    # of both articles' sentences are each other's best match, in order, gives them away.
    english, ukrainian = crossre_block("ukrainian", 0)
    verdict = classify_pair(view("en", english, "en"), view("uk", ukrainian, "uk"), PARAMS)
    assert verdict.kind == "translation" and verdict.share >= 0.7


def test_a_shared_headline_and_dateline_are_no_copy() -> None:
    # Two different reports from one place and day share their dateline; two lines prove
    # nothing, whatever the share of a short page they make.
    first = view("a", ["SOCCER - RESULTS", "LONDON 1996-08-30", "Arsenal beat Chelsea 2-1."], "en")
    second = view(
        "b", ["SOCCER - RESULTS", "LONDON 1996-08-30", "Leeds drew 0-0 with Everton."], "en"
    )
    assert classify_pair(first, second, PARAMS).kind == "independent"


def test_a_texts_minhash_is_the_one_of_one_update_per_shingle() -> None:
    # the cached sketch hashes its shingles in one batch: the same values as one update each
    from datasketch import MinHash

    from newstrace.stories.reposts import _WORD, _sketch, minhash_jaccard

    text = (SEEDS / "000_6bea74e761890eb2.txt").read_text("utf-8")
    words = _WORD.findall(text.lower())
    assert len(words) > 100
    one_by_one = MinHash(num_perm=128)
    for i in range(len(words) - 4):
        one_by_one.update(" ".join(words[i : i + 5]).encode("utf-8"))
    assert (_sketch(text, 128).hashvalues == one_by_one.hashvalues).all()
    assert minhash_jaccard(text, text) == 1.0
    assert 0.3 < minhash_jaccard(text, text[: len(text) // 2]) < 0.7
