"""Nothing stops analyze (issue #31): a text too long for the parser is cut by a documented rule,
and a document a stage raises on is recorded as failed for that stage, left out of later runs
until --redo, while the rest of its batch is analysed. With the real spaCy models."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from newstrace.errors import PipelineError
from newstrace.ingest import ingest
from newstrace.model import AnalysisDoc, Article
from newstrace.pipeline import analysis_text, analyze, run_article_stages
from newstrace.settings import load_settings
from newstrace.store import open_store

from .conftest import SEEDS

STAGES = ["language.v1", "entities.v4"]


def test_analysis_text_cuts_at_the_last_break_before_the_limit() -> None:
    assert analysis_text("short text", 100) == "short text"
    para = "First paragraph here.\n\nSecond one, which runs on and on."
    assert analysis_text(para, 40) == "First paragraph here."
    assert analysis_text("One sentence. Two sentence. Three", 30) == "One sentence. Two sentence."
    assert analysis_text("word " * 10, 12) == "word word"
    assert analysis_text("x" * 50, 10) == "x" * 10  # no break at all: a hard cut
    text = "Paragraph.\n\n" + "word " * 400_000
    cut = analysis_text(text, 100_000)
    assert len(cut) <= 100_000 and text.startswith(cut) and cut.endswith("word")


def blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_a_long_article_never_stops_analyze(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "long.txt").write_text("A very long text\n\n" + "word " * 400_000, "utf-8")
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    db = str(tmp_path / "long.db")

    def settings(max_chars: int):  # type: ignore[no-untyped-def]
        return load_settings(
            {"db": db, "pipeline": {"stages": STAGES, "max_chars": max_chars}}, environ={}
        )

    # Over spaCy's 1,000,000-character limit, uncut: entities raises on that one document.
    uncut = settings(3_000_000)
    with open_store(db) as store:
        assert len(ingest([str(tmp_path / "*.txt")], store, uncut).ok) == 3
        long_id = next(a.id for a in store.articles() if a.title == "A very long text")
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
        with threadpool_limits(2):
            first = analyze(store, uncut, workers=1)
            assert blas_threads() == {1}  # the single process caps BLAS like a pool worker
        assert [(a, s) for a, s, _ in first.failed] == [(long_id, "entities")]
        assert "exceeds maximum" in first.failed[0][2]  # spaCy's own reason, E088
        assert store.stage_failure_reasons() == list(first.failed)
        # the two seeds in the same batch went through; nothing of the failed one is stored
        assert store.languages() == {"en": 2, "unknown": 1}
        assert {m.article for m in store.mentions()} == {
            a.id for a in store.articles() if a.id != long_id
        }
        # a later run leaves it out, without trying again
        again = analyze(store, uncut, workers=1)
        assert again.processed == 0 and again.held == 1 and not again.failed
        # --redo tries again: with the cut (documented default rule) it goes through
        cut = settings(20_000)
        redone = analyze(store, cut, workers=1, redo=["entities"])
        assert not redone.failed and redone.held == 0
        assert store.stage_failure_reasons() == [] and store.languages() == {"en": 3}
        mentions = [m for m in store.mentions() if m.article == long_id]
        assert all(m.end <= 20_000 for m in mentions)
        sentences = store.sentences(long_id)
        assert sentences and sentences[-1].end <= 20_000
        assert len(store.articles(ids=[long_id])[0].text) > 1_000_000  # stored text is whole


class Picky:
    """An article stage that raises on one kind of document, or on all with a setting error."""

    name, version, scope = "picky", 1, "article"
    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("language",)

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        for doc in docs:
            if self.error is not None:
                raise self.error
            if "poison" in doc.text:
                raise ValueError("cannot read poison")
            doc.language = "en"


def doc(text: str) -> AnalysisDoc:
    return AnalysisDoc(article=Article(id=text, source=text, status="ok", text=text))


def test_a_failing_document_is_isolated_in_its_batch() -> None:
    docs = [doc("fine one"), doc("poison here"), doc("fine two")]
    run_article_stages([Picky()], docs)  # type: ignore[list-item]
    assert [d.language for d in docs] == ["en", None, "en"]
    assert [d.failure for d in docs] == [None, ("picky", "ValueError: cannot read poison"), None]


def test_a_setting_error_stops_the_run() -> None:
    missing = PipelineError("spaCy model 'xx' is not installed", code="NT410")
    with pytest.raises(PipelineError):
        run_article_stages([Picky(missing)], [doc("fine one"), doc("fine two")])  # type: ignore[list-item]
