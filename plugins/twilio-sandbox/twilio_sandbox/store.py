"""Where the sandbox keeps its state: in memory, optionally written through to SQLite.

Records are plain JSON-able dicts keyed by kind (``message``, ``call``, ``room``,
``participant``) and SID, kept in creation order. With a database file every
change is written at once, so a sandbox started again on the same file sees the
same credentials and resources. The store is not thread-safe on its own: the
sandbox calls it with its lock held.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator

__all__ = ["Store"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, sid TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (kind, sid)
);
"""


class Store:
    """Records by kind and SID, in creation order; ``path`` names a SQLite file to persist to."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._records: dict[str, dict[str, dict[str, Any]]] = {}
        self._seq: dict[tuple[str, str], int] = {}
        self._meta: dict[str, str] = {}
        self._next_seq = 0
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    def _open(self, path: str) -> None:
        try:
            # The sandbox serialises access with its own lock, so one connection serves every thread.
            db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            db.executescript(_SCHEMA)
            rows = db.execute("SELECT kind, sid, seq, body FROM records ORDER BY seq").fetchall()
            meta = db.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.Error as error:
            from .errors import SandboxError

            raise SandboxError(f"cannot use {path!r} as a sandbox database: {error}") from None
        self._db = db
        for kind, sid, seq, body in rows:
            self._records.setdefault(kind, {})[sid] = json.loads(body)
            self._seq[(kind, sid)] = seq
            self._next_seq = max(self._next_seq, seq + 1)
        self._meta = dict(meta)

    # -- meta (credentials and settings that must survive a restart) --------------
    def meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- records --------------------------------------------------------------------
    def put(self, kind: str, record: dict[str, Any]) -> None:
        """Insert or replace ``record`` (its ``sid`` is the key); new records go last."""
        sid = record["sid"]
        key = (kind, sid)
        seq = self._seq.get(key)
        if seq is None:
            seq = self._next_seq
            self._next_seq += 1
            self._seq[key] = seq
        self._records.setdefault(kind, {})[sid] = record
        if self._db is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO records (kind, sid, seq, body) VALUES (?, ?, ?, ?)",
                (kind, sid, seq, json.dumps(record, separators=(",", ":"))),
            )

    def get(self, kind: str, sid: str) -> dict[str, Any] | None:
        return self._records.get(kind, {}).get(sid)

    def delete(self, kind: str, sid: str) -> bool:
        records = self._records.get(kind, {})
        if records.pop(sid, None) is None:
            return False
        self._seq.pop((kind, sid), None)
        if self._db is not None:
            self._db.execute("DELETE FROM records WHERE kind = ? AND sid = ?", (kind, sid))
        return True

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Every record of ``kind``, oldest first."""
        return list(self._records.get(kind, {}).values())

    def kinds(self) -> Iterator[str]:
        return iter(list(self._records))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
