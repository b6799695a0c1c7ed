"""The smallest OpenRosa submission receiver that stores what ODK Collect sends, for the ODK baseline.

``HEAD /submission`` answers 204 with the OpenRosa headers and ``X-OpenRosa-Accept-Content-Length``.
``POST /submission`` (multipart/form-data) takes ``xml_submission_file`` and the file parts, and
stores them in CouchDB as one document per instanceID: the XML as ``submission.xml`` and each file
under its name, all as attachments. A later part of a split submission (``*isIncomplete*``) adds
its files to the same document. It answers 201 with an OpenRosa response envelope.
"""

from __future__ import annotations

import base64
import secrets
from email.utils import formatdate
from urllib.parse import quote

import httpx
from fastapi import FastAPI, Request, Response

from bench.baselines.openrosa_instance import FORM_ID, instance_id
from bench.couch_server import CouchServer

SUBMISSION_XML = "submission.xml"
OPENROSA_RESPONSE = (
    '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
    '<message nature="{nature}">{message}</message></OpenRosaResponse>'
)


def _headers(accept_content_length: int) -> dict[str, str]:
    return {
        "X-OpenRosa-Version": "1.0",
        "Date": formatdate(usegmt=True),
        "X-OpenRosa-Accept-Content-Length": str(accept_content_length),
    }


def _answer(status: int, nature: str, message: str, accept_content_length: int) -> Response:
    body = OPENROSA_RESPONSE.format(nature=nature, message=message)
    return Response(
        body,
        status_code=status,
        media_type="text/xml; charset=utf-8",
        headers=_headers(accept_content_length),
    )


def _inline(content_type: str, data: bytes) -> dict[str, str]:
    return {"content_type": content_type, "data": base64.b64encode(data).decode("ascii")}


async def store(
    couch: CouchServer,
    db: str,
    doc_id: str,
    xml: bytes,
    files: dict[str, tuple[str, bytes]],
    complete: bool,
) -> int:
    """Create or extend the submission's document; returns CouchDB's status code."""
    path = f"/{db}/{quote(doc_id, safe='')}"
    async with httpx.AsyncClient(base_url=couch.base_url, auth=couch.auth, timeout=60) as http:
        found = await http.get(path)
        doc = (
            found.json()
            if found.status_code == 200
            else {"_id": doc_id, "type": "odk_submission", "form_id": FORM_ID}
        )
        attachments = doc.setdefault("_attachments", {})  # stubs of what earlier parts brought
        attachments[SUBMISSION_XML] = _inline("text/xml", xml)
        for name, (content_type, data) in files.items():
            attachments[name] = _inline(content_type, data)
        doc["complete"] = complete
        return (await http.put(path, json=doc)).status_code


def create_receiver(
    couch: CouchServer,
    db: str,
    credentials: tuple[str, str],
    accept_content_length: int = 10_000_000,
) -> FastAPI:
    app = FastAPI(title="OpenRosa receiver (bench baseline)", openapi_url=None)

    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        expected = base64.b64encode(":".join(credentials).encode()).decode()
        return header.startswith("Basic ") and secrets.compare_digest(header[6:], expected)

    def refused() -> Response:
        answer = _answer(401, "error", "sign in", accept_content_length)
        answer.headers["WWW-Authenticate"] = 'Basic realm="openrosa"'
        return answer

    @app.head("/submission")
    async def head_submission(request: Request) -> Response:
        if not authorised(request):
            return refused()
        return Response(status_code=204, headers=_headers(accept_content_length))

    @app.post("/submission")
    async def post_submission(request: Request) -> Response:
        if not authorised(request):
            return refused()
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return _answer(400, "error", "send multipart/form-data", accept_content_length)
        async with request.form(max_files=1000) as form:
            xml_part = form.get("xml_submission_file")
            if xml_part is None or isinstance(xml_part, str):
                return _answer(400, "error", "no xml_submission_file", accept_content_length)
            xml = await xml_part.read()
            files = {}
            for name, part in form.multi_items():
                if name != "xml_submission_file" and not isinstance(part, str):
                    files[part.filename or name] = (
                        part.content_type or "application/octet-stream",
                        await part.read(),
                    )
            complete = form.get("*isIncomplete*") != "yes"
        try:
            doc_id = instance_id(xml)
        except ValueError as exc:
            return _answer(400, "error", str(exc), accept_content_length)
        status = await store(couch, db, doc_id, xml, files, complete)
        if status not in (201, 202):
            return _answer(503, "error", f"storage answered {status}", accept_content_length)
        return _answer(201, "submit_success", "Form received", accept_content_length)

    return app
