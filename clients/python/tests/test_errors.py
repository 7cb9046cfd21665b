"""The one error shape read into GoldsetError, and what becomes of answers not in that shape."""

import json
import unittest

import package_path  # noqa: F401

from goldset_client.errors import error_from_response


class ErrorShapeTest(unittest.TestCase):
    def test_a_validation_refusal_names_its_first_problem_field(self) -> None:
        body = {
            "error": "bad_request",
            "message": "Invalid request: name: name is empty",
            "problems": [{"field": "name", "message": "name: name is empty"}, {"field": "split", "message": "split: must add up to 1"}],
        }
        error = error_from_response(400, json.dumps(body).encode(), "application/json")
        self.assertEqual((error.code, error.status, error.field), ("bad_request", 400, "name"))
        self.assertEqual(error.message, "Invalid request: name: name is empty")
        self.assertEqual([p["field"] for p in error.problems], ["name", "split"])
        self.assertEqual(str(error).splitlines()[0], "HTTP 400 bad_request (name): Invalid request: name: name is empty")
        self.assertEqual(len(str(error).splitlines()), 3)

    def test_the_answer_field_wins_over_the_problems(self) -> None:
        body = {"error": "conflict", "message": "taken", "field": "slug", "problems": [{"field": "name", "message": "x"}]}
        error = error_from_response(409, json.dumps(body).encode(), "application/json; charset=utf-8")
        self.assertEqual((error.code, error.field, error.status), ("conflict", "slug", 409))

    def test_an_error_without_field_or_problems_has_no_field(self) -> None:
        error = error_from_response(404, b'{"error":"not_found","message":"No snapshot 9 in this project."}', "application/json")
        self.assertEqual((error.code, error.message, error.field, error.problems), ("not_found", "No snapshot 9 in this project.", None, []))

    def test_a_proxy_page_becomes_an_http_status_code_with_its_text(self) -> None:
        error = error_from_response(502, b"<html><body>\n  Bad   gateway\n</body></html>", "text/html")
        self.assertEqual((error.code, error.status, error.field), ("http_502", 502, None))
        self.assertEqual(error.message, "<html><body> Bad gateway </body></html>")

    def test_json_that_is_not_the_error_shape_is_treated_as_foreign(self) -> None:
        error = error_from_response(500, b'{"detail":"oops"}', "application/json")
        self.assertEqual(error.code, "http_500")

    def test_an_empty_answer_still_says_its_status(self) -> None:
        self.assertEqual(error_from_response(503, b"", "").message, "The server answered HTTP 503 with no body.")


if __name__ == "__main__":
    unittest.main()
