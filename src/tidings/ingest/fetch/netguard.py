"""Which addresses Tidings may fetch from: the pure part of the safety policy.

A feed URL is chosen by whoever subscribes, so fetching it must not become a
way to reach the machines behind the server (SSRF). The rules:

- only ``http`` and ``https`` — ``allow_private_networks`` never lifts this;
- no user name or password in the URL: refused, not stripped, so a stored
  address never carries a secret and ``http://good.example@10.0.0.1/`` cannot
  be misread;
- the host must be a public (globally reachable) address, in whatever spelling
  it is written: ``inet_aton`` forms (``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
  ``127.1``), IPv4 inside IPv6 (mapped, NAT64, 6to4, Teredo) and IPv6's own
  private ranges. Names are checked after resolution, by
  :mod:`tidings.ingest.fetch.resolver`, on the address actually connected to.

Nothing here does I/O, so OPML import and the web edge can call
:func:`check_url` up front.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from yarl import URL

from tidings.errors import BlockedAddressError, UnsafeURLError

IPAddress = IPv4Address | IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})

PRIVATE_NETWORKS_HINT = (
    "Tidings does not fetch from private networks unless the operator sets"
    " TIDINGS_ALLOW_PRIVATE_NETWORKS=true"
)

# IANA IPv4 special-purpose registry, minus the few blocks marked globally
# reachable (AS112, AMT). Kept here rather than relying on ipaddress.is_global,
# whose table changed between Python patch releases. Order matters: first match
# names the address in error messages.
_V4_BLOCKED: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), label)
    for net, label in (
        ("127.0.0.0/8", "a loopback address"),
        ("10.0.0.0/8", "a private address"),
        ("172.16.0.0/12", "a private address"),
        ("192.168.0.0/16", "a private address"),
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        ("169.254.0.0/16", "a link-local address"),
        ("0.0.0.0/8", "an unspecified ('this network') address"),
        ("192.0.0.0/24", "a reserved protocol address"),
        ("192.0.2.0/24", "a documentation address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("192.88.99.0/24", "a reserved (deprecated 6to4 relay) address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
    )
)

_V6_GLOBAL_UNICAST = IPv6Network("2000::/3")
_V6_MAPPED = IPv6Network("::ffff:0:0/96")
_V6_NAT64 = IPv6Network("64:ff9b::/96")
_V6_6TO4 = IPv6Network("2002::/16")
_V6_TEREDO = IPv6Network("2001::/32")
_V6_IETF = IPv6Network("2001::/23")
# Blocks inside 2001::/23 that IANA marks globally reachable.
_V6_IETF_GLOBAL = tuple(
    IPv6Network(n)
    for n in (
        "2001:1::1/128",
        "2001:1::2/128",
        "2001:3::/32",
        "2001:4:112::/48",
        "2001:20::/28",
        "2001:30::/28",
    )
)
# Inside 2000::/3 but not public. Everything outside 2000::/3 (loopback,
# unspecified, ULA fc00::/7, link-local fe80::/10, multicast, ::/8 including
# IPv4-compatible, 100::/64, 5f00::/16, ...) is refused by default.
_V6_BLOCKED_IN_GLOBAL: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), label)
    for net, label in (
        ("2001:db8::/32", "a documentation address"),
        ("3fff::/20", "a documentation address"),
        ("2001:2::/48", "a benchmarking address"),
    )
)
_V6_LABELS: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), label)
    for net, label in (
        ("::1/128", "a loopback address"),
        ("::/128", "an unspecified address"),
        ("fc00::/7", "a private (unique local) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
        ("64:ff9b:1::/48", "a private NAT64 address"),
        ("::/96", "an IPv4-compatible address (deprecated)"),
    )
)

# What getaddrinfo/inet_aton would take as a number: decimal, 0x-hex, 0-octal.
_NUMBER = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)")
_HOST_LABELS = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?")


def _embedded_ipv4(ip: IPv6Address) -> tuple[IPv4Address, ...]:
    """IPv4 addresses a packet to ``ip`` would end up at (mapped, NAT64, 6to4, Teredo)."""
    if ip in _V6_MAPPED or ip in _V6_NAT64:
        return (IPv4Address(int(ip) & 0xFFFFFFFF),)
    if ip in _V6_6TO4:
        return (IPv4Address((int(ip) >> 80) & 0xFFFFFFFF),)
    if ip in _V6_TEREDO:
        server, client = ip.teredo  # type: ignore[misc]
        return (server, client)
    return ()


def describe_address(ip: IPAddress) -> str | None:
    """Why ``ip`` is not public ("a loopback address", ...), or None when it is public."""
    if isinstance(ip, IPv4Address):
        for net, label in _V4_BLOCKED:
            if ip in net:
                return label
        return None
    if ip.scope_id:
        return "a link-local address"
    embedded = _embedded_ipv4(ip)
    if embedded:
        for inner in embedded:
            why = describe_address(inner)
            if why is not None:
                return f"{why} ({inner}) inside an IPv6 address"
        # Teredo sits inside 2001::/23 but routes to its public IPv4 endpoints.
        return None
    if ip in _V6_GLOBAL_UNICAST:
        for net, label in _V6_BLOCKED_IN_GLOBAL:
            if ip in net:
                return label
        if ip in _V6_IETF and not any(ip in net for net in _V6_IETF_GLOBAL):
            return "a reserved protocol address"
        return None
    for net, label in _V6_LABELS:
        if ip in net:
            return label
    return "a reserved address"


def is_public_address(ip: IPAddress | str) -> bool:
    """True when ``ip`` is a globally reachable unicast address Tidings may connect to.

    Accepts an address object or any spelling :func:`parse_ip` understands.
    A string that is not an address at all is not public.
    """
    if isinstance(ip, str):
        parsed = parse_ip(ip)
        if parsed is None:
            return False
        ip = parsed
    return describe_address(ip) is None


def parse_ip(host: str) -> IPAddress | None:
    """The address ``host`` denotes if it is an IP literal in any spelling, else None.

    IPv4 is read the way ``inet_aton`` (and so ``getaddrinfo``) reads it: one to
    four dot-separated numbers, each decimal, ``0x`` hex or ``0``-led octal, the
    last filling the remaining bytes. Raises :class:`UnsafeURLError` for hosts
    that look numeric but are not valid addresses (``1.2.3.4.5``, ``0x1g``,
    ``a.0x7f``): resolvers disagree on those, so they are refused.
    """
    host = host.strip("[]")
    if ":" in host:
        try:
            return IPv6Address(host.replace("%25", "%"))
        except ValueError:
            raise UnsafeURLError(f"{host!r} is not a valid IPv6 address") from None
    try:
        return IPv4Address(host)  # the canonical dotted quad: the common case, fast
    except ValueError:
        pass
    host = host.removesuffix(".")
    parts = host.split(".")
    # WHATWG rule: a host whose last label is a number is an IPv4 address or invalid.
    if not _NUMBER.fullmatch(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise UnsafeURLError(f"{host!r} looks like an IP address but is not a valid one")
    try:
        numbers = [_parse_number(p) for p in parts]
    except ValueError:
        raise UnsafeURLError(f"{host!r} looks like an IP address but is not a valid one") from None
    *leading, last = numbers
    if any(n > 0xFF for n in leading) or last >= 1 << (8 * (5 - len(numbers))):
        raise UnsafeURLError(f"{host!r} looks like an IP address but is out of range")
    value = last
    for i, n in enumerate(leading):
        value |= n << (8 * (3 - i))
    return IPv4Address(value)


def _parse_number(text: str) -> int:
    if text[:2] in ("0x", "0X"):
        return int(text[2:] or "0", 16)
    if len(text) > 1 and text[0] == "0":
        return int(text, 8)
    return int(text)


def blocked_message(host: str, ip: IPAddress, why: str, *, resolved: bool) -> str:
    """The words of a :class:`BlockedAddressError`: which address, what kind, what to do."""
    if resolved:
        return f"{host} resolves to {ip}, {why}; {PRIVATE_NETWORKS_HINT}"
    if host.strip("[]").lower() == ip.compressed:
        return f"{ip} is {why}; {PRIVATE_NETWORKS_HINT}"
    return f"{host} is another way of writing {ip}, {why}; {PRIVATE_NETWORKS_HINT}"


def check_url(url: str, *, allow_private: bool) -> str:
    """Normalise ``url`` and refuse what can be refused without DNS.

    Returns the URL as Tidings will fetch it: scheme and host lower-cased, IDN
    hosts in punycode, IP hosts in canonical form (``0x7f.1`` becomes
    ``127.0.0.1``), the fragment dropped (it is never sent). Raises
    :class:`UnsafeURLError` for other schemes, credentials, or a missing or
    malformed host, and :class:`BlockedAddressError` for a non-public IP host or
    a ``localhost`` name unless ``allow_private``. Names are checked again after
    resolution by the fetcher.
    """
    return str(checked_url(url, allow_private=allow_private))


def checked_url(url: str | URL, *, allow_private: bool) -> URL:
    """:func:`check_url`, returning the parsed :class:`yarl.URL` the fetcher sends as is."""
    text = url if isinstance(url, str) else str(url)
    shown = text.strip()[:200]
    try:
        parsed = URL(text.strip()) if isinstance(url, str) else url
        scheme = parsed.scheme.lower()
        host = parsed.raw_host
        parsed.port  # noqa: B018 - validates the port number
    except (ValueError, TypeError) as exc:
        raise UnsafeURLError(f"{shown!r} is not a valid web address ({exc})", url=shown) from None
    if scheme not in ALLOWED_SCHEMES:
        what = f"{scheme}:" if scheme else "an address without http:// or https://"
        raise UnsafeURLError(
            f"Tidings only fetches http:// and https:// addresses, not {what} ({shown})", url=shown
        )
    if parsed.raw_user is not None or parsed.raw_password is not None:
        raise UnsafeURLError(
            "Tidings does not accept a user name or password inside an address"
            " (the part before @); remove it and try again",
            url=shown,
        )
    if not host:
        raise UnsafeURLError(f"{shown!r} has no host name", url=shown)
    host = host.lower()
    try:
        ip = parse_ip(host)
    except UnsafeURLError as exc:
        exc.url = shown
        raise
    if ip is None:
        if not _HOST_LABELS.fullmatch(host):
            raise UnsafeURLError(f"{host!r} is not a valid host name", url=shown)
        if not allow_private and (
            host.rstrip(".") == "localhost" or host.rstrip(".").endswith(".localhost")
        ):
            raise BlockedAddressError(
                f"{host} is a loopback name; {PRIVATE_NETWORKS_HINT}", url=shown
            )
    else:
        if not allow_private:
            why = describe_address(ip)
            if why is not None:
                raise BlockedAddressError(blocked_message(host, ip, why, resolved=False), url=shown)
        canonical = str(ip) if ip.version == 4 else ip.compressed
        if canonical != host:
            parsed = parsed.with_host(canonical)
    return parsed.with_fragment(None) if parsed.raw_fragment else parsed


__all__ = [
    "ALLOWED_SCHEMES",
    "IPAddress",
    "blocked_message",
    "check_url",
    "checked_url",
    "describe_address",
    "is_public_address",
    "parse_ip",
]
