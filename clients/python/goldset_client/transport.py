"""HTTP for the client: builds /api/v1 requests with the bearer token, sends JSON or streams a
file from disk, and turns every failure into a GoldsetError. urllib only."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any, Iterator, Mapping, Optional, Sequence, Union

from .errors import GoldsetError, error_from_response

QueryValue = Union[str, int, float, bool, None]

API_PREFIX = "/api/v1"
# Big enough to keep the number of reads low, small enough to hold nothing of note in memory.
CHUNK_BYTES = 1024 * 1024


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would replay the Authorization header to wherever a redirect points; the API never
    # redirects, so one is an error rather than a reason to hand the token to another address.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def api_path(*segments: Union[str, int]) -> str:
    """``/api/v1/projects/<slug>/...`` with every segment percent-encoded on its own, so a slug
    or a file path can never step into another route."""
    return API_PREFIX + "".join("/" + urllib.parse.quote(str(s), safe="") for s in segments)


def query_string(query: Optional[Mapping[str, QueryValue]]) -> str:
    if not query:
        return ""
    pairs = []
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        pairs.append((key, str(value)))
    return urllib.parse.urlencode(pairs)


class Transport:
    def __init__(self, base_url: str, token: str, timeout: float = 60.0) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"base_url must be an http(s) address such as http://localhost:3000, not {base_url!r}")
        if not token:
            raise ValueError("token is empty: create one with `goldset token create` or on your account page")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_RefuseRedirects())

    def url(self, path: str, query: Optional[Mapping[str, QueryValue]] = None) -> str:
        qs = query_string(query)
        return f"{self.base_url}{path}" + (f"?{qs}" if qs else "")

    def build_request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, QueryValue]] = None,
        json_body: Any = None,
        upload: Optional[IO[bytes]] = None,
        upload_size: Optional[int] = None,
    ) -> urllib.request.Request:
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        data: Any = None
        if upload is not None:
            # The upload routes read the raw body as the file (never multipart, which a foreign
            # site's form could post). http.client sends a file object in blocks, so a file of
            # any size passes through without being read whole; its length lets the server
            # refuse an oversized file before reading it.
            headers["Content-Type"] = "application/octet-stream"
            if upload_size is not None:
                headers["Content-Length"] = str(upload_size)
            data = upload
        elif json_body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(json_body).encode("utf-8")
        return urllib.request.Request(self.url(path, query), data=data, headers=headers, method=method)

    def open(self, request: urllib.request.Request) -> Any:
        """The open response of a 2xx answer; raises GoldsetError for anything else."""
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            with error:
                body = error.read()
                raise error_from_response(error.code, body, error.headers.get("Content-Type", "")) from None
        except urllib.error.URLError as error:
            raise self._connection_error(request, error.reason) from None
        except (TimeoutError, OSError) as error:
            raise self._connection_error(request, error) from None

    def _connection_error(self, request: urllib.request.Request, reason: object) -> GoldsetError:
        if isinstance(reason, (BrokenPipeError, ConnectionResetError)) and request.data is not None and not isinstance(request.data, bytes):
            # A server that refuses an upload (too large, or not allowed) answers before reading
            # it and closes the connection, so the refusal itself is lost while the file is sent.
            return GoldsetError(
                "upload_interrupted",
                f"{self.base_url} closed the connection while the file was being sent: it may be larger than the "
                "server accepts (GOLDSET_MAX_UPLOAD_BYTES), or the token may not allow this import.",
            )
        return GoldsetError("unreachable", f"Could not reach {self.base_url}: {reason}")

    def json(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, QueryValue]] = None,
        json_body: Any = None,
        upload: Optional[IO[bytes]] = None,
        upload_size: Optional[int] = None,
    ) -> "JsonAnswer":
        request = self.build_request(method, path, query=query, json_body=json_body, upload=upload, upload_size=upload_size)
        with self.open(request) as response:
            status = int(response.status)
            raw = response.read()
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            raise GoldsetError("bad_response", f"{method} {path} answered HTTP {status} with a body that is not JSON.", None, status) from None
        return JsonAnswer(status, body)

    def upload_file(self, path: str, file_path: "os.PathLike[str] | str", query: Mapping[str, QueryValue]) -> "JsonAnswer":
        with open(file_path, "rb") as handle:
            return self.json("POST", path, query=query, upload=handle, upload_size=os.fstat(handle.fileno()).st_size)

    def download_chunks(self, path: str) -> Iterator[bytes]:
        """The answer's body in chunks; the connection closes when the iteration ends."""
        with self.open(self.build_request("GET", path)) as response:
            while True:
                chunk = response.read(CHUNK_BYTES)
                if not chunk:
                    return
                yield chunk


class JsonAnswer:
    __slots__ = ("status", "body")

    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body

    def field(self, name: str) -> Any:
        if not isinstance(self.body, Mapping) or name not in self.body:
            raise GoldsetError("bad_response", f"The answer has no {name!r}: {str(self.body)[:200]}", None, self.status)
        return self.body[name]


def segments_of(relative_path: str) -> Sequence[str]:
    """A manifest path's parts, refusing anything that could climb out of the export folder."""
    parts = relative_path.split("/")
    if relative_path.startswith("/") or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise GoldsetError("bad_response", f"The export lists an unsafe file path {relative_path!r}.")
    return parts
