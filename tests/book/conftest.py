"""Book-layer fixtures: the built site served on 127.0.0.1 only."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.helpers import SITE


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail("no built book in _build/html: run `make book` first (`make test` does)")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = SiteServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


class SiteServer(ThreadingHTTPServer):
    # A page asks for dozens of files at once, each on its own connection (HTTP/1.0). The default listen
    # backlog of 5 can overflow on a busy machine, and a refused connection is retried only after seconds.
    request_queue_size = 64


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
