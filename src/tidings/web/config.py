"""What the web server needs to know beyond :class:`tidings.settings.Settings`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WebConfig:
    # Trust X-Forwarded-Proto (and the first X-Forwarded-For address) from a reverse
    # proxy. Only turn on when every request comes through that proxy.
    behind_proxy: bool = False
    # Force the Secure flag on cookies even over plain HTTP (e.g. TLS ends at a proxy
    # that does not send X-Forwarded-Proto).
    secure_cookies: bool = False
    # Failed sign-ins allowed per (address, name) and per address in the window.
    sign_in_attempts_per_name: int = 5
    sign_in_attempts_per_address: int = 20
    sign_in_window_seconds: float = 15 * 60
