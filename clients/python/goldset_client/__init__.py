"""Python client for Goldset's /api/v1: the verbs of the ``goldset`` command over HTTP with a
personal access token. Standard library only.

    from goldset_client import Client
    client = Client("http://localhost:3000", "gst_...")
    client.import_items("reviews", "items.jsonl")
"""

from .client import Client
from .errors import GoldsetError, Problem
from .export_hash import ManifestEntry, export_sha256
from .types import Agreement, ExportedFormat, ImportSummary, ItemRow, Job, Manifest, PredictionSummary, Snapshot

__version__ = "0.1.0"

__all__ = [
    "Agreement",
    "Client",
    "ExportedFormat",
    "GoldsetError",
    "ImportSummary",
    "ItemRow",
    "Job",
    "Manifest",
    "ManifestEntry",
    "PredictionSummary",
    "Problem",
    "Snapshot",
    "export_sha256",
]
