"""Imported first by every test module: puts the goldset_client beside these tests first on the
path, so `python3 -m unittest discover -s clients/python/tests` tests this checkout's client
whether or not some version is installed."""

import os
import sys

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)
