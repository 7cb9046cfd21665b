"""``Client``: the verbs of the ``goldset`` command, over the app's /api/v1 with a personal access
token. Long work (snapshots, written exports, big imports, agreement) runs as a job on the server;
the client waits for it, so each call returns the finished result."""

from __future__ import annotations

import json
import os
import tempfile
import time
from typing import IO, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union, cast

from .errors import GoldsetError
from .snapshot_export import download_format
from .transport import QueryValue, Transport, api_path
from .types import Agreement, ExportedFormat, ImportSummary, ItemRow, Job, Manifest, PredictionSummary, Snapshot

PathLike = Union[str, "os.PathLike[str]"]

FILE_FORMATS = ("jsonl", "csv", "tsv")
EXPORT_FORMATS = ("jsonl", "csv", "hf", "label-studio")
DECIDED_BY = ("adjudicated", "unanimous", "single", "majority", "dawid-skene")
_FINISHED = ("succeeded", "failed", "cancelled")


class Client:
    """``Client("http://localhost:3000", "gst_...")``. ``job_timeout`` bounds how long a call waits
    for a server job (a snapshot of a large project takes minutes); ``timeout`` one HTTP request."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 120.0, job_timeout: float = 1800.0, poll_interval: float = 0.5) -> None:
        self._http = Transport(base_url, token, timeout)
        self.job_timeout = job_timeout
        self.poll_interval = poll_interval

    # -- import -----------------------------------------------------------------------------

    def import_items(
        self,
        project: str,
        path: PathLike,
        format: Optional[str] = None,
        *,
        text_field: Optional[str] = None,
        id_field: Optional[str] = None,
    ) -> ImportSummary:
        """Imports a JSONL, CSV or TSV file of items (the format from the file name unless given).
        The file is streamed from disk. A large file is stored by a job; this waits for it."""
        _check_choice("format", format, FILE_FORMATS)
        answer = self._http.upload_file(
            api_path("projects", project, "import"),
            path,
            {"fileName": os.path.basename(os.fspath(path)), "format": format, "textField": text_field, "idField": id_field},
        )
        if answer.status != 202:
            return cast(ImportSummary, answer.body)
        result = self._wait(project, cast(Job, answer.field("job")))
        if not isinstance(result, Mapping) or result.get("outcome") != "imported":
            refused = result if isinstance(result, Mapping) else {}
            problems = refused.get("problems") or []
            raise GoldsetError("bad_request", str(refused.get("message", "The import was refused.")), problems[0]["field"] if problems else None, None, problems)
        return cast(ImportSummary, {k: v for k, v in result.items() if k != "outcome"})

    def submit_predictions(
        self,
        project: str,
        path_or_rows: Union[PathLike, Iterable[Mapping[str, Any]]],
        format: Optional[str] = None,
        *,
        item_field: Optional[str] = None,
    ) -> PredictionSummary:
        """Imports a model's predictions as suggestions: a file (JSONL, CSV or TSV with columns
        item, label or labels, and optionally score, model, model_version), or rows as dicts with
        those keys. The whole file is imported or none of it; problems name their line."""
        _check_choice("format", format, FILE_FORMATS)
        path = api_path("projects", project, "predictions")
        if isinstance(path_or_rows, (str, os.PathLike)):
            query = {"fileName": os.path.basename(os.fspath(path_or_rows)), "format": format, "itemField": item_field}
            return cast(PredictionSummary, self._http.upload_file(path, path_or_rows, query).body)
        # Rows are spooled to a temporary JSONL file (in memory while small), then streamed.
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            for row in path_or_rows:
                spool.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
            size = spool.tell()
            spool.seek(0)
            query = {"fileName": "predictions.jsonl", "format": "jsonl", "itemField": item_field}
            return cast(PredictionSummary, self._http.json("POST", path, query=query, upload=cast(IO[bytes], spool), upload_size=size).body)

    # -- items ------------------------------------------------------------------------------

    def list_items(
        self,
        project: str,
        *,
        status: Optional[str] = None,
        label: Optional[str] = None,
        any_label: Optional[str] = None,
        annotator: Optional[str] = None,
        batch: Optional[int] = None,
        search: Optional[str] = None,
        excluded: Optional[bool] = None,
        sort: Optional[str] = None,
    ) -> Iterator[ItemRow]:
        """Every item the filters match, page after page (the data browser's view; leads and
        reviewers). The pages follow the server's keyset cursor, so items added meanwhile do not
        shift them."""
        query: Dict[str, QueryValue] = {
            "status": status,
            "label": label,
            "anyLabel": any_label,
            "annotator": annotator,
            "batch": batch,
            "q": search,
            "excluded": None if excluded is None else ("yes" if excluded else "no"),
            "sort": sort,
        }
        path = api_path("projects", project, "items")
        url_query: Optional[str] = None
        while True:
            answer = self._http.json("GET", path + (f"?{url_query}" if url_query else ""), query=None if url_query else query)
            yield from cast(List[ItemRow], answer.field("items"))
            url_query = answer.body.get("nextQuery")
            if not url_query:
                return

    def item(self, project: str, item_id: int) -> Dict[str, Any]:
        """One item with everything that happened to it, oldest first (leads and reviewers)."""
        return cast(Dict[str, Any], self._http.json("GET", api_path("projects", project, "items", item_id, "history")).body)

    # -- snapshots and export ---------------------------------------------------------------

    def create_snapshot(
        self,
        project: str,
        name: str,
        *,
        decided_by: Optional[Sequence[str]] = None,
        min_annotations: Optional[int] = None,
        split: Optional[Mapping[str, float]] = None,
        include_annotations: Optional[bool] = None,
        license: Optional[str] = None,
    ) -> Snapshot:
        """Freezes an immutable, named export snapshot and returns it once made. Unset rules take
        the project's defaults (its overlap; labels adjudicated or unanimous). ``split`` is
        ``{"train": .8, "validation": .1, "test": .1, "seed": 42}``."""
        for way in decided_by or ():
            _check_choice("decided_by", way, DECIDED_BY)
        body: Dict[str, Any] = {"name": name}
        if decided_by is not None:
            body["decidedBy"] = list(decided_by)
        if min_annotations is not None:
            body["minAnnotations"] = min_annotations
        if split is not None:
            body["split"] = dict(split)
        if include_annotations is not None:
            body["includeAnnotations"] = include_annotations
        if license is not None:
            body["license"] = license
        answer = self._http.json("POST", api_path("projects", project, "exports"), json_body=body)
        result = self._wait(project, cast(Job, answer.field("job")))
        return self.snapshot(project, int(result["snapshotId"]))

    def snapshots(self, project: str) -> List[Snapshot]:
        return cast(List[Snapshot], self._http.json("GET", api_path("projects", project, "exports")).field("snapshots"))

    def snapshot(self, project: str, snapshot: Union[int, str]) -> Snapshot:
        """A snapshot by id (int) or name (str)."""
        for found in self.snapshots(project):
            if (found["id"] == snapshot) if isinstance(snapshot, int) else (found["name"] == snapshot):
                return found
        raise GoldsetError("not_found", f"No snapshot {snapshot!r} in project {project!r}.", "snapshot", 404)

    def export_snapshot(
        self,
        project: str,
        snapshot: Union[int, str],
        folder: PathLike,
        formats: Sequence[str] = ("jsonl",),
    ) -> List[ExportedFormat]:
        """Writes each format of the snapshot on the server, downloads its files into
        ``<folder>/<format>/``, and checks every file and the whole export against the hash the
        snapshot recorded (GoldsetError ``hash_mismatch`` otherwise)."""
        for fmt in formats:
            _check_choice("formats", fmt, EXPORT_FORMATS)
        snapshot_id = self.snapshot(project, snapshot)["id"]
        exported: List[ExportedFormat] = []
        for fmt in formats:
            answer = self._http.json("POST", api_path("projects", project, "exports", snapshot_id, "files"), json_body={"format": fmt})
            manifest = cast(Manifest, self._wait(project, cast(Job, answer.field("job")))["manifest"])
            # Read after the write: the first write of a format is what records its hash.
            recorded = self.snapshot(project, snapshot_id).get("hashes", {}).get(fmt)
            exported.append(download_format(self._http, project, snapshot_id, fmt, manifest, recorded, os.fspath(folder)))
        return exported

    # -- agreement --------------------------------------------------------------------------

    def agreement(self, project: str, *, refresh: bool = False) -> Agreement:
        """The project's agreement snapshots (newest figures included), not-sure rates and review
        backlog. ``refresh=True`` first computes a new agreement snapshot and waits for it."""
        if refresh:
            answer = self._http.json("POST", api_path("projects", project, "agreement"))
            self._wait(project, cast(Job, answer.field("job")))
        return cast(Agreement, self._http.json("GET", api_path("projects", project, "agreement")).body)

    # -- jobs -------------------------------------------------------------------------------

    def job(self, project: str, job_id: int) -> Job:
        return cast(Job, self._http.json("GET", api_path("projects", project, "jobs", job_id)).field("job"))

    def _wait(self, project: str, job: Job) -> Any:
        """The result of a job once it succeeded; its error as a GoldsetError otherwise."""
        deadline = time.monotonic() + self.job_timeout
        while job["state"] not in _FINISHED:
            if time.monotonic() > deadline:
                raise GoldsetError("timeout", f"Job {job['id']} ({job['kind']}) did not finish within {self.job_timeout:.0f} s; it goes on on the server.")
            time.sleep(self.poll_interval)
            job = self.job(project, job["id"])
        if job["state"] != "succeeded":
            raise GoldsetError(f"job_{job['state']}", job.get("error") or f"Job {job['id']} ({job['kind']}) was {job['state']}.")
        return job["result"]


def _check_choice(argument: str, value: Optional[str], choices: Sequence[str]) -> None:
    if value is not None and value not in choices:
        raise GoldsetError("bad_request", f"{argument} must be one of {', '.join(choices)}, not {value!r}.", argument)


__all__ = ["Client"]
