"""The guarded resolver hands aiohttp public addresses only."""

from __future__ import annotations

import socket

import pytest

from tidings.errors import BlockedAddressError
from tidings.ingest.fetch.resolver import GuardedResolver, StaticResolver

TABLE = {
    "public.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "mixed.example": ["10.1.2.3", "93.184.215.14", "fd00::1"],
    "internal.example": ["192.168.1.10", "fd00::1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
}


async def resolve(name: str) -> list[str]:
    guard = GuardedResolver(StaticResolver(TABLE))
    return [r["host"] for r in await guard.resolve(name, 443, socket.AF_UNSPEC)]


async def test_public_answers_pass_unchanged() -> None:
    assert await resolve("public.example") == TABLE["public.example"]


async def test_private_answers_are_dropped_from_a_mixed_answer() -> None:
    assert await resolve("mixed.example") == ["93.184.215.14"]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("internal.example", "internal.example resolves to 192.168.1.10, a private address"),
        ("mapped.example", "loopback address (127.0.0.1) inside an IPv6 address"),
        ("metadata.example", "169.254.169.254, a link-local address"),
    ],
)
async def test_all_private_answers_are_refused(name: str, words: str) -> None:
    with pytest.raises(BlockedAddressError) as caught:
        await resolve(name)
    assert words in caught.value.message
    assert "TIDINGS_ALLOW_PRIVATE_NETWORKS=true" in caught.value.message


async def test_unknown_names_fail_like_dns() -> None:
    with pytest.raises(socket.gaierror):
        await resolve("nowhere.example")


async def test_static_resolver_honours_the_family() -> None:
    static = StaticResolver(TABLE)
    v4 = await static.resolve("public.example", 80, socket.AF_INET)
    v6 = await static.resolve("public.example", 80, socket.AF_INET6)
    assert [r["host"] for r in v4] == ["93.184.215.14"]
    assert [r["family"] for r in v6] == [socket.AF_INET6]


async def test_system_resolver_answers_are_filtered_too() -> None:
    # "localhost" comes from /etc/hosts: the real resolver path, no DNS traffic.
    guard = GuardedResolver()
    try:
        with pytest.raises(BlockedAddressError, match="localhost resolves to .*loopback"):
            await guard.resolve("localhost", 80, socket.AF_UNSPEC)
    finally:
        await guard.close()
