"""The one error the client raises, read from the app's one error shape.

Every failing /api/v1 answer is JSON ``{"error": code, "message": ..., "field"?: ...,
"problems"?: [{"field", "message"}]}``; anything else (a proxy's HTML page, a dropped
connection) is turned into the same class so callers catch one thing.
"""

from __future__ import annotations

import json
from typing import Any, List, Mapping, Optional, TypedDict


class Problem(TypedDict):
    field: str
    message: str


class GoldsetError(Exception):
    """A refusal or failure: ``code`` is the app's machine-readable code (``not_found``,
    ``bad_request``, ``forbidden``...), ``status`` the HTTP status (None when no answer came)."""

    def __init__(
        self,
        code: str,
        message: str,
        field: Optional[str] = None,
        status: Optional[int] = None,
        problems: Optional[List[Problem]] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status
        self.problems: List[Problem] = list(problems or [])

    def __str__(self) -> str:
        where = f" ({self.field})" if self.field else ""
        status = f"HTTP {self.status} " if self.status is not None else ""
        lines = [f"{status}{self.code}{where}: {self.message}"]
        # The message already sums up one problem; a file's many problems each name their line.
        if len(self.problems) > 1:
            lines.extend(f"  {p['field']}: {p['message']}" for p in self.problems)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"GoldsetError(code={self.code!r}, message={self.message!r}, field={self.field!r}, status={self.status!r})"


def _problems_of(raw: Any) -> List[Problem]:
    if not isinstance(raw, list):
        return []
    problems: List[Problem] = []
    for entry in raw:
        if isinstance(entry, Mapping) and isinstance(entry.get("message"), str):
            field = entry.get("field")
            problems.append({"field": field if isinstance(field, str) else "", "message": entry["message"]})
    return problems


def error_from_response(status: int, body: bytes, content_type: str = "") -> GoldsetError:
    """The GoldsetError an error answer stands for. ``field`` is the answer's own ``field``, else
    the field of its first problem, so a validation refusal says which argument to change."""
    text = body.decode("utf-8", errors="replace")
    parsed: Any = None
    if "json" in content_type.lower() or text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
    if isinstance(parsed, Mapping) and isinstance(parsed.get("error"), str):
        problems = _problems_of(parsed.get("problems"))
        field = parsed.get("field")
        if not isinstance(field, str):
            field = problems[0]["field"] if problems else None
        message = parsed.get("message")
        return GoldsetError(
            parsed["error"],
            message if isinstance(message, str) else parsed["error"],
            field,
            status,
            problems,
        )
    # Not the app's shape: a proxy or server page in front of the app answered.
    snippet = " ".join(text.split())[:200]
    return GoldsetError(f"http_{status}", snippet or f"The server answered HTTP {status} with no body.", None, status)
