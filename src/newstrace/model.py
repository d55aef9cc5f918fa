"""The records newstrace reads and writes. Frozen, slotted dataclasses; no behaviour beyond
small derived views. Mentions are kept apart from the actors they resolve to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .text import lead_title

ArticleStatus = Literal["ok", "failed"]
ActorType = Literal["person", "party", "organization", "state", "place", "unnamed_source", "other"]
Polarity = Literal["pro", "anti", "neutral", "mixed"]
RelationKind = Literal["translation", "republication", "independent"]

ACTOR_TYPES: tuple[str, ...] = (
    "person",
    "party",
    "organization",
    "state",
    "place",
    "unnamed_source",
    "other",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of an article's text that supports an extracted item."""

    article: str
    start: int
    end: int
    text: str
    sentence_start: int | None = None
    sentence_end: int | None = None
    role: str | None = None  # which part of the item it shows: content, speaker, cue, ...


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What an ingest source yields before decoding and checks: bytes or text plus metadata."""

    source: str  # where it came from: a path, path:line, path#record, or a URL
    content: bytes | str
    kind: Literal["text", "html"]
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    author: str | None = None
    first_line_title: bool = False  # plain-text files: the first line may be the title


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not become an article, with the reason."""

    source: str
    reason: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    source: str
    status: ArticleStatus
    text: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    error: str | None = None
    content_hash: str | None = None

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def heading(self) -> str:
        """What listings call the article: its title, else its lead sentence (see
        ``newstrace.text.lead_title``), else its source."""
        return self.title or lead_title(self.text) or self.source


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A name as written in one article, with its span; ``actor`` is set by the actors stage."""

    id: str
    article: str
    start: int
    end: int
    text: str
    label: str  # the recogniser's label (spaCy's PERSON, ORG, GPE, ...)
    type: str  # newstrace actor type it suggests
    norm: str  # the normalised name used to match it to an actor
    sentence_start: int
    sentence_end: int
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """What someone said, directly or reported. ``speaker`` is the speaker's actor (resolved
    through ``speaker_mention`` once the actors stage has run), ``speaker_text`` the words that
    name the speaker where the quote is ("he", "a source", "Salvini"). Evidence spans carry
    their role: ``content`` (one per fragment of a split quote), ``speaker``, ``cue``."""

    id: str
    article: str
    text: str
    cue: str | None
    speaker: str | None
    speaker_text: str | None
    evidence: tuple[Evidence, ...] = ()
    speaker_mention: str | None = None
    # direct | reported (speech), or another attribution: belief | intention | evaluation |
    # other (newstrace.quotes.kinds)
    kind: str = "direct"


@dataclass(frozen=True, slots=True)
class Tie:
    """A typed relation from ``source`` to ``target`` (actor ids). ``negated`` keeps a denial
    ("never received funding from Moscow") as a denial. ``date`` is ISO-like: 2015, 2015-03,
    2015-03-04, or a decade such as 1960s. Ties read from text keep the mentions they were
    read from; the store writes those mentions' actors into source and target."""

    id: str
    source: str
    target: str
    kind: str
    negated: bool = False
    date: str | None = None
    evidence: tuple[Evidence, ...] = ()
    source_mention: str | None = None
    target_mention: str | None = None
    confidence: float | None = None  # 0..1, how sure the reading is (None: read before it)


@dataclass(frozen=True, slots=True)
class Stance:
    """An actor's position toward a target: a name from the target list (relations/targets.tsv)
    or free text. ``actor_mention`` is the mention it was read from (resolved like a tie's)."""

    id: str
    actor: str
    target: str
    polarity: Polarity
    evidence: tuple[Evidence, ...] = ()
    actor_mention: str | None = None
    confidence: float | None = None  # 0..1, how sure the reading is (None: read before it)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event an article reports; ``actors`` are resolved from ``mentions``."""

    id: str
    date: str | None
    text: str
    actors: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    mentions: tuple[str, ...] = ()
    confidence: float | None = None  # 0..1, how sure the reading is (None: read before it)


@dataclass(frozen=True, slots=True)
class StoryRelation:
    """How ``article`` relates to ``source_article`` (the earlier one, or the one it copies)."""

    article: str
    source_article: str
    kind: RelationKind
    score: float | None = None
    evidence: Any = None  # scores, aligned sentence pairs, translation signals (JSON-ready)


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    articles: tuple[str, ...] = ()
    relations: tuple[StoryRelation, ...] = ()
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did: counts and failure reasons grouped."""

    ok: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    skipped: tuple[str, ...] = ()

    def reasons(self) -> dict[str, int]:
        grouped: dict[str, int] = {}
        for failure in self.failures:
            key = failure.reason.split(":", 1)[0]
            grouped[key] = grouped.get(key, 0) + 1
        return dict(sorted(grouped.items(), key=lambda kv: -kv[1]))


@dataclass(frozen=True, slots=True)
class StageRun:
    """How a stage last processed an article: its version, and the digest of the settings it
    ran with (``""`` where none was recorded: runs before newstrace recorded settings)."""

    version: int
    settings: str = ""


@dataclass(frozen=True, slots=True)
class StageOutput:
    """What the store records for a stage that has just processed a batch: its name, version
    and settings digest, and the attributes it set (their stored rows are replaced)."""

    name: str
    version: int
    assigns: tuple[str, ...]
    settings: str = ""


@dataclass(frozen=True, slots=True)
class Embedding:
    """An article's vector and its sentences' vectors (numpy arrays, L2-normalised), in the
    order of the article's stored sentences."""

    model: str
    article: Any
    sentences: Any


@dataclass(slots=True)
class AnalysisDoc:
    """The working object a per-article stage reads and fills. Mutable by design: each stage
    sets the attributes it declares in ``assigns``. ``parse`` holds the spaCy Doc and is never
    persisted or sent between processes."""

    article: Article
    language: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # unnamed sources the quotes stage found ("a source in …"): mentions of type
    # unnamed_source, stored with the others
    sources: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    embedding: Embedding | None = None
    parse: Any = None
    # (stage name, reason) when a stage raised on this document: the runner records it, and
    # stores none of this document's outputs from this run
    failure: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return self.article.text
