"""Schemathesis over every operation of the three services' OpenAPI documents, signed in as an
administrator, a supervisor and an inspector (real accounts, tests/authz/live.py).

Checks: no 5xx; every answer matches the documented schema and content type; every 4xx/5xx is
``application/problem+json``. ``KORA_FUZZ_EXAMPLES`` sets the examples per operation and role:
small in ``make test``, large in ``make fuzz``.
"""

from __future__ import annotations

import os

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from tests.authz.live import LiveSuite

ROLES = ("administrator", "prefecture_supervisor", "inspector_inside")
CHECKS = [checks.not_a_server_error, openapi_checks.response_schema_conformance,
          openapi_checks.content_type_conformance]


def examples() -> int:
    return int(os.environ.get("KORA_FUZZ_EXAMPLES", "3"))


def _problem_media_type(response) -> None:
    if response.status_code >= 400:
        media_type = response.headers.get("content-type") or ""
        media_type = media_type[0] if isinstance(media_type, list) else media_type  # schemathesis: lists
        assert media_type.startswith("application/problem+json"), (response.status_code, media_type)


def fuzz_operation(suite: LiveSuite, service: str, operation, strategy, role: str, max_examples: int) -> str | None:
    """Run one operation as one role; the first failure, described, or None."""
    headers = suite.headers[role]
    base_url = suite.urls[service]

    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=60)
        case.validate_response(response, checks=CHECKS)
        _problem_media_type(response)

    try:
        run()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, the run goes on
        return f"{operation.label} as {role}: {type(exc).__name__}: {str(exc)[:600]}"
    return None


def fuzz_all(suite: LiveSuite, max_examples: int) -> tuple[int, list[str]]:
    """Every operation of every service as every role; (operations run, failures)."""
    failures: list[str] = []
    count = 0
    for service, url in suite.urls.items():
        schema = schemathesis.openapi.from_dict(httpx.get(f"{url}/openapi.json", timeout=30).json())
        for result in schema.get_all_operations():
            operation = result.ok()
            strategy = operation.as_strategy()  # built once: the large body schemas are slow to build
            for role in ROLES:
                count += 1
                failure = fuzz_operation(suite, service, operation, strategy, role, max_examples)
                if failure:
                    failures.append(f"[{service}] {failure}")
    return count, failures
