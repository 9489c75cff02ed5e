"""Shared helpers for the async client tests (plain ``asyncio.run``, no pytest plugin needed)."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, TypeVar

SID = "AC" + "1" * 32
TOKEN = "authtoken-" + "s" * 22  # a secret that must never show in messages or logs

T = TypeVar("T")


def run(coro: Awaitable[T], timeout: float = 30.0) -> T:
    """Run ``coro`` on a fresh event loop, failing the test (not hanging) after ``timeout`` seconds."""

    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


def async_client(**kwargs: Any) -> Any:
    """An AsyncClient with test credentials (``transport``/``base_url`` from kwargs)."""
    from twilio_core.async_client import AsyncClient

    return AsyncClient(SID, TOKEN, **kwargs)


async def gather_limited(n: int, limit: int, make: Callable[[int], Awaitable[T]]) -> list[T]:
    """Run ``make(i)`` for i in range(n) with at most ``limit`` in flight; results in order."""
    sem = asyncio.Semaphore(limit)

    async def one(i: int) -> T:
        async with sem:
            return await make(i)

    return await asyncio.gather(*(one(i) for i in range(n)))
