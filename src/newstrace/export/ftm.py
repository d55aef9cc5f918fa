"""The analysis as FollowTheMoney entities (JSON lines), for Aleph and the ``ftm`` tools.

Articles become ``Article`` documents (failed ones too, with their processing error). Actors
become ``Person``, ``Organization`` (parties with the ``pol.party`` topic), ``PublicBody``
(states, with their country), ``Address`` (places) or ``LegalEntity``; unnamed sources ("a
senior official") are not entities and are left out. Each actor is linked to each article that
names it by a ``Documentation`` (role ``mentioned``, the names as written). Ties become the
interval that fits: ``Membership`` (member_of), ``Directorship`` (leader_of, head_of),
``Associate`` (friendship or alliance between two people), ``Payment`` (funding), otherwise an
``UnknownLink`` with the kind as its role; a denied tie is always an ``UnknownLink`` with status
``denied``, and a tie with a place at one end an ``Event`` at that place. Dated events become
``Event``. Every tie and event carries its articles as ``proof`` and its sentence as
``description``. Quotes and stances have no FollowTheMoney schema: the JSON export holds them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .dates import date_span

# newstrace actor type -> FollowTheMoney schema
SCHEMATA = {
    "person": "Person",
    "party": "Organization",
    "organization": "Organization",
    "state": "PublicBody",
    "place": "Address",
    "other": "LegalEntity",
}
DIRECTORSHIP_ROLES = {"leader_of": "leader", "head_of": "head"}
ASSOCIATE_KINDS = ("friendship", "alliance")


def entity_id(kind: str, key: str) -> str:
    return f"newstrace-{kind}-{key}"


def _entity(schema: str, id_: str, **props: Any) -> Any:
    """A FollowTheMoney entity; each value is cleaned by its property's type (and dropped
    when it is not one, such as a country name the registry does not know)."""
    from followthemoney import model

    proxy = model.make_entity(schema)
    proxy.id = id_
    for prop, value in props.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item not in (None, ""):
                proxy.add(prop, item, quiet=True)
    return proxy


def _dated(span_of: str | None) -> dict[str, str]:
    """``date`` for a day, month or year; ``startDate`` and ``endDate`` for a decade."""
    span = date_span(span_of)
    if span is None or span_of is None:
        return {}
    if span.precision == "decade":
        return {"startDate": span.start[:4], "endDate": span.end[:4]}
    return {"date": span_of}


def _provenance(item: Mapping[str, Any]) -> dict[str, Any]:
    evidence = item.get("evidence") or []
    main = next((e for e in evidence if e.get("role") in (None, "relation")), None)
    main = main or (evidence[0] if evidence else {})
    return {
        "proof": sorted({entity_id("article", e["article"]) for e in evidence}),
        "description": main.get("sentence") or main.get("text"),
        "summary": main.get("text"),
    }


def _article(a: Mapping[str, Any], text: str | None) -> Any:
    failed = a["status"] != "ok"
    return _entity(
        "Article",
        entity_id("article", a["id"]),
        title=a["title"] or a["source"].rsplit("/", 1)[-1],
        fileName=a["source"].rsplit("/", 1)[-1],
        sourceUrl=a["url"],
        publisher=a["outlet"],
        publishedAt=a["published"],
        language=a["language"],
        bodyText=text,
        processingStatus="failure" if failed else "success",
        processingError=a["error"] if failed else None,
    )


def _actor(a: Mapping[str, Any]) -> Any | None:
    schema = SCHEMATA.get(a["type"])
    if schema is None:  # unnamed sources
        return None
    aliases = [x for x in a["aliases"] if x != a["name"]]
    props: dict[str, Any] = {"alias": aliases}
    if schema == "Address":
        props["full"] = a["name"]
        props["country"] = a["name"]  # kept only when the registry knows it as a country
    else:
        props["name"] = a["name"]
    if a["type"] == "party":
        props["topics"] = "pol.party"
    if a["type"] == "state":
        props["jurisdiction"] = a["name"]
        props["topics"] = "gov.national"
    return _entity(schema, entity_id("actor", a["id"]), **props)


def _tie(t: Mapping[str, Any], schemata: Mapping[str, str], names: Mapping[str, str]) -> Any:
    from followthemoney import model

    src, dst = t["source"], t["target"]
    a, b = entity_id("actor", src), entity_id("actor", dst)
    common = {**_dated(t["date"]), **_provenance(t)}
    tid = entity_id("tie", t["id"])
    kinds = {x: model.schemata[schemata[x]] for x in (src, dst)}
    if not all(s.is_a("LegalEntity") for s in kinds.values()):
        places = [entity_id("actor", x) for x, s in kinds.items() if not s.is_a("LegalEntity")]
        involved = [entity_id("actor", x) for x, s in kinds.items() if s.is_a("LegalEntity")]
        label = ("denied " if t["negated"] else "") + t["kind"].replace("_", " ")
        return _entity(
            "Event",
            tid,
            name=f"{names[src]}: {label} {names[dst]}",
            involved=involved,
            addressEntity=places,
            **common,
        )
    kind = t["kind"]
    if t["negated"]:
        return _entity(
            "UnknownLink",
            tid,
            subject=a,
            object=b,
            role=f"denied {kind}",
            status="denied",
            **common,
        )
    if kind == "member_of" and kinds[dst].is_a("Organization"):
        return _entity("Membership", tid, member=a, organization=b, role="member", **common)
    if kind in DIRECTORSHIP_ROLES and kinds[dst].is_a("Organization"):
        role = DIRECTORSHIP_ROLES[kind]
        return _entity("Directorship", tid, director=a, organization=b, role=role, **common)
    if kind in ASSOCIATE_KINDS and all(s.is_a("Person") for s in kinds.values()):
        return _entity("Associate", tid, person=a, associate=b, relationship=kind, **common)
    if kind == "funding":
        return _entity("Payment", tid, payer=a, beneficiary=b, purpose="funding", **common)
    return _entity("UnknownLink", tid, subject=a, object=b, role=kind, **common)


def _event(e: Mapping[str, Any], schemata: Mapping[str, str]) -> Any:
    from followthemoney import model

    actors = [x for x in e["actors"] if x in schemata]
    legal = [x for x in actors if model.schemata[schemata[x]].is_a("LegalEntity")]
    text = " ".join(e["text"].split())
    return _entity(
        "Event",
        entity_id("event", e["id"]),
        name=text if len(text) <= 200 else text[:199] + "…",
        involved=[entity_id("actor", x) for x in legal],
        addressEntity=[entity_id("actor", x) for x in actors if x not in legal],
        **_dated(e["date"]),
        **_provenance(e),
    )


def iter_ftm(
    analysis: Mapping[str, Any], texts: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """The entities of ``analysis`` as FollowTheMoney dicts (``id``, ``schema``,
    ``properties``), every entity before the ones that point to it. ``texts`` (article id ->
    text) fills the articles' ``bodyText``."""
    texts = texts or {}
    for a in analysis["articles"]:
        yield _article(a, texts.get(a["id"])).to_dict()
    schemata: dict[str, str] = {}
    names: dict[str, str] = {}
    for a in analysis["actors"]:
        proxy = _actor(a)
        if proxy is None:
            continue
        schemata[a["id"]] = proxy.schema.name
        names[a["id"]] = a["name"]
        yield proxy.to_dict()
    for a in analysis["actors"]:
        if a["id"] not in schemata:
            continue
        written: dict[str, set[str]] = {}
        for ev in a["evidence"]:
            written.setdefault(ev["article"], set()).add(ev["text"])
        for article, forms in sorted(written.items()):
            yield _entity(
                "Documentation",
                entity_id("mentioned", f"{a['id']}-{article}"),
                entity=entity_id("actor", a["id"]),
                document=entity_id("article", article),
                role="mentioned",
                namesMentioned=sorted(forms),
            ).to_dict()
    for t in analysis["ties"]:
        if t["source"] in schemata and t["target"] in schemata:
            yield _tie(t, schemata, names).to_dict()
    for e in analysis["events"]:
        yield _event(e, schemata).to_dict()


def write_ftm(
    analysis: Mapping[str, Any], out: Path | IO[str], texts: Mapping[str, str] | None = None
) -> None:
    """Write the entities as JSON lines to a file (``Path``) or an open text stream."""
    lines = (json.dumps(e, ensure_ascii=False) + "\n" for e in iter_ftm(analysis, texts))
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as f:
            f.writelines(lines)
    else:
        out.writelines(lines)
