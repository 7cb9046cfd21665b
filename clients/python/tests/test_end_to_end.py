"""The client against a running Goldset: push items and predictions, pull a verified snapshot,
read agreement. Runs only when GOLDSET_URL, GOLDSET_TOKEN (a lead's token) and GOLDSET_PROJECT
name a server and a project; GOLDSET_LABEL (one of the project's labels) enables the predictions.
Every name it creates carries a fresh run id, so it can run again against the same project.

e2e/python-client.spec.ts runs it against the app Playwright starts, on SQLite and PostgreSQL."""

import hashlib
import json
import os
import tempfile
import time
import unittest
from typing import Dict, List

import package_path  # noqa: F401

from goldset_client import Client, GoldsetError
from goldset_client.export_hash import export_sha256

URL = os.environ.get("GOLDSET_URL", "")
TOKEN = os.environ.get("GOLDSET_TOKEN", "")
PROJECT = os.environ.get("GOLDSET_PROJECT", "")
LABEL = os.environ.get("GOLDSET_LABEL", "")
RUN = os.environ.get("GOLDSET_RUN_ID") or time.strftime("%Y%m%d%H%M%S")


@unittest.skipUnless(URL and TOKEN and PROJECT, "set GOLDSET_URL, GOLDSET_TOKEN and GOLDSET_PROJECT to run the client against a real Goldset")
class EndToEndTest(unittest.TestCase):
    client: Client
    imported: Dict[str, int]

    @classmethod
    def setUpClass(cls) -> None:
        cls.client = Client(URL, TOKEN, job_timeout=300)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, f"items-{RUN}.jsonl")
            with open(path, "w", encoding="utf-8") as handle:
                for i, text in enumerate(["The plot was gripping.", "Two hours I will never get back.", "Café au lait, très bien ☕"], start=1):
                    handle.write(json.dumps({"id": f"py-{RUN}-{i}", "text": f"{text} ({RUN})", "source": "python"}, ensure_ascii=False) + "\n")
            summary = cls.client.import_items(PROJECT, path)
        if summary.get("inserted") != 3:
            raise AssertionError(f"expected 3 new items, the import answered {summary}")
        cls.imported = {row["externalId"]: row["id"] for row in cls.client.list_items(PROJECT, batch=summary["batch"])}

    def test_imported_items_are_listed_with_their_history(self) -> None:
        self.assertEqual(sorted(self.imported), [f"py-{RUN}-1", f"py-{RUN}-2", f"py-{RUN}-3"])
        history = self.client.item(PROJECT, self.imported[f"py-{RUN}-3"])
        self.assertEqual(history["item"]["text"], f"Café au lait, très bien ☕ ({RUN})")
        self.assertEqual([e["kind"] for e in history["events"]][:1], ["import"])

    @unittest.skipUnless(LABEL, "set GOLDSET_LABEL to one of the project's labels to submit predictions")
    def test_predictions_become_suggestions_on_their_items(self) -> None:
        rows = [{"item": f"py-{RUN}-1", "label": LABEL, "score": 0.75, "model": "py-client-test", "model_version": RUN}]
        summary = self.client.submit_predictions(PROJECT, rows)
        self.assertEqual((summary["inserted"], summary["duplicates"]), (1, 0))
        events = self.client.item(PROJECT, self.imported[f"py-{RUN}-1"])["events"]
        self.assertIn("suggestion", [e["kind"] for e in events])

    def test_a_snapshot_exports_to_a_folder_that_matches_its_recorded_hashes(self) -> None:
        snapshot = self.client.create_snapshot(PROJECT, f"py-{RUN}", decided_by=["adjudicated", "unanimous", "single", "majority"], min_annotations=1)
        with tempfile.TemporaryDirectory() as folder:
            exported = self.client.export_snapshot(PROJECT, snapshot["name"], folder, formats=["jsonl", "hf"])
            self.assertEqual([e["format"] for e in exported], ["jsonl", "hf"])
            recorded = self.client.snapshot(PROJECT, snapshot["id"])["hashes"]
            for export in exported:
                # Read back from disk, independently of the client's own check while downloading.
                on_disk: List[Dict[str, object]] = []
                for entry in export["files"]:
                    with open(os.path.join(folder, export["format"], *entry["path"].split("/")), "rb") as handle:
                        content = handle.read()
                    on_disk.append({"path": entry["path"], "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()})
                self.assertEqual(export_sha256(on_disk), recorded[export["format"]])  # type: ignore[arg-type]
            with open(os.path.join(folder, "jsonl", "data.jsonl"), encoding="utf-8") as handle:
                lines = [line for line in handle if line.strip()]
            self.assertEqual(len(lines), snapshot["counts"]["items"])
            self.assertTrue(os.path.isfile(os.path.join(folder, "hf", "README.md")))

    def test_a_snapshot_name_is_used_once(self) -> None:
        self.client.create_snapshot(PROJECT, f"py-{RUN}-once")
        with self.assertRaises(GoldsetError) as caught:
            self.client.create_snapshot(PROJECT, f"py-{RUN}-once")
        self.assertEqual((caught.exception.code, caught.exception.status), ("conflict", 409))

    def test_agreement_reads_a_fresh_snapshot(self) -> None:
        # Snapshots come newest first; a refresh adds one (or finishes the one already queued).
        before = [s["id"] for s in self.client.agreement(PROJECT).get("snapshots", [])][:1]
        after = self.client.agreement(PROJECT, refresh=True)
        newest = after.get("snapshots", [])[0]
        self.assertNotIn(newest["id"], before)
        self.assertIn("notSure", after)
        self.assertIn("backlog", after)


if __name__ == "__main__":
    unittest.main()
