"""Book-layer fixtures: the built site served on 127.0.0.1 only."""

from __future__ import annotations

import functools
import gzip
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers.site import SITE


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


COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt"}  # what GitHub Pages serves gzip-compressed


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does, text files gzip-compressed to a browser that accepts it, so
    the page-weight budgets measure what a reader downloads."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
