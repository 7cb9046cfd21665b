"""Downloads one written export format into a local folder and proves it is the snapshot: each
file's bytes against the manifest, and the manifest against the hash the snapshot recorded."""

from __future__ import annotations

import os
from typing import Optional

from .errors import GoldsetError
from .export_hash import FileDigest, export_sha256
from .transport import Transport, api_path, segments_of
from .types import ExportedFormat, Manifest


def download_format(
    http: Transport,
    project: str,
    snapshot_id: int,
    fmt: str,
    manifest: Manifest,
    recorded_sha256: Optional[str],
    folder: str,
) -> ExportedFormat:
    computed = export_sha256(manifest["files"])
    if computed != manifest["sha256"]:
        raise GoldsetError("hash_mismatch", f"The {fmt} manifest's entries hash to {computed}, not the {manifest['sha256']} it states.")
    if recorded_sha256 is not None and recorded_sha256 != manifest["sha256"]:
        raise GoldsetError("hash_mismatch", f"The {fmt} export hashes to {manifest['sha256']}, but the snapshot recorded {recorded_sha256}.")
    target = os.path.join(folder, fmt)
    for entry in manifest["files"]:
        parts = segments_of(entry["path"])
        destination = os.path.join(target, *parts)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        partial = destination + ".part"
        digest = FileDigest()
        # Written beside its final name and renamed only once verified, so a file under the
        # final name is always a complete, checked one.
        with open(partial, "wb") as out:
            for chunk in http.download_chunks(api_path("projects", project, "exports", snapshot_id, "files", fmt, *parts)):
                digest.update(chunk)
                out.write(chunk)
        if digest.bytes != entry["bytes"] or digest.hexdigest() != entry["sha256"]:
            os.remove(partial)
            raise GoldsetError(
                "hash_mismatch",
                f"{fmt}/{entry['path']} downloaded as {digest.bytes} bytes with SHA-256 {digest.hexdigest()}; "
                f"the manifest says {entry['bytes']} bytes, {entry['sha256']}. Write the format again, then download.",
            )
        os.replace(partial, destination)
    return {"format": fmt, "folder": target, "files": list(manifest["files"]), "sha256": manifest["sha256"]}
