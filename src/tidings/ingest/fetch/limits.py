"""Per-host politeness: how many requests at once, and who asked us to wait.

The concurrency slots are taken before a request starts and held until its
body is read, so the fetcher's timeouts count only time spent on the network,
never time spent queueing behind thousands of other fetches (aiohttp's own
``total`` timeout would include the wait for a pooled connection).
"""

from __future__ import annotations

import asyncio
from datetime import datetime

HostKey = tuple[str, int]


class _HostSlot:
    __slots__ = ("semaphore", "users")

    def __init__(self, size: int) -> None:
        self.semaphore = asyncio.Semaphore(size)
        self.users = 0


class ConcurrencySlots:
    """At most ``total`` requests in flight, and at most ``per_host`` to one host."""

    def __init__(self, total: int, per_host: int) -> None:
        self._total = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[HostKey, _HostSlot] = {}

    async def acquire(self, key: HostKey) -> None:
        slot = self._hosts.get(key)
        if slot is None:
            slot = self._hosts[key] = _HostSlot(self._per_host)
        slot.users += 1
        try:
            # The host's slot first, so a fetch waiting on a busy host holds no global slot.
            await slot.semaphore.acquire()
            try:
                await self._total.acquire()
            except BaseException:
                slot.semaphore.release()
                raise
        except BaseException:
            self._forget(key, slot)
            raise

    def release(self, key: HostKey) -> None:
        slot = self._hosts[key]
        self._total.release()
        slot.semaphore.release()
        self._forget(key, slot)

    def _forget(self, key: HostKey, slot: _HostSlot) -> None:
        slot.users -= 1
        if slot.users == 0:
            del self._hosts[key]  # keeps the table as small as the set of busy hosts


class HostBlocks:
    """Hosts that answered 429/503 with a time to come back, and until when."""

    def __init__(self) -> None:
        self._until: dict[HostKey, tuple[datetime, int]] = {}

    def blocked(self, key: HostKey, now: datetime) -> tuple[datetime, int] | None:
        """``(until, status)`` while ``key`` is blocked, else None."""
        entry = self._until.get(key)
        if entry is None:
            return None
        if entry[0] <= now:
            del self._until[key]
            return None
        return entry

    def block(self, key: HostKey, until: datetime, status: int) -> None:
        current = self._until.get(key)
        if current is None or current[0] < until:
            self._until[key] = (until, status)

    def __len__(self) -> int:
        return len(self._until)


__all__ = ["ConcurrencySlots", "HostBlocks", "HostKey"]
