"""The ASGI application: one FastAPI app with the reader and the API mounted side by side."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tidings import __version__
from tidings.clock import utcnow
from tidings.services.accounts import SignInLimiter
from tidings.settings import Settings
from tidings.store import Database
from tidings.web import (
    api,
    api_documents,
    api_stories,
    api_users,
    errors,
    preferences,
    reader,
    stories,
    team,
)
from tidings.web.config import WebConfig
from tidings.web.lanes import open_lanes
from tidings.web.security import SecurityHeadersMiddleware

STATIC = Path(__file__).with_name("static")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    open_lanes(app)
    yield


def create_app(
    db: Database,
    settings: Settings,
    config: WebConfig | None = None,
    *,
    clock: Callable[[], datetime] = utcnow,
) -> FastAPI:
    """The whole web application, on an open (migrated) database."""
    config = config or WebConfig()
    app = FastAPI(
        title="Tidings API",
        version=__version__,
        description=(
            "The JSON API of Tidings. Authenticate with an API key"
            " (`Authorization: Bearer <key>`). Errors are"
            ' `{"error": {"status", "type", "message"}}`.'
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the Swagger page needs inline script and a CDN; the CSP allows neither
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.config = config
    app.state.clock = clock
    app.state.limiter = SignInLimiter(
        db,
        per_name=config.sign_in_attempts_per_name,
        per_address=config.sign_in_attempts_per_address,
        window=config.sign_in_window_seconds,
    )
    errors.install(app)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(api_documents.router)
    app.include_router(api_stories.router)
    app.include_router(api_users.router)
    for pages in (reader, stories, preferences, team):
        app.include_router(pages.router, include_in_schema=False)
    return app
