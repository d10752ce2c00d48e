"""Constants and functions shared by the test layers (the fixtures are in the conftest.py files)."""

from __future__ import annotations

import csv
import os
import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hitlib import data
from hitlib.features import FEATURE_NAMES

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
# Every page of the built site (none before a build, which tests/book/test_book.py reports).
PAGES = sorted(
    p.relative_to(SITE).as_posix()
    for p in SITE.rglob("*.html")
    if p.relative_to(SITE).parts[0] not in ("_static", "_sources", "reports")
)

# The inputs of the book's model: the features except the two that give the label away, and the decade.
LEAKY = ("chorus_hit", "sections")
MODEL_INPUTS = [name for name in FEATURE_NAMES if name not in LEAKY] + ["decade"]
DESCRIPTION = "Test model <small> & quick"
KNOWN_TITLE = "Canción Mixteca (Qué Lejos Estoy)"


def hit_probability(pipeline, rows: pd.DataFrame) -> np.ndarray:
    return pipeline.predict_proba(rows[MODEL_INPUTS])[:, list(pipeline.classes_).index(1)]


# Three rows a real file could hold: a hit, a flop, and a flop with the construction artefact.
ROWS = [
    [
        "Song A",
        "Artist One Featuring Guest",
        "spotify:track:aaa",
        "0.6",
        "0.7",
        "5",
        "-6.5",
        "1",
        "0.05",
        "0.1",
        "0",
        "0.12",
        "0.8",
        "120.0",
        "210000",
        "4",
        "30.5",
        "9",
        "1",
    ],
    [
        "Song B",
        "Artist Two",
        "spotify:track:bbb",
        "0.4",
        "0.3",
        "-1",
        "-15.25",
        "0",
        "0.04",
        "0.9",
        "0.85",
        "0.2",
        "0.3",
        "95.5",
        "180000",
        "3",
        "45.0",
        "11",
        "0",
    ],
    [
        "Song, with comma",
        "Artist Two",
        "spotify:track:ccc",
        "0.5",
        "0.2",
        "11",
        "-20",
        "0",
        "0.03",
        "0.95",
        "0.9",
        "0.1",
        "0.2",
        "0",
        "45000",
        "0",
        "0",
        "2",
        "0",
    ],
]


def write_csv(path: Path, rows=ROWS, header=None, trailing_newline=True) -> Path:
    """Write rows (lists of strings) under a header as CSV; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header or data.COLUMNS)
        writer.writerows(rows)
    if not trailing_newline:
        path.write_bytes(path.read_bytes().rstrip(b"\n"))
    return path


# Console messages that are not errors of this book. Each entry: (pattern, why it is harmless).
CONSOLE_ALLOWLIST: list[tuple[str, str]] = []

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    path = os.environ.get("HITLIB_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium not found: install Debian's `chromium` or set HITLIB_CHROMIUM")
    return path


def visit(browser, site_url, page_path="", mode=None):
    """Open one page of the server at ``site_url``; return the context, the page, and two lists that keep
    filling while the test goes on: requests that tried to leave that server, and console problems.
    ``mode`` ("light" or "dark") is the book theme's colour mode, stored as a reader's choice would be."""
    context = browser.new_context()
    if mode:
        context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    left, problems = [], []

    def route(route):
        if route.request.url.startswith(site_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    def problem(text):
        if not any(re.search(pattern, text) for pattern, _ in CONSOLE_ALLOWLIST):
            problems.append(text)

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: problem(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problem(f"uncaught: {e}"))
    page.on("response", lambda r: problem(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(site_url + page_path, wait_until="networkidle")
    page.wait_for_load_state("load")  # "networkidle" can come while a long page is still being parsed
    return context, page, left, problems


@contextmanager
def served(app):
    """An ASGI app on a free loopback port, served by uvicorn in a background thread; yields its URL."""
    import uvicorn

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start on 127.0.0.1")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


def css_rgb(hex_colour: str) -> str:
    """``#D55E00`` as the browser's computed style writes it: ``rgb(213, 94, 0)``."""
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"
