"""Name resolution that only ever hands aiohttp public addresses.

aiohttp connects to exactly the addresses its resolver returns (and caches
them for ``ttl_dns_cache``), so filtering here closes the DNS-rebinding gap: a
name cannot pass a check with one address and then be connected to another.
IP literals never reach a resolver; :func:`~tidings.ingest.fetch.netguard.check_url`
covers those before every request.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping, Sequence

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from tidings.errors import BlockedAddressError
from tidings.ingest.fetch.netguard import blocked_message, describe_address, parse_ip


class GuardedResolver(AbstractResolver):
    """Resolve with ``inner`` and drop every address that is not public.

    When a name has both public and private addresses only the public ones are
    kept; when none is left, :class:`BlockedAddressError` names the first.
    """

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._owns_inner = inner is None
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        kept: list[ResolveResult] = []
        refused: tuple[str, str] | None = None
        for result in results:
            ip = parse_ip(result["host"])
            why = "not an IP address" if ip is None else describe_address(ip)
            if why is None:
                kept.append(result)
            elif refused is None:
                refused = (result["host"], why)
        if kept:
            return kept
        if refused is None:  # the inner resolver returned nothing at all
            raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
        address, why = refused
        ip = parse_ip(address)
        assert ip is not None
        raise BlockedAddressError(blocked_message(host, ip, why, resolved=True))

    async def close(self) -> None:
        if self._owns_inner:
            await self._inner.close()


class StaticResolver(AbstractResolver):
    """A fixed name -> addresses table, for tests and demos: no DNS traffic at all.

    Unknown names fail the way a real lookup does (``socket.gaierror``), so the
    fetcher reports them as "could not find the server".
    """

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self._table = {name.lower().rstrip("."): tuple(addrs) for name, addrs in table.items()}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = [
            address
            for address in self._table.get(host.lower().rstrip("."), ())
            if not family or (family == socket.AF_INET6) == (":" in address)
        ]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, f"Name or service not known: {host}")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        pass


__all__ = ["GuardedResolver", "StaticResolver"]
