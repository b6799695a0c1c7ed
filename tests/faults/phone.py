"""A phone that keeps syncing, as the app does: the outbox stays until an inspection is complete.

Between attempts the rig heals (a stopped service or database is started again), as time passes
in the field between two syncs. Every push result must be ``accepted`` or ``already_had``: the day
is valid, so a conflict, an invalid or a refused result is a bug the faults revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mobile_app.kora_app.sync import SyncError, SyncResult
from tests.faults.exactly_once import INSPECTOR, Day
from tests.faults.rig import Rig
from tests.support.sync_data import token_for

GOOD_RESULTS = ("accepted", "already_had")


@dataclass
class Outcome:
    attempts: int = 0
    gave_up: list[str] = field(
        default_factory=list
    )  # SyncError("network") details, one per failed sync
    healed: list[str] = field(default_factory=list)
    checkpoint: str | None = None


def _remember(outbox: list[dict], result: SyncResult | None, context: str) -> None:
    """Keep each inspection's server revision as its base_rev, as the app stores it."""
    if result is None:
        return
    by_id = {item["doc"]["_id"]: item for item in outbox}
    for pushed in result.pushed:
        assert pushed.get("result") in GOOD_RESULTS, f"{context}: unexpected push result {pushed}"
        if pushed.get("rev") and pushed.get("id") in by_id:
            by_id[pushed["id"]]["base_rev"] = pushed["rev"]
    for photo in result.photos:
        assert photo.get("result") != "refused", f"{context}: photo refused {photo}"


def sync_until_complete(
    rig: Rig,
    day: Day,
    token: str,
    context: str,
    max_attempts: int = 40,
    between: Callable[[Outcome], None] | None = None,
    **client_options: Any,
) -> Outcome:
    """Sync until every inspection of ``day`` is complete; ``between`` runs after each failed sync
    (before healing), e.g. to look at the service while the database is down. ``client_options``
    go to the SyncClient (``batch=False``: a phone that sends one photo per request)."""
    outbox = [{"doc": doc, "base_rev": None} for doc in day.docs]
    outcome = Outcome()
    complete: set[str] = set()
    while outbox:
        outcome.attempts += 1
        assert outcome.attempts <= max_attempts, (
            f"{context}: not complete after {max_attempts} syncs; still {len(outbox)} in the outbox; "
            f"last failures {outcome.gave_up[-3:]}"
        )
        result: SyncResult | None
        with rig.client(token, **client_options) as client:
            try:
                result = client.sync(outbox, day.photos, outcome.checkpoint)
            except SyncError as exc:
                assert exc.code == "network", (
                    f"{context}: the sync stopped with {exc} ({exc.problem})"
                )
                outcome.gave_up.append(exc.detail)
                _remember(outbox, exc.partial, context)
                if between is not None:
                    between(outcome)
                outcome.healed.extend(rig.heal())
                continue
        _remember(outbox, result, context)
        outcome.checkpoint = result.checkpoint
        complete.update(result.complete)
        outbox = [item for item in outbox if item["doc"]["_id"] not in complete]
        outcome.healed.extend(rig.heal())
    assert complete == day.ids(), f"{context}: complete {sorted(complete)} is not the day"
    return outcome


def token(rig: Rig) -> str:
    return token_for(rig.settings, INSPECTOR)
