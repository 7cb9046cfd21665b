"""What each verb sends and how it reads the answers, against a scripted API on a loopback port."""

import hashlib
import json
import os
import tempfile
import unittest
from typing import Any, Dict, List

import package_path  # noqa: F401

from fake_api import FakeApi, job, json_answer
from goldset_client import Client, GoldsetError
from goldset_client.export_hash import export_sha256
from goldset_client.transport import Transport

P = "/api/v1/projects/my%20reviews"


class ClientRequestTest(unittest.TestCase):
    def setUp(self) -> None:
        self.api = FakeApi()
        self.client = Client(self.api.url + "/", "gst_secret", poll_interval=0.01, job_timeout=5)
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self) -> None:
        self.api.close()
        self.tmp.cleanup()

    def write(self, name: str, content: bytes) -> str:
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as handle:
            handle.write(content)
        return path

    def test_import_streams_the_file_as_octet_stream_with_the_bearer_token(self) -> None:
        content = b'{"id":"a","text":"great"}\n{"id":"b","text":"awful"}\n'
        self.api.answer("POST", f"{P}/import", json_answer(201, {"batch": 4, "inserted": 2, "duplicates": 0, "warnings": []}))
        summary = self.client.import_items("my reviews", self.write("items.jsonl", content), text_field="body")
        self.assertEqual(summary, {"batch": 4, "inserted": 2, "duplicates": 0, "warnings": []})
        sent = self.api.only("POST", f"{P}/import")
        self.assertEqual(sent.headers["authorization"], "Bearer gst_secret")
        self.assertEqual(sent.headers["content-type"], "application/octet-stream")
        self.assertEqual(sent.headers["content-length"], str(len(content)))
        self.assertEqual(sent.body, content)
        self.assertEqual(sent.query, {"fileName": ["items.jsonl"], "textField": ["body"]})

    def test_the_upload_body_is_the_open_file_not_its_bytes(self) -> None:
        transport = Transport(self.api.url, "gst_secret")
        with open(self.write("big.csv", b"id,text\n1,x\n"), "rb") as handle:
            request = transport.build_request("POST", "/api/v1/projects/p/import", upload=handle, upload_size=12)
            self.assertIs(request.data, handle)

    def test_a_large_import_waits_for_its_job(self) -> None:
        self.api.answer("POST", f"{P}/import", json_answer(202, {"job": job(7, "queued", kind="item-import")}))
        self.api.answer(
            "GET",
            f"{P}/jobs/7",
            json_answer(200, {"job": job(7, "running", kind="item-import")}),
            json_answer(200, {"job": job(7, "succeeded", {"outcome": "imported", "warnings": [], "batch": 2, "inserted": 5000, "duplicates": 1}, kind="item-import")}),
        )
        summary = self.client.import_items("my reviews", self.write("items.jsonl", b"{}\n"))
        self.assertEqual(summary, {"warnings": [], "batch": 2, "inserted": 5000, "duplicates": 1})

    def test_a_refused_file_raises_with_its_problems(self) -> None:
        refusal = {
            "error": "bad_request",
            "message": "items.csv has 1 problem",
            "problems": [{"field": "items.csv:3 text", "message": "line 3: text is empty"}],
        }
        self.api.answer("POST", f"{P}/import", json_answer(400, refusal))
        with self.assertRaises(GoldsetError) as caught:
            self.client.import_items("my reviews", self.write("items.csv", b"id,text\n1,\n"))
        self.assertEqual((caught.exception.code, caught.exception.status, caught.exception.field), ("bad_request", 400, "items.csv:3 text"))

    def test_an_upload_the_server_refuses_unread_says_so(self) -> None:
        self.api.unread.add(("POST", f"{P}/import"))
        self.api.answer("POST", f"{P}/import", json_answer(413, {"error": "payload_too_large", "message": "too large"}))
        # 22 MB, far more than loopback sockets buffer, so the client is still sending when the server closes.
        path = self.write("huge.jsonl", b'{"id":"x","text":"y"}\n' * 1_000_000)
        with self.assertRaises(GoldsetError) as caught:
            self.client.import_items("my reviews", path)
        self.assertEqual((caught.exception.code, caught.exception.status), ("upload_interrupted", None))
        self.assertIn("GOLDSET_MAX_UPLOAD_BYTES", caught.exception.message)

    def test_prediction_rows_are_sent_as_jsonl(self) -> None:
        self.api.answer("POST", f"{P}/predictions", json_answer(201, {"batch": 9, "inserted": 2, "duplicates": 0}))
        rows: List[Dict[str, Any]] = [{"item": "a", "label": "positive", "score": 0.9}, {"item": "b", "labels": ["négatif"], "model": "m"}]
        self.assertEqual(self.client.submit_predictions("my reviews", rows), {"batch": 9, "inserted": 2, "duplicates": 0})
        sent = self.api.only("POST", f"{P}/predictions")
        self.assertEqual([json.loads(line) for line in sent.body.decode("utf-8").splitlines()], rows)
        self.assertEqual(sent.query, {"fileName": ["predictions.jsonl"], "format": ["jsonl"]})
        self.assertEqual(sent.headers["content-type"], "application/octet-stream")

    def test_list_items_follows_the_cursor_the_server_gives(self) -> None:
        self.api.answer(
            "GET",
            f"{P}/items",
            json_answer(200, {"items": [{"id": 1}, {"id": 2}], "next": {"key": 2, "id": 2}, "nextQuery": "status=open&after=2_2"}),
            json_answer(200, {"items": [{"id": 3}], "next": None, "nextQuery": None}),
        )
        ids = [row["id"] for row in self.client.list_items("my reviews", status="open", excluded=False)]
        self.assertEqual(ids, [1, 2, 3])
        first, second = [r for r in self.api.requests if r.path == f"{P}/items"]
        self.assertEqual(first.query, {"status": ["open"], "excluded": ["no"]})
        self.assertEqual(second.query, {"status": ["open"], "after": ["2_2"]})

    def test_create_snapshot_sends_camel_case_rules_and_returns_the_snapshot(self) -> None:
        self.api.answer("POST", f"{P}/exports", json_answer(202, {"job": job(3, "queued")}))
        self.api.answer("GET", f"{P}/jobs/3", json_answer(200, {"job": job(3, "succeeded", {"snapshotId": 12, "name": "v1", "counts": {}})}))
        self.api.answer("GET", f"{P}/exports", json_answer(200, {"snapshots": [{"id": 11, "name": "v0"}, {"id": 12, "name": "v1", "hashes": {}}]}))
        snapshot = self.client.create_snapshot(
            "my reviews", "v1", decided_by=["adjudicated"], min_annotations=2, split={"train": 0.8, "validation": 0.1, "test": 0.1}
        )
        self.assertEqual(snapshot, {"id": 12, "name": "v1", "hashes": {}})
        self.assertEqual(
            json.loads(self.api.only("POST", f"{P}/exports").body),
            {"name": "v1", "decidedBy": ["adjudicated"], "minAnnotations": 2, "split": {"train": 0.8, "validation": 0.1, "test": 0.1}},
        )

    def test_a_failed_job_raises_its_error(self) -> None:
        self.api.answer("POST", f"{P}/agreement", json_answer(202, {"job": job(5, "queued", kind="agreement-snapshot")}))
        self.api.answer("GET", f"{P}/jobs/5", json_answer(200, {"job": job(5, "failed", error="disk full", kind="agreement-snapshot")}))
        with self.assertRaises(GoldsetError) as caught:
            self.client.agreement("my reviews", refresh=True)
        self.assertEqual((caught.exception.code, caught.exception.message), ("job_failed", "disk full"))

    def serve_export(self, files: Dict[str, bytes], tamper: bytes = b"") -> None:
        entries = [{"path": p, "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()} for p, b in files.items()]
        manifest = {"files": entries, "sha256": export_sha256(entries)}  # type: ignore[arg-type]
        self.api.answer("GET", f"{P}/exports", *[json_answer(200, {"snapshots": [{"id": 4, "name": "v1", "hashes": {"hf": manifest["sha256"]}}]})] * 2)
        self.api.answer("POST", f"{P}/exports/4/files", json_answer(202, {"job": job(8, "queued", kind="export-files")}))
        self.api.answer("GET", f"{P}/jobs/8", json_answer(200, {"job": job(8, "succeeded", {"manifest": manifest}, kind="export-files")}))
        for path, content in files.items():
            self.api.answer("GET", f"{P}/exports/4/files/hf/{path}", (200, {"Content-Type": "application/octet-stream"}, content + tamper))

    def test_export_downloads_each_file_into_the_format_folder_and_checks_it(self) -> None:
        self.serve_export({"README.md": b"---\n---\n", "data/all.jsonl": b'{"id":"a"}\n'})
        exported = self.client.export_snapshot("my reviews", "v1", self.tmp.name, formats=["hf"])
        self.assertEqual(json.loads(self.api.only("POST", f"{P}/exports/4/files").body), {"format": "hf"})
        folder = os.path.join(self.tmp.name, "hf")
        self.assertEqual(exported[0]["folder"], folder)
        with open(os.path.join(folder, "data", "all.jsonl"), "rb") as handle:
            self.assertEqual(handle.read(), b'{"id":"a"}\n')
        self.assertEqual(sorted(os.listdir(folder)), ["README.md", "data"])

    def test_a_file_that_does_not_match_its_hash_is_refused_and_not_kept(self) -> None:
        self.serve_export({"data.jsonl": b'{"id":"a"}\n'}, tamper=b"!")
        with self.assertRaises(GoldsetError) as caught:
            self.client.export_snapshot("my reviews", 4, self.tmp.name, formats=["hf"])
        self.assertEqual(caught.exception.code, "hash_mismatch")
        self.assertEqual(os.listdir(os.path.join(self.tmp.name, "hf")), [])

    def test_an_unknown_snapshot_is_not_found_before_anything_is_written(self) -> None:
        self.api.answer("GET", f"{P}/exports", json_answer(200, {"snapshots": [{"id": 4, "name": "v1"}]}))
        with self.assertRaises(GoldsetError) as caught:
            self.client.export_snapshot("my reviews", "v2", self.tmp.name)
        self.assertEqual((caught.exception.code, caught.exception.field), ("not_found", "snapshot"))
        self.assertEqual([r.method for r in self.api.requests], ["GET"])

    def test_a_redirect_is_an_error_and_the_token_goes_nowhere_else(self) -> None:
        elsewhere = FakeApi()
        try:
            self.api.answer("GET", f"{P}/agreement", (302, {"Location": f"{elsewhere.url}/steal"}, b""))
            with self.assertRaises(GoldsetError) as caught:
                self.client.agreement("my reviews")
            self.assertEqual(caught.exception.status, 302)
            self.assertEqual(elsewhere.requests, [])
        finally:
            elsewhere.close()

    def test_an_unreachable_server_is_a_goldset_error(self) -> None:
        port = self.api.url.rsplit(":", 1)[1]
        self.api.close()
        self.api = FakeApi()  # tearDown closes this one
        with self.assertRaises(GoldsetError) as caught:
            Client(f"http://127.0.0.1:{port}", "gst_x").agreement("p")
        self.assertEqual((caught.exception.code, caught.exception.status), ("unreachable", None))

    def test_bad_arguments_are_refused_before_any_request(self) -> None:
        with self.assertRaises(GoldsetError) as caught:
            self.client.export_snapshot("my reviews", "v1", self.tmp.name, formats=["parquet"])
        self.assertEqual(caught.exception.field, "formats")
        with self.assertRaises(ValueError):
            Client("localhost:3000", "gst_x")
        self.assertEqual(self.api.requests, [])


if __name__ == "__main__":
    unittest.main()
