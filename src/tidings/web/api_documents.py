"""/api/v1/documents: import a standalone document, as `tidings import-document` does.

The same service (:func:`tidings.services.documents.import_document`) and so
the same reading, cleaning and storing as the command line; the document
becomes an entry of the caller's own Documents source.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from tidings.content.documents import MAX_DOCUMENT_BYTES, DocumentError
from tidings.services.documents import import_document
from tidings.web import schemas as s
from tidings.web.deps import DB, APIUser, Now

router = APIRouter(prefix="/api/v1", tags=["v1"])



@router.post("/documents", response_model=s.ImportedDocument, status_code=201)
async def upload_document(
    db: DB,
    now: Now,
    user: APIUser,
    file: Annotated[UploadFile, File(description="HTML, plain text, Markdown, .srt or .vtt.")],
    url: Annotated[str | None, Form(max_length=2000, description="Where it came from (shown, never fetched).")] = None,
    source: Annotated[str | None, Form(max_length=200, description="Its publisher.")] = None,
    title: Annotated[str | None, Form(max_length=500)] = None,
    published: Annotated[datetime | None, Form(description="ISO 8601; UTC when no offset.")] = None,
) -> s.ImportedDocument:
    """Store one document (multipart form, field `file`); importing it again changes nothing."""
    data = await file.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{file.filename or 'The file'} is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB;"
            " only documents up to that size can be imported."
        )
    imported = import_document(
        db,
        user_id=user.id,
        data=data,
        filename=file.filename,
        url=url,
        source=source,
        title=title,
        published=published,
        now=now,
        content_type=file.content_type,
    )
    return s.ImportedDocument(
        entry_id=imported.entry_id,
        feed_id=imported.feed_id,
        status=imported.status,
        title=imported.title,
        authors=list(imported.authors),
        publisher=imported.publisher,
        published=imported.published,
        language=imported.document.language,
        machine_transcript=imported.document.machine_transcript,
    )
