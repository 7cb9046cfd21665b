"""The export content hash, as the app computes it (lib/export/content-hash.ts): each file is the
SHA-256 of its bytes; the export is the SHA-256 over the files sorted by path, each contributing
the line ``<path>\\n<bytes>\\n<sha256 hex>\\n``. Recomputing it from the downloaded bytes shows
that the folder holds exactly the snapshot the app recorded."""

from __future__ import annotations

import hashlib
from typing import Iterable, List, TypedDict


class ManifestEntry(TypedDict):
    path: str
    bytes: int
    sha256: str


def _utf16_key(path: str) -> List[int]:
    # JavaScript sorts strings by UTF-16 code units; Python by code points. They differ only
    # beyond the Basic Multilingual Plane, but the hash must match the app's order exactly.
    encoded = path.encode("utf-16-be")
    return [int.from_bytes(encoded[i : i + 2], "big") for i in range(0, len(encoded), 2)]


def export_sha256(files: Iterable[ManifestEntry]) -> str:
    digest = hashlib.sha256()
    for entry in sorted(files, key=lambda e: _utf16_key(e["path"])):
        digest.update(f"{entry['path']}\n{entry['bytes']}\n{entry['sha256']}\n".encode("utf-8"))
    return digest.hexdigest()


class FileDigest:
    """SHA-256 and length of bytes fed in chunks, as they are written to disk."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.bytes = 0

    def update(self, chunk: bytes) -> None:
        self._hash.update(chunk)
        self.bytes += len(chunk)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
