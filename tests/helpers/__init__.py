"""Constants and functions shared by the test layers, one module per concern, each imported by the tests
that need it (the fixtures are in the conftest.py files):

- ``rows``: rows a real decade file could hold, and a CSV writer for them (the unit layer's tiny files);
- ``model``: the book model's inputs, a known track, and the small real model the unit and app layers train;
- ``site``: the built book in ``_build/html`` and its pages, listed when a test asks;
- ``browser``: headless Chromium, opening a page and watching its requests and console;
- ``server``: an ASGI app served on loopback.

Importing this package imports nothing but the repository's root; no module computes anything at import.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
