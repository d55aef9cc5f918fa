"""What the pages and the API show, built from the store: plain data, no HTML except the
highlighted article text, which is escaped here piece by piece (``markupsafe.escape``)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

from ..actors.linking import shown_aliases
from ..export.analysis import evidence_dict, tie_dict
from ..kb import load_kb
from ..model import Actor, Article, Evidence, Mention, Quote, Story
from ..relations.shown import EVERYTHING, Floors, clears
from ..settings import Settings
from ..store import Store
from .errors import not_found

# ---- records as JSON ------------------------------------------------------------------------


def article_summary(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "language": a.language,
        "status": a.status,
        "error": a.error,
        "url": a.url,
        "source": a.source,
        "chars": a.chars,
    }


def article_label(a: Article, width: int = 48) -> str:
    """A short name for an article in headers: its outlet, else its title, else its file."""
    text = a.outlet or a.title or a.source.rsplit("/", 1)[-1]
    return text if len(text) <= width else text[: width - 1] + "…"


def actor_aliases(actor: Actor) -> list[str]:
    """An actor's aliases as shown, metonyms marked ("Moscow (metonym)" for Russia)."""
    return shown_aliases(actor.id, actor.aliases, load_kb())


def record(item: Any) -> dict[str, Any]:
    """A model record (actor, quote, tie, stance, event, story) as JSON-ready data."""
    return dataclasses.asdict(item)


# ---- article text with its spans highlighted ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    mention: Mention | None
    quote: str | None
    highlight: bool
    anchor: str | None


def segments(
    text: str,
    mentions: list[Mention],
    quotes: list[Quote],
    highlight: tuple[int, int] | None = None,
) -> list[Segment]:
    """The text cut at every span boundary; each piece knows the mention and quote it is in."""
    n = len(text)
    spans_q = [
        (ev.start, ev.end, q.id)
        for q in quotes
        for ev in q.evidence
        if (ev.role or "content") == "content"
    ]
    cuts = {0, n}
    for m in mentions:
        cuts.update((m.start, m.end))
    for s, e, _ in spans_q:
        cuts.update((s, e))
    if highlight:
        cuts.update(highlight)
    points = sorted(c for c in cuts if 0 <= c <= n)
    out: list[Segment] = []
    anchored: set[str] = set()  # "ev", and the quotes whose first piece has its anchor
    for start, end in pairwise(points):
        if start == end:
            continue
        mention = next((m for m in mentions if m.start <= start and end <= m.end), None)
        quote = next((q for s, e, q in spans_q if s <= start and end <= e), None)
        hl = bool(highlight and highlight[0] <= start and end <= highlight[1])
        anchor = None
        if hl and "ev" not in anchored:
            anchor = "ev"
            anchored.add("ev")
        elif quote and quote not in anchored:
            anchor = f"q-{quote}"
            anchored.add(quote)
        out.append(Segment(start, end, mention, quote, hl, anchor))
    return out


def highlighted(text: str, segs: list[Segment], actors: dict[str, Actor]) -> Markup:
    """The article text as HTML: mentions link to their actor, quotes and the highlighted
    evidence are marked. Every piece of text and every attribute is escaped."""
    parts: list[str] = []
    for seg in segs:
        piece = escape(text[seg.start : seg.end])
        classes = []
        if seg.quote:
            classes.append("quote")
        if seg.highlight:
            classes.append("hl")
        attrs = f' id="{escape(seg.anchor)}"' if seg.anchor else ""
        if seg.quote:
            attrs += f' data-quote="{escape(seg.quote)}"'
        m = seg.mention
        if m is not None and m.actor and m.actor in actors:
            actor = actors[m.actor]
            classes.append(f"mention t-{escape(actor.type)}")
            parts.append(
                f'<a class="{" ".join(classes)}"{attrs} href="/actors/{escape(m.actor)}"'
                f' title="{escape(actor.name)} ({escape(actor.type)})">{piece}</a>'
            )
        elif classes or attrs:
            parts.append(f'<span class="{" ".join(classes)}"{attrs}>{piece}</span>')
        else:
            parts.append(str(piece))
    return Markup("".join(parts))


