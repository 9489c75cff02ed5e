"""The sandbox clock: status transitions and webhook deliveries, run one at a time, in order.

One worker thread takes events off a heap when they fall due. Running events on a
single thread keeps them in order (a call's ``ringing`` callback always goes out
before its ``completed`` one) and makes shutdown simple. In manual mode (no
thread), nothing happens until :meth:`Scheduler.run_pending` is called, which
runs every pending event at once: deterministic tests without sleeping.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from typing import Callable

__all__ = ["Scheduler"]

log = logging.getLogger("twilio_sandbox")

Event = Callable[[], None]


class Scheduler:
    """Runs callables after a delay on one worker thread (or on demand in manual mode)."""

    def __init__(self, *, manual: bool = False, name: str = "twilio-sandbox-clock") -> None:
        self.manual = manual
        self._name = name
        self._heap: list[tuple[float, int, Event]] = []
        self._counter = itertools.count()
        self._cond = threading.Condition()
        self._running = 0  # events being run right now
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.manual or self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
        self._thread.start()

    def call_later(self, delay: float, event: Event) -> None:
        """Run ``event`` ``delay`` seconds from now (in manual mode: at the next :meth:`run_pending`)."""
        with self._cond:
            if self._stopping:
                return
            heapq.heappush(self._heap, (time.monotonic() + max(0.0, delay), next(self._counter), event))
            self._cond.notify_all()

    def pending(self) -> int:
        """Events waiting or running."""
        with self._cond:
            return len(self._heap) + self._running

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no event is waiting or running; False if ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._heap or self._running:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def run_pending(self, limit: int = 10_000) -> int:
        """Run every waiting event now, in due order, including ones they schedule; return how many ran.

        ``limit`` bounds the run (a runaway chain of events stops there).
        """
        ran = 0
        while ran < limit:
            with self._cond:
                if not self._heap:
                    break
                _, _, event = heapq.heappop(self._heap)
                self._running += 1
            self._run(event)
            ran += 1
        return ran

    def _run(self, event: Event) -> None:
        try:
            event()
        except Exception:  # one broken event must not stop the clock
            log.exception("twilio-sandbox: an event failed")
        finally:
            with self._cond:
                self._running -= 1
                self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if self._heap:
                        wait = self._heap[0][0] - time.monotonic()
                        if wait <= 0:
                            break
                        self._cond.wait(wait)
                    else:
                        self._cond.wait()
                if self._stopping:
                    return
                _, _, event = heapq.heappop(self._heap)
                self._running += 1
            self._run(event)

    def stop(self, timeout: float = 5.0) -> bool:
        """Drop waiting events and stop the thread; False if it did not end within ``timeout``."""
        with self._cond:
            self._stopping = True
            self._heap.clear()
            self._cond.notify_all()
        thread = self._thread
        self._thread = None
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True
