"""HTTP: administrators import venue CSVs; supervisors and administrators list the venues they reach and
confirm those inspectors added in the field."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Request, UploadFile

from services.common.errors import KoraError
from services.common.roles import Administrator, SupervisorOrAdministrator
from services.venues import field, service

router = APIRouter(prefix="/venues", tags=["venues"])

MAX_CSV_BYTES = 5 * 1024 * 1024
CsvFile = Annotated[UploadFile, File(description="UTF-8 (BOM optional) or GB18030 CSV; see docs/venue-import.md")]


@router.post("/import", summary="Import venues from a CSV file (dry run by default)")
def import_venues(
    request: Request,
    file: CsvFile,
    principal: Administrator,
    dry_run: bool = Query(True, description="Report what would happen, write nothing"),
    only_good_rows: bool = Query(False, description="Import the good rows even if others are refused"),
) -> dict:
    raw = file.file.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise KoraError("body_too_large", f"a venue CSV may be at most {MAX_CSV_BYTES} bytes")
    return service.import_csv(request.app.state.couch, raw, dry_run=dry_run, only_good_rows=only_good_rows)


@router.get("", summary="Venues within your jurisdiction")
def list_venues(
    request: Request,
    principal: SupervisorOrAdministrator,
    county_code: str | None = Query(None, pattern=r"^54\d{4}$"),
    unverified: bool = Query(False, description="Only venues inspectors added in the field, not yet confirmed"),
) -> dict:
    venues = service.list_venues(request.app.state.couch, principal.jurisdiction)
    if unverified:
        venues = [v for v in venues if v.get("source") == field.SOURCE and not v.get("verified")]
    if county_code is not None:
        if not principal.can_reach(county_code):
            raise KoraError("forbidden", f"outside your jurisdiction: {county_code}")
        venues = [v for v in venues if v["county_code"] == county_code]
    return {"venues": [{k: v for k, v in doc.items() if k != "_rev"} for doc in venues]}


@router.post("/{venue_id}/verify", summary="Confirm a venue an inspector added in the field")
def verify_venue(
    request: Request, principal: SupervisorOrAdministrator, venue_id: str = Path(pattern=r"^[a-z0-9][a-z0-9-]{2,63}$")
) -> dict:
    return {"venue": field.verify(request.app.state.couch, principal, venue_id)}
