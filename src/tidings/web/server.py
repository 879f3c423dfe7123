"""How ``tidings serve`` runs the app under uvicorn: one process, or several workers.

With ``--workers N`` uvicorn starts N processes, each importing the app from a
factory (:func:`app_from_environment`): the settings come from the same
``TIDINGS_*`` environment and configuration file, the web options from one
variable the parent sets. Each worker opens its own database connections; the
reader's sidebar cache is per process and checks the database's counters on
every request, so workers never show each other stale counts. The sign-in rate
limit is per process (N workers allow N times the attempts).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from typing import Any

from tidings.web.config import WebConfig

CONFIG_VARIABLE = "_TIDINGS_SERVE_WEB_CONFIG"  # not TIDINGS_*: Settings would refuse it


def fast_protocols() -> dict[str, str]:
    """uvloop and httptools when installed (``uvicorn[standard]``, a dependency), else the
    pure-Python asyncio loop and h11. One request at a time they save about 0.2 ms a request
    (/api/v1/me 1.58 -> 1.36 ms, /unread 5.44 -> 5.23 ms); under 20 clients the handlers'
    own CPU time dominates and the difference is within the noise (bench/README.md)."""
    from importlib.util import find_spec

    return {
        "loop": "uvloop" if find_spec("uvloop") else "asyncio",
        "http": "httptools" if find_spec("httptools") else "h11",
    }


def run(app: Any, host: str, port: int, config: WebConfig, workers: int = 1) -> None:
    import uvicorn

    options: dict[str, Any] = {
        **fast_protocols(),
        "host": host,
        "port": port,
        "proxy_headers": False,  # X-Forwarded-* is read by the app itself, only with --behind-proxy
        "server_header": False,
        "access_log": False,
        "log_level": "info",
        "backlog": 1024,
    }
    if workers > 1:
        os.environ[CONFIG_VARIABLE] = json.dumps(asdict(config))
        uvicorn.run("tidings.web.server:app_from_environment", factory=True, workers=workers,
                    **options)
    else:
        uvicorn.run(app, **options)


def app_from_environment() -> Any:
    """The app of one worker process (uvicorn calls this in each)."""
    from tidings.services.database import open_database
    from tidings.settings import load_settings
    from tidings.web import create_app

    settings = load_settings()
    config = WebConfig(**json.loads(os.environ.get(CONFIG_VARIABLE) or "{}"))
    return create_app(open_database(settings, migrate_empty=False), settings, config)
