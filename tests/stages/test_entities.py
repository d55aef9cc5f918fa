"""entities.v4 on real recognisers: natasha's spans cut into the names they hold and typed by
the knowledge base through their normal form; knowledge-base metonyms kept as places."""

from __future__ import annotations

from newstrace.settings import Settings
from newstrace.stages.entities import RecognisingEntitiesStage, TidyEntitiesStage


def spans(stage: RecognisingEntitiesStage, lang: str, text: str) -> dict[str, tuple[str, str]]:
    """surface -> (label, knowledge-base id)"""
    ((_, found),) = stage.parse(lang, [text])
    return {text[s.start : s.end]: (s.label, s.kb or "") for s in found}


def test_russian_spans_are_cut_into_names_and_typed_by_the_knowledge_base(
    settings: Settings,
) -> None:
    text = (
        "Решение о введении санкций приняла Федеральная служба по надзору в сфере связи, "
        "информационных технологий и массовых коммуникаций (Роскомнадзор). "
        "Представители Европейского союза встретились в Москве."
    )
    v4 = spans(TidyEntitiesStage(settings), "ru", text)
    # the parenthesised acronym is a name of its own, and the long name ends before it
    assert "Роскомнадзор" in v4
    long_name = next(s for s in v4 if s.startswith("Федеральная служба"))
    assert long_name.endswith("коммуникаций")
    # natasha calls the EU a place; its normal form "Европейский союз" is the KB's organisation
    assert v4["Европейского союза"][1] == "org:eu"
    # no span runs into a verb, a bracket or the next sentence
    assert not any(c in s for s in v4 for c in "().") and all("приняла" not in s for s in v4)


def test_a_name_does_not_run_on_into_the_verb_after_it(settings: Settings) -> None:
    stage = TidyEntitiesStage(settings)
    text = "Согласно договору, решение Комиссии замещается новым регламентом."
    names = spans(stage, "ru", text)
    assert all("замещается" not in s for s in names)
    # a particle opening a surname stays with it
    names = spans(stage, "ru", "Об этом сообщил Херман ван Ромпёй на встрече в Брюсселе.")
    assert any(s.endswith("ван Ромпёй") for s in names)


def test_a_metonym_keeps_the_entry_but_is_labelled_a_place(settings: Settings) -> None:
    stage = TidyEntitiesStage(settings)
    found = spans(stage, "en", "Officials in Brussels said the European Union would respond.")
    assert found["Brussels"] == ("LOC", "org:eu")
    assert found["European Union"][1] == "org:eu"


def test_the_parse_batch_changes_memory_not_mentions(settings: Settings) -> None:
    """spaCy parses a few texts at a time (``PARSE_BATCH``, for memory): the sentences and
    mentions of real articles are those of a batch of 16."""
    from newstrace.model import AnalysisDoc, Article
    from newstrace.stages.entities import PARSE_BATCH

    from ..conftest import eval_path

    folder = eval_path("quotes", "polnear", "dev", "text")
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))[:6]]

    def read(batch: int) -> list[tuple[object, ...]]:
        stage = TidyEntitiesStage(settings)
        stage.batch_size = batch
        docs = [
            AnalysisDoc(Article(f"a{i}", "t", "ok", t), language="en") for i, t in enumerate(texts)
        ]
        stage(docs)
        return [(tuple(d.sentences), tuple(d.mentions)) for d in docs]

    assert PARSE_BATCH < 16
    small, large = read(PARSE_BATCH), read(16)
    assert small == large
    assert all(mentions for _, mentions in small)
