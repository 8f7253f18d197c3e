"""The JSON API against its own OpenAPI schema (schemathesis, in process, bounded examples).

Every operation gets generated requests as a logged-in analyst with the CSRF header, so the
review endpoints are exercised too. A response must never be a server error, must match the
status codes and JSON schema the OpenAPI document declares, and failures must carry the one
error shape.
"""
from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,  # noqa: E402
                                               status_code_conformance)

from marsad.store.sqlite import SQLiteStore  # noqa: E402
from marsad.web import testing  # noqa: E402
from marsad.web.app import create_app  # noqa: E402

MAX_EXAMPLES = 30


def _app():  # type: ignore[no-untyped-def]
    import tempfile

    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="marsad-schema-"))
    atexit.register(shutil.rmtree, folder, True)
    db = str(folder / "schema.db")
    with SQLiteStore(db) as store:
        testing.seed(store, with_fusion=True)  # a fused event with a disagreement, too
        testing.add_users(store)
    return create_app(db)


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def auth_headers() -> dict[str, str]:
    with TestClient(APP) as client:
        r = client.post("/api/login", json={"username": "analyst", "password": testing.PASSWORD})
        assert r.status_code == 200
        token = client.cookies.get("marsad_session")
        return {"Cookie": f"marsad_session={token}", "X-CSRF-Token": r.json()["csrf_token"]}


@schema.exclude(path="/api/logout").parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, auth_headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    response = case.call(headers=auth_headers)
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                             response_schema_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
