"""A scripted stand-in for the app on a loopback port, for the unit tests: each (method, path)
answers from a queue of prepared responses, and every request is recorded as it arrived."""

from __future__ import annotations

import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Set, Tuple

Answer = Tuple[int, Dict[str, str], bytes]


class Recorded:
    def __init__(self, method: str, path: str, query: Dict[str, List[str]], headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body


def json_answer(status: int, body: Any) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode("utf-8")


class FakeApi:
    def __init__(self) -> None:
        self.answers: Dict[Tuple[str, str], List[Answer]] = {}
        self.requests: List[Recorded] = []
        # Routes that answer without reading the body and then close, as a server refusing an upload does.
        self.unread: Set[Tuple[str, str]] = set()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                split = urllib.parse.urlsplit(self.path)
                unread = (self.command, split.path) in api.unread
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length and not unread else b""
                api.requests.append(
                    Recorded(self.command, split.path, urllib.parse.parse_qs(split.query), {k.lower(): v for k, v in self.headers.items()}, body)
                )
                queue = api.answers.get((self.command, split.path))
                status, headers, payload = queue.pop(0) if queue else json_answer(404, {"error": "not_found", "message": f"nothing scripted for {self.command} {split.path}"})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                if unread:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)

            do_GET = do_POST = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def answer(self, method: str, path: str, *answers: Answer) -> None:
        self.answers.setdefault((method, path), []).extend(answers)

    def only(self, method: str, path: str) -> Recorded:
        found = [r for r in self.requests if r.method == method and r.path == path]
        assert len(found) == 1, f"expected one {method} {path}, got {len(found)}"
        return found[0]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def job(job_id: int, state: str, result: Any = None, error: Optional[str] = None, kind: str = "export-snapshot") -> Dict[str, Any]:
    return {
        "id": job_id,
        "kind": kind,
        "state": state,
        "attempts": 1,
        "maxAttempts": 2,
        "progress": None,
        "result": result,
        "error": error,
        "createdAt": "2026-01-01T00:00:00.000Z",
        "runAfter": "2026-01-01T00:00:00.000Z",
        "startedAt": None,
        "finishedAt": None,
    }
