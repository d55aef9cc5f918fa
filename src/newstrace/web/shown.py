"""Which ties, stances and events a page or API call shows: by default those whose confidence
reaches the ``[relations]`` thresholds; ``?all=1`` shows every one (newstrace.relations.shown)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from ..relations.shown import Floors, floors
from .deps import config_of


def floors_of(
    request: Request,
    everything: Annotated[
        bool,
        Query(
            alias="all",
            description="Also the ties, stances and events read with less confidence than the"
            " [relations] thresholds.",
        ),
    ] = False,
) -> Floors:
    return floors(config_of(request).settings.relations, everything)


FloorsDep = Annotated[Floors, Depends(floors_of)]
