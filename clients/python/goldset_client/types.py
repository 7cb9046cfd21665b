"""What the API answers, as far as the client relies on it. Fields the client does not read are
still there (the dictionaries are the JSON answers as sent); see docs/api/openapi.json."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict

from .export_hash import ManifestEntry


class ImportSummary(TypedDict, total=False):
    # The import batch, or None when every item was already in the project.
    batch: Optional[int]
    inserted: int
    duplicates: int
    warnings: List[str]


class PredictionSummary(TypedDict):
    batch: Optional[int]
    inserted: int
    duplicates: int


class Job(TypedDict):
    id: int
    kind: str
    state: str
    attempts: int
    maxAttempts: int
    progress: Optional[Dict[str, Any]]
    result: Any
    error: Optional[str]
    createdAt: str
    runAfter: str
    startedAt: Optional[str]
    finishedAt: Optional[str]


class Snapshot(TypedDict, total=False):
    id: int
    name: str
    rules: Dict[str, Any]
    counts: Dict[str, Any]
    # The recorded content hash of each format written so far.
    hashes: Dict[str, str]
    writers: Dict[str, int]
    labelSetVersion: int
    createdAt: str
    createdBy: Optional[str]


class Manifest(TypedDict):
    files: List[ManifestEntry]
    sha256: str


class ExportedFormat(TypedDict):
    format: str
    # The local folder the format's files were written to: <folder>/<format>.
    folder: str
    files: List[ManifestEntry]
    sha256: str


class ItemRow(TypedDict, total=False):
    id: int
    externalId: str
    excerpt: str
    open: bool
    annotations: int
    method: Optional[str]
    finalLabels: List[str]
    agreement: Optional[float]
    inReview: bool
    notSure: bool
    skipped: bool
    excluded: bool


class Agreement(TypedDict, total=False):
    snapshots: List[Dict[str, Any]]
    notSure: Any
    backlog: Any
