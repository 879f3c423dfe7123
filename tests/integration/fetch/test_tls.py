"""Certificates are verified: a self-signed server is refused with plain words."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tidings.errors import FetchError
from tidings.ingest.fetch import Fetcher

from .conftest import FEED, settings


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no authority signed, and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
async def tls_port(self_signed: tuple[Path, Path]) -> AsyncIterator[int]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*self_signed)

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=FEED)

    app = web.Application()
    app.router.add_get("/feed", feed)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(ssl=context)
    try:
        yield server.port
    finally:
        await server.close()


async def test_self_signed_certificate_is_refused(tls_port: int) -> None:
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="The secure connection to 127.0.0.1 failed"):
            await fetcher.fetch(f"https://127.0.0.1:{tls_port}/feed")
