"""The default policy refuses private addresses: on the URL, after DNS, and at every redirect.

No traffic leaves loopback: "public" names are mapped to 127.0.0.1 by a
StaticResolver, and where a first hop must be allowed, the resolver's policy is
told that this one loopback address counts as public.
"""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest

import tidings.ingest.fetch.resolver as resolver_module
from tidings.errors import BlockedAddressError, UnsafeURLError
from tidings.ingest.fetch import Fetcher, StaticResolver

from .conftest import FEED, LocalServer, settings

HINT = "unless the operator sets TIDINGS_ALLOW_PRIVATE_NETWORKS=true"


async def test_default_refuses_loopback_literal_without_connecting(server: LocalServer) -> None:
    async with Fetcher(settings(allow_private_networks=False)) as fetcher:
        with pytest.raises(BlockedAddressError) as caught:
            await fetcher.fetch(server.url("/feed"))
    assert caught.value.message.startswith("127.0.0.1 is a loopback address")
    assert HINT in caught.value.message
    assert server.state.hits.total() == 0


@pytest.mark.parametrize(
    "spelling", ["2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "127.1"]
)
async def test_default_refuses_odd_spellings_of_loopback(
    server: LocalServer, spelling: str
) -> None:
    async with Fetcher(settings(allow_private_networks=False)) as fetcher:
        with pytest.raises(BlockedAddressError, match="127.0.0.1, a loopback address"):
            await fetcher.fetch(f"http://{spelling}:{server.port}/feed")
    assert server.state.hits.total() == 0


async def test_allow_private_fetches_odd_spellings_at_their_address(server: LocalServer) -> None:
    async with Fetcher(settings()) as fetcher:
        result = await fetcher.fetch(f"http://0x7f.1:{server.port}/feed")
    assert result.body == FEED
    assert result.url == server.url("/feed")


async def test_name_resolving_to_loopback_is_refused_after_dns(server: LocalServer) -> None:
    resolver = StaticResolver({"feeds.example.com": ["127.0.0.1"]})
    async with Fetcher(settings(allow_private_networks=False), resolver=resolver) as fetcher:
        with pytest.raises(BlockedAddressError) as caught:
            await fetcher.fetch(f"http://feeds.example.com:{server.port}/feed")
    assert caught.value.message.startswith(
        "feeds.example.com resolves to 127.0.0.1, a loopback address; Tidings does not fetch"
        " from private networks unless the operator sets TIDINGS_ALLOW_PRIVATE_NETWORKS=true"
    )
    assert caught.value.url == f"http://feeds.example.com:{server.port}/feed"
    assert server.state.hits.total() == 0


async def test_private_answers_are_dropped_and_public_ones_kept(server: LocalServer) -> None:
    # 10.0.0.1 must never be tried: only the address counted as public may be used.
    resolver = StaticResolver({"mixed.example.com": ["10.0.0.1", "127.0.0.1"]})
    with pretend_public(IPv4Address("127.0.0.1")):
        async with Fetcher(settings(allow_private_networks=False), resolver=resolver) as fetcher:
            result = await fetcher.fetch(f"http://mixed.example.com:{server.port}/feed")
    assert result.body == FEED


async def test_localhost_name_is_refused_up_front() -> None:
    async with Fetcher(settings(allow_private_networks=False)) as fetcher:
        with pytest.raises(BlockedAddressError, match="localhost is a loopback name"):
            await fetcher.fetch("http://localhost:1/feed")


@pytest.mark.parametrize("allow_private", [False, True])
@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/feed.xml", "javascript:alert(1)"]
)
async def test_other_schemes_are_refused_even_when_private_is_allowed(
    url: str, allow_private: bool
) -> None:
    async with Fetcher(settings(allow_private_networks=allow_private)) as fetcher:
        with pytest.raises(UnsafeURLError, match="only fetches http:// and https://"):
            await fetcher.fetch(url)


@pytest.mark.parametrize(
    ("target", "error", "words"),
    [
        ("http://127.0.0.1:{port}/feed", BlockedAddressError, "127.0.0.1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]:{port}/feed", BlockedAddressError, "loopback address"),
        (
            "http://internal.example:{port}/feed",
            BlockedAddressError,
            "internal.example resolves to 127.0.0.2, a loopback address",
        ),
        ("http://10.0.0.5/admin", BlockedAddressError, "10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", BlockedAddressError, "link-local"),
        ("file:///etc/passwd", UnsafeURLError, "not file:"),
        ("http://user:secret@public.example:{port}/feed", UnsafeURLError, "user name or password"),
    ],
)
async def test_redirect_to_refused_address_stops_even_after_allowed_first_hop(
    server: LocalServer, target: str, error: type[Exception], words: str
) -> None:
    resolver = StaticResolver({"public.example": ["127.0.0.1"], "internal.example": ["127.0.0.2"]})
    start = f"http://public.example:{server.port}/to?url=" + target.format(port=server.port)
    with pretend_public(IPv4Address("127.0.0.1")):
        async with Fetcher(settings(allow_private_networks=False), resolver=resolver) as fetcher:
            with pytest.raises(error) as caught:
                await fetcher.fetch(start)
            # The first hop itself was allowed: the same fetcher reads the feed directly.
            ok = await fetcher.fetch(f"http://public.example:{server.port}/feed")
    assert type(caught.value) is error
    assert words in caught.value.message
    assert "redirects to an address Tidings refuses" in caught.value.message
    assert ok.body == FEED
    assert server.state.hits["/to"] == 1
    assert server.state.hits["/feed"] == 1  # only the direct fetch, never the redirect


class pretend_public:
    """Make the resolver's policy count one loopback address as public, for this block only.

    The URL policy (literal addresses, redirects to literals) is left untouched.
    """

    def __init__(self, address: IPv4Address) -> None:
        self._address = address
        self._real = resolver_module.describe_address

    def __enter__(self) -> None:
        real, address = self._real, self._address
        resolver_module.describe_address = lambda ip: None if ip == address else real(ip)

    def __exit__(self, *exc: object) -> None:
        resolver_module.describe_address = self._real