def parse_span(value: str | None) -> tuple[int, int] | None:
    """``start-end`` from a query string, or None when absent or malformed."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()) or int(start) >= int(end):
        return None
    return int(start), int(end)


def evidence_link(ev: Evidence) -> str:
    return f"/articles/{ev.article}?ev={ev.start}-{ev.end}#ev"


def evidence_sentence(ev: Evidence, texts: dict[str, str]) -> str:
    text = texts.get(ev.article, "")
    if ev.sentence_start is not None and ev.sentence_end is not None:
        return text[ev.sentence_start : ev.sentence_end]
    return ev.text


def article_page(
    store: Store, article_id: str, ev: str | None = None, show_all: bool = False
) -> dict[str, Any]:
    """An article's page: its text with mentions and quotes (speech with a speaker, or
    every attribution with ``show_all``)."""
    article = store.get_article(article_id)
    if article is None:
        raise not_found("article", article_id)
    mentions = store.mentions(article=article.id)
    quotes = store.quotes(article=article.id, speech=not show_all)
    actors = {a.id: a for a in store.actors(article=article.id)}
    span = parse_span(ev)
    segs = segments(article.text, mentions, quotes, span)
    story = store.story_of(article.id)
    return {
        "article": article,
        "html": highlighted(article.text, segs, actors),
        "actors": sorted(actors.values(), key=lambda a: -a.mentions),
        "quotes": quotes,
        "actor_names": {a.id: a.name for a in actors.values()},
        "story": story,
        "highlight": span,
        "show_all": show_all,
    }


# ---- overview, stories ----------------------------------------------------------------------


def overview(store: Store) -> dict[str, Any]:
    stories = sorted(store.stories(), key=lambda s: s.last_date or "", reverse=True)
    titles = {a.id: a for a in store.articles(ids=[x for s in stories[:8] for x in s.articles])}
    return {
        "counts": store.counts(),
        "languages": store.languages(),
        "stories": stories[:8],
        "story_articles": titles,
        "articles": store.latest_articles(12, status="ok"),
        "actors": [a for a in store.actors() if a.type != "unnamed_source"][:15],
        "failures": store.latest_articles(20, status="failed"),
    }


def story_or_404(store: Store, story_id: str) -> Story:
    found = store.stories(ids=[story_id])
    if not found:
        raise not_found("story", story_id)
    return found[0]


def story_page(store: Store, settings: Settings, story_id: str) -> dict[str, Any]:
    """A story's articles side by side, the repost/translation relations with their
    direction, and the outlet comparison: claims carried by several outlets vs one, and
    which actors each article names."""
    from ..stories import compare_story

    story = story_or_404(store, story_id)
    articles = {a.id: a for a in store.articles(ids=list(story.articles))}
    order = sorted(story.articles, key=lambda a: (articles[a].published or "", a))
    relation_of = {r.article: r for r in story.relations}
    comparison = compare_story(store, story, settings.stories) if len(order) > 1 else None
    actors_of: dict[str, set[str]] = {}
    names: dict[str, Actor] = {}
    for aid in order:
        for actor in store.actors(article=aid):
            if actor.type == "unnamed_source":
                continue
            actors_of.setdefault(aid, set()).add(actor.id)
            names[actor.id] = actor
    carried = Counter(x for s in actors_of.values() for x in s)
    actor_rows = [
        (names[x], [x in actors_of.get(aid, set()) for aid in order])
        for x, _ in sorted(carried.items(), key=lambda kv: (-kv[1], names[kv[0]].name))
    ]
    claim_rows = []
    if comparison:
        for group in comparison["shared"]:
            by_article: dict[str, list[dict[str, Any]]] = {}
            for claim in group["claims"]:
                by_article.setdefault(claim["article"], []).append(claim)
            claim_rows.append([by_article.get(aid, []) for aid in order])
    quotes = {aid: len(store.quotes(article=aid, speech=True)) for aid in order}
    return {
        "story": story,
        "order": order,
        "articles": articles,
        "relations": relation_of,
        "comparison": comparison,
        "claim_rows": claim_rows,
        "actor_rows": actor_rows,
        "quotes": quotes,
    }


# ---- actors ----------------------------------------------------------------------------------


def actor_or_404(store: Store, actor_id: str) -> Actor:
    found = store.actors(ids=[actor_id])
    if not found:
        raise not_found("actor", actor_id)
    return found[0]


def actor_page(store: Store, actor_id: str, floors: Floors = EVERYTHING) -> dict[str, Any]:
    """An actor's page; ties, stances and events that reach ``floors``; its quotes are its
    speech (every attribution when ``floors.everything``: ?all=1)."""
    from ..actors.manage import detail
    from ..relations.views import stance_rows

    actor = actor_or_404(store, actor_id)
    info = detail(store, actor)
    ties = [t for t in info.ties if clears(t.confidence, floors.ties)]
    quotes = store.quotes(speakers=[actor.id], speech=not floors.everything)
    # its own, then its members' ("via")
    stances = stance_rows(store, actor=actor.id, floors=floors)
    events = store.events(actor=actor.id, min_confidence=floors.events)
    article_ids = {m.article for m in info.mentions} | {q.article for q in quotes}
    article_ids |= {ev.article for t in ties for ev in t.evidence}
    names = {**info.names, **{a.id: a.name for a in store.actors(ids=_via_ids(stances))}}
    articles = {a.id: a for a in store.articles(ids=sorted(article_ids))}
    texts = {a.id: a.text for a in articles.values()}
    timeline: list[dict[str, Any]] = []
    for t in ties:
        if t.date:
            timeline.append({"date": t.date, "kind": "tie", "item": t})
    for e in events:
        if e.date:
            timeline.append({"date": e.date, "kind": "event", "item": e})
    for q in quotes:
        published = articles[q.article].published if q.article in articles else None
        if published:
            timeline.append({"date": published[:10], "kind": "quote", "item": q})
    timeline.sort(key=lambda x: x["date"])
    return {
        "actor": actor,
        "roles": info.roles,
        "mentions": info.mentions,
        "quotes": quotes,
        "ties": ties,
        "hidden": len(info.ties) - len(ties),
        "everything": floors.everything,
        "stances": stances,
        "events": events,
        "timeline": timeline,
        "articles": articles,
        "texts": texts,
        "names": names,
        "show_all": floors.everything,
    }


def _via_ids(rows: list[Any]) -> list[str]:
    return sorted({r.via for r in rows if r.via})


# ---- the network of ties ---------------------------------------------------------------------


def network(
    store: Store,
    *,
    kinds: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
    least: float = 0.0,
) -> dict[str, Any]:
    """Actors and ties as graph data (cytoscape's elements shape). A date range keeps only
    the dated ties inside it; ``least`` the ties read with at least that confidence; each edge
    carries its evidence sentences."""
    every = store.ties(min_confidence=least)
    ties = [t for t in every if not kinds or t.kind in kinds]
    if since:
        ties = [t for t in ties if t.date and t.date >= since]
    if until:
        ties = [t for t in ties if t.date and t.date[: len(until)] <= until]
    ids = sorted({t.source for t in ties} | {t.target for t in ties})
    actors = {a.id: a for a in store.actors(ids=ids)}
    if types:
        ties = [
            t
            for t in ties
            if actors.get(t.source)
            and actors.get(t.target)
            and actors[t.source].type in types
            and actors[t.target].type in types
        ]
    used = {t.source for t in ties} | {t.target for t in ties}
    arts = sorted({ev.article for t in ties for ev in t.evidence})
    texts = {a.id: a.text for a in store.articles(ids=arts)}
    return {
        "nodes": [
            {"id": a.id, "name": a.name, "type": a.type, "mentions": a.mentions}
            for a in actors.values()
            if a.id in used
        ],
        "edges": [
            tie_dict(
                t, [{**evidence_dict(ev, texts), "link": evidence_link(ev)} for ev in t.evidence]
            )
            for t in ties
        ],
        "kinds": sorted({t.kind for t in every}),
    }


# ---- search ----------------------------------------------------------------------------------

MARKS = ("\u27e6", "\u27e7")  # ⟦ ⟧ around matched words in snippets


def snippet_html(snippet: str) -> Markup:
    """A search snippet with its matched words in <mark>; the text is escaped."""
    out: list[str] = []
    rest = snippet
    while MARKS[0] in rest:
        before, _, after = rest.partition(MARKS[0])
        word, _, rest = after.partition(MARKS[1])
        out.append(f"{escape(before)}<mark>{escape(word)}</mark>")
    out.append(str(escape(rest)))
    return Markup("".join(out))


def snippet_text(snippet: str) -> str:
    return snippet.replace(MARKS[0], "[").replace(MARKS[1], "]")
