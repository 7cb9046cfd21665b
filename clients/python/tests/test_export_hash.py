"""The export hash matches the app's (lib/export/content-hash.ts exportSha256). The expected
digests were printed by the app's own function for the same entries."""

import hashlib
import unittest

import package_path  # noqa: F401

from goldset_client.export_hash import FileDigest, export_sha256

HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"  # sha256("hello\n")
A_B = "5be08c9684a1d25efcee09318204824278b08bbfb4aef973ffefd0b9d7478313"  # sha256("a,b\n")


class ExportHashTest(unittest.TestCase):
    def test_file_digests_are_sha256_of_the_bytes(self) -> None:
        digest = FileDigest()
        digest.update(b"hel")
        digest.update(b"lo\n")
        self.assertEqual((digest.bytes, digest.hexdigest()), (6, HELLO))
        self.assertEqual(hashlib.sha256(b"a,b\n").hexdigest(), A_B)

    def test_the_export_hash_is_the_apps_in_utf16_path_order(self) -> None:
        # U+FF21 sorts before U+1F600 by code point but after it by UTF-16 code unit (0xD83D),
        # which is the order the app (JavaScript) hashes in.
        entries = [
            {"path": "\uFF21.txt", "bytes": 4, "sha256": A_B},
            {"path": "data.jsonl", "bytes": 6, "sha256": HELLO},
            {"path": "\U0001F600.txt", "bytes": 6, "sha256": HELLO},
            {"path": "README.md", "bytes": 4, "sha256": A_B},
        ]
        self.assertEqual(export_sha256(entries), "83147838bb1c7375d66e655bf60ba820916398e359ab82049d8fc60be7d803f2")  # type: ignore[arg-type]

    def test_the_export_hash_changes_with_a_file_length(self) -> None:
        one = [{"path": "data.jsonl", "bytes": 6, "sha256": HELLO}]
        other = [{"path": "data.jsonl", "bytes": 7, "sha256": HELLO}]
        self.assertNotEqual(export_sha256(one), export_sha256(other))  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
