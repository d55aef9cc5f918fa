"""Names in API parameters, resolved as the CLI resolves them: an actor by id, name or alias
(``find_actor``), an article by id or the first characters of one. An unknown one is a 404; one
that several answer to is a 409 whose error lists the candidates."""

from __future__ import annotations

from typing import Any

from ..actors.manage import ActorNotFound, AmbiguousActor, find_actor
from ..model import Actor
from ..store import Store
from .errors import ApiError

MAX_CANDIDATES = 20


def ambiguous_actor(message: str, candidates: list[Actor]) -> ApiError:
    """The 409 for a name several actors answer to, listing them."""
    listed = [{"id": a.id, "name": a.name, "type": a.type} for a in candidates]
    return ApiError(409, "ambiguous", message, candidates=listed[:MAX_CANDIDATES])


def resolve_actor(store: Store, name: str) -> str:
    """The id of the one actor ``name`` names."""
    try:
        return find_actor(store, name).id
    except AmbiguousActor as e:
        message = f"{name!r} names {len(e.candidates)} actors; give one of their ids"
        raise ambiguous_actor(message, e.candidates) from e
    except ActorNotFound as e:
        raise ApiError(404, "not_found", f"no actor named {name!r}") from e


def resolve_article(store: Store, prefix: str) -> str:
    """The id of the one article whose id is or starts with ``prefix``."""
    ids = [a.id for a in store.articles()]
    if prefix in ids:
        return prefix
    matches = [i for i in ids if i.startswith(prefix)]
    if not matches:
        raise ApiError(404, "not_found", f"no article {prefix!r}")
    if len(matches) > 1:
        found = store.articles(ids=matches[:MAX_CANDIDATES])
        candidates: list[dict[str, Any]] = [
            {"id": a.id, "title": a.title, "outlet": a.outlet} for a in found
        ]
        raise ApiError(
            409,
            "ambiguous",
            f"{len(matches)} articles start with {prefix!r}; give more of the id",
            candidates=candidates,
        )
    return matches[0]
