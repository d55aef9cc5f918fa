"""language.v1: the article's language, chosen by py3langid among the configured languages."""

from __future__ import annotations

from typing import Any, Literal

from ..model import AnalysisDoc
from ..settings import Settings
from .base import register

SAMPLE_CHARS = 4000


class LanguageStage:
    name = "language"
    version = 1
    scope: Literal["article"] = "article"
    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("language",)

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self._identifier: Any = None

    def config(self) -> dict[str, Any]:
        return {"languages": sorted(self.languages)}

    def _classifier(self) -> Any:
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(self.languages))
            self._identifier = identifier
        return self._identifier

    def detect(self, text: str) -> str | None:
        if not text.strip():
            return None
        lang, _score = self._classifier().classify(text[:SAMPLE_CHARS])
        return str(lang)

    def __call__(self, docs: list[AnalysisDoc]) -> None:
        for doc in docs:
            # A language given with the input (a JSON record's "language") is kept.
            doc.language = doc.article.language or self.detect(doc.text)


@register("language.v1")
def make_language(settings: Settings) -> LanguageStage:
    return LanguageStage(tuple(settings.languages))
