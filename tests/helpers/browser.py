"""Headless Chromium for the book and app layers: how it is launched, opening a page of a local server while
recording requests that try to leave it and console problems, and colours as the browser reports them."""

from __future__ import annotations

import os
import re
import shutil

import pytest

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


def css_rgb(hex_colour: str) -> str:
    """``#D55E00`` as the browser's computed style writes it: ``rgb(213, 94, 0)``."""
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"
