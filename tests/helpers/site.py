"""The built book: `make book` writes it into _build/html; its pages are listed when a test asks."""

from __future__ import annotations

import functools

from tests.helpers import ROOT

SITE = ROOT / "_build" / "html"


@functools.cache
def site_pages() -> list[str]:
    """Every page of the built site, relative to it (none before a build, which tests/book/test_book.py reports)."""
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if p.relative_to(SITE).parts[0] not in ("_static", "_sources", "reports")
    )
