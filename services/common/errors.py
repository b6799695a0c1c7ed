"""The one catalogue of errors.

Every error a Kora service returns has a stable code listed here, an HTTP status and a readable
title. Domain code raises ``KoraError(code, detail, **extra)``; ``problems.py`` turns it into an
``application/problem+json`` response. docs/errors.md is checked against this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorKind:
    status: int
    title: str


CATALOGUE: dict[str, ErrorKind] = {
    # Requests that are malformed before any rule is applied.
    "malformed_json": ErrorKind(400, "The request body is not valid JSON."),
    "json_too_deep": ErrorKind(400, "The JSON body nests arrays and objects deeper than the service accepts."),
    "json_number_out_of_range": ErrorKind(400, "The JSON body has a number too large or too long to store."),
    "invalid_text": ErrorKind(
        400, "The body has text that is not valid Unicode (a lone surrogate escape such as \\ud800)."
    ),
    "invalid_request": ErrorKind(422, "The request does not have the expected fields or types."),
    "body_too_large": ErrorKind(413, "The request body is larger than this endpoint accepts."),
    "unsupported_media_type": ErrorKind(415, "The request body has a content type this endpoint does not accept."),
    "not_found": ErrorKind(404, "There is nothing at this address."),
    "method_not_allowed": ErrorKind(405, "This address does not accept that method."),
    # Documents that break the contract in schemas/.
    "invalid_document": ErrorKind(422, "The document does not match its schema."),
    "unknown_schema": ErrorKind(500, "The service asked for a schema that does not exist."),
    # Authentication and reach.
    "not_authenticated": ErrorKind(401, "Sign in first: the request carries no valid token."),
    "token_expired": ErrorKind(401, "The sign-in token has expired; sign in again."),
    "token_invalid": ErrorKind(401, "The sign-in token is not one this service issued."),
    "token_revoked": ErrorKind(401, "The sign-in token was revoked by an administrator."),
    "bad_credentials": ErrorKind(401, "The user name or password is wrong."),
    "too_many_attempts": ErrorKind(429, "Too many failed sign-ins; wait before trying again."),
    "weak_password": ErrorKind(422, "The password does not meet the password policy."),
    "user_inactive": ErrorKind(401, "The account is deactivated; ask an administrator."),
    "forbidden": ErrorKind(403, "Your role or jurisdiction does not reach this resource."),
    # Concurrency.
    "conflict": ErrorKind(409, "The document changed on the server since you read it."),
    "already_exists": ErrorKind(409, "A resource with this identity already exists."),
    # Sync (services/sync; see docs/sync-protocol.md).
    "bad_checkpoint": ErrorKind(422, "The sync checkpoint is not one this service made; pull again without one."),
    "upload_offset_mismatch": ErrorKind(
        409, "The chunk does not start where the upload stands; resume from the offset given."
    ),
    "photo_hash_mismatch": ErrorKind(
        422, "The uploaded bytes do not have the SHA-256 the photo is named by; upload it again."
    ),
    "not_an_image": ErrorKind(422, "The photo is not a readable JPEG, PNG or WebP image."),
    "photo_too_large": ErrorKind(
        413, "The photo is larger, in bytes or pixels, than the service accepts; shrink it first."
    ),
    "photo_not_referenced": ErrorKind(422, "The inspection does not refer to this photo; push the inspection first."),
    # Venue registry (services/venues; see docs/venue-import.md).
    "invalid_csv": ErrorKind(422, "The file is not a venue CSV this service can read."),
    "import_refused": ErrorKind(422, "Some rows of the venue CSV were refused; nothing was imported."),
    # Checklist templates (services/catalog; see docs/tibetan-review.md).
    "template_not_found": ErrorKind(404, "There is no checklist template version with this id."),
    "template_published": ErrorKind(409, "A published template version is immutable; create a new version instead."),
    "template_version_order": ErrorKind(
        409, "Template versions only go up; a version as high or higher already exists."
    ),
    "review_import_refused": ErrorKind(422, "The Tibetan review file does not match the catalog; nothing was written."),
    # Rectification notices (services/notices; see docs/notices.md).
    "notice_request_refused": ErrorKind(
        422,
        "No notice can be issued for this request: the inspection is not approved, an item is not one of its "
        "failures, or the inspection is outside the requester's jurisdiction.",
    ),
    "too_many_guesses": ErrorKind(
        429,
        "Too many wrong notice numbers or access codes from this address or for this notice; wait before trying again.",
    ),
    # Review (services/review, services/inspections; see docs/review.md).
    "invalid_filter": ErrorKind(422, "A filter of the queue or the statistics has a value that makes no sense."),
    "invalid_transition": ErrorKind(409, "The inspection's status does not allow this action now."),
    "csrf_failed": ErrorKind(
        403, "The form is stale or did not come from Kora's pages; reload the page and try again."
    ),
    # Infrastructure.
    "database_unavailable": ErrorKind(503, "The database cannot be reached right now; try again."),
    "overloaded": ErrorKind(
        503,
        "The service is too busy to answer in time; nothing was done. Send the same request again after "
        "Retry-After seconds.",
    ),
    "internal_error": ErrorKind(500, "Something went wrong on the server; it has been logged."),
}


class KoraError(Exception):
    """A domain error with a code from the catalogue."""

    def __init__(self, code: str, detail: str | None = None, **extra: Any) -> None:
        if code not in CATALOGUE:
            raise KeyError(f"error code {code!r} is not in services/common/errors.py CATALOGUE")
        self.code = code
        self.kind = CATALOGUE[code]
        self.detail = detail or self.kind.title
        self.extra = extra
        super().__init__(f"{code}: {self.detail}")

    @property
    def status(self) -> int:
        return self.kind.status
