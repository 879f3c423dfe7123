"""The web surfaces: the reader (server-rendered HTML) and the JSON API /api/v1.

``create_app`` builds one ASGI application; each surface has its own routing
table (``reader.py``, ``api.py``) and both call ``tidings.services``.
"""

from tidings.web.app import create_app
from tidings.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
