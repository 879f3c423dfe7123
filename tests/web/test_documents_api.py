"""POST /api/v1/documents: the import-document command, over the API."""

from __future__ import annotations

from pathlib import Path

from tidings.content.documents import MAX_DOCUMENT_BYTES
from tidings.services import accounts

from .conftest import T0, make_client

DOCUMENTS = Path(__file__).parents[1] / "data" / "documents"


def _upload(client, name: str, *, headers=None, data=None, content: bytes | None = None):
    body = content if content is not None else (DOCUMENTS / name).read_bytes()
    return client.post(
        "/api/v1/documents",
        files={"file": (name, body, "text/plain")},
        data=data or {},
        headers=headers or {},
    )


def test_a_document_uploaded_with_an_api_key_becomes_an_entry_of_its_owner(app, db, world):
    key = accounts.create_api_key(db, world.a_id, "scanner", now=T0).key
    auth = {"authorization": f"Bearer {key}"}
    with make_client(app, headers=auth) as c:
        response = _upload(c, "aggregator_byline_first.txt", data={"source": "Northern Times"})
        assert response.status_code == 201, response.text
        imported = response.json()
        assert imported["status"] == "new"
        assert imported["title"] == (
            "Library Returns a Lost Manuscript to the Village Where It Was Written"
        )
        assert imported["publisher"] == "Northern Times"
        assert imported["authors"] == ["Jane Okafor", "Li Wei"]

        entry = c.get(f"/api/v1/entries/{imported['entry_id']}").json()
        assert entry["title"] == imported["title"]
        assert "Share this article" not in entry["content"]
        hits = c.get("/api/v1/search", params={"q": "manuscript"}).json()
        assert [h["entry_id"] for h in hits] == [imported["entry_id"]]

        again = _upload(c, "aggregator_byline_first.txt", data={"source": "Northern Times"})
        assert again.status_code == 201
        assert again.json()["status"] == "unchanged"
        assert again.json()["entry_id"] == imported["entry_id"]


def test_a_transcript_is_recognised_over_the_session(alice):
    response = _upload(alice, "machine_transcript.txt",
                       headers={"x-csrf-token": alice.csrf})  # type: ignore[attr-defined]
    assert response.status_code == 201, response.text
    assert response.json()["machine_transcript"] is True


def test_another_user_cannot_read_an_uploaded_document(alice, bob):
    response = _upload(alice, "clean_essay.txt",
                       headers={"x-csrf-token": alice.csrf})  # type: ignore[attr-defined]
    entry_id = response.json()["entry_id"]
    assert bob.get(f"/api/v1/entries/{entry_id}").status_code == 404
    assert entry_id not in {e["id"] for e in bob.get("/api/v1/entries?status=all").json()["entries"]}


def test_bad_uploads_get_a_reason_and_store_nothing(alice):
    csrf = {"x-csrf-token": alice.csrf}  # type: ignore[attr-defined]
    before = alice.get("/api/v1/entries?status=all&limit=200").json()["entries"]

    binary = _upload(alice, "photo.txt", headers=csrf, content=bytes(range(256)) * 40)
    assert binary.status_code == 422
    assert binary.json()["error"]["message"]

    huge = _upload(alice, "huge.txt", headers=csrf, content=b"word " * (MAX_DOCUMENT_BYTES // 5 + 10))
    assert huge.status_code == 422
    assert "MB" in huge.json()["error"]["message"]

    no_csrf = _upload(alice, "clean_essay.txt")
    assert no_csrf.status_code == 403

    assert alice.get("/api/v1/entries?status=all&limit=200").json()["entries"] == before


def test_uploading_needs_authentication(client):
    response = _upload(client, "clean_essay.txt")
    assert response.status_code == 401
    assert "API key" in response.json()["error"]["message"]
