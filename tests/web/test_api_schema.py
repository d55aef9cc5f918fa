"""Schemathesis over the OpenAPI document: every GET operation, with generated parameters,
against the app over a real store with the seeds analysed. The examples are bounded and
derandomised so the run stays short and repeatable. (Driven from a plain test: schemathesis'
lazy pytest fixture does not run under this pytest.)"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from newstrace.settings import Settings
from newstrace.web import WebConfig, create_app

EXAMPLES = 12


def test_api_conforms_to_its_openapi_document(seeded_sqlite: Settings) -> None:
    app = create_app(WebConfig(seeded_sqlite))
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app).include(method="GET")
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def conforms(case: Any) -> None:
            # a cursor is opaque: only one the server gave out is valid (test_api walks them)
            if case.query:
                case.query.pop("cursor", None)
            case.call_and_validate()

        conforms()
    assert {"GET /api/ties", "GET /api/timeline", "GET /api/stances"} <= set(labels)
