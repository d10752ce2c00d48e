"""Load run on loopback: the predictor as built (ONNX session made once) vs the original design.

Introduced in *Deployment: a predictor people can use*. Starts the app (hitlib.app) with uvicorn on 127.0.0.1 in a
subprocess, twice: as built (``model.onnx`` in one onnxruntime session made at start-up) and in the
original project's design (``load_per_request=True``: the model is read from disk for every
prediction). The load generator is `wrk <https://github.com/wg/wrk>`_, a C program that keeps a fixed
number of connections busy (closed loop: each client sends its next request when the last answer
arrives) and records every latency; it runs with 1 and 4 concurrent clients against ``GET /health``
(the floor: what any request to this server costs) and ``POST /api/predict`` (real catalogue tracks,
cycled). One table comes out of one run, with the two goals as ratios from that same run:

- predict p99 at 4 clients at most 2x the /health p99 at 4 clients (scoring adds little to a request);
- predict throughput at least 100x the original design's.

It exits 1 if any request failed (a non-200 answer or a socket error). Not part of pytest:
``make load`` runs it against models/hit_predictor (``make model``).

Install wrk first: ``apt-get install wrk`` (Debian/Ubuntu), ``brew install wrk`` (macOS).

    python tools/load_run.py [--model-dir DIR] [--seconds 10] [--original-seconds 10] [--clients 1 4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx2

HOST = "127.0.0.1"  # loopback only: this tool never sends a request anywhere else
SERVER = (
    "import sys, uvicorn\n"
    "from hitlib.app import create_app\n"
    "app = create_app(sys.argv[1], load_per_request=sys.argv[3] == 'per-request')\n"
    "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False)\n"
)
SCRIPT = Path(__file__).with_suffix(".lua")  # the wrk script: GET, or POST cycling through a file of bodies


NAMES = {
    "health": "GET /health (the floor)",
    "predict": "POST /api/predict (ONNX, loaded once)",
    "original": "POST /api/predict (original: read per request)",
}


@dataclass
class Row:
    """One wrk run: what was asked (a key of NAMES), how many answers, how fast."""

    kind: str
    clients: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    """A loopback port that is free right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def sample_bodies(count: int = 256, seed: int = 0) -> list[str]:
    """Request bodies (JSON) from real catalogue tracks: the 15 features and the decade."""
    from hitlib.data import load_tracks
    from hitlib.features import FEATURES

    tracks = load_tracks().sample(count, random_state=seed)
    return [
        json.dumps(
            {f.name: (int(row[f.name]) if f.integer else float(row[f.name])) for f in FEATURES}
            | {"decade": int(row["decade"])}
        )
        for _, row in tracks.iterrows()
    ]


def write_bodies(folder: Path, bodies: list[str]) -> Path:
    """The request bodies, one JSON object per line, for the wrk script."""
    path = folder / "bodies.jsonl"
    path.write_text("\n".join(bodies) + "\n")
    return path


def start_server(model_dir: Path, port: int, per_request: bool, log: IO[str]) -> subprocess.Popen:
    """The app in its own process (one uvicorn worker) on 127.0.0.1:port; its errors go to ``log``."""
    mode = "per-request" if per_request else "once"
    return subprocess.Popen(
        [sys.executable, "-c", SERVER, str(model_dir), str(port), mode], stdout=subprocess.DEVNULL, stderr=log
    )


def wait_until_healthy(server: subprocess.Popen, log: IO[str], base: str, timeout: float = 120.0) -> None:
    """Poll /health until it answers 200; stop with the server's own error if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit(f"the app did not start:\n{log.read()[-3000:]}")
        try:
            if httpx2.get(f"{base}/health", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    sys.exit(f"the app did not answer /health within {timeout:.0f} s")


def wrk(binary: str, base: str, bodies: Path | None, clients: int, seconds: float, kind: str) -> Row:
    """One closed-loop run of wrk with ``clients`` connections (one wrk thread) for ``seconds``: GET
    /health, or POST /api/predict with ``bodies`` (a file, one JSON body per line)."""
    command = [binary, "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s", "-s", str(SCRIPT)]
    command += [f"{base}/health"] if bodies is None else [base, "--", str(bodies)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk gave no result:\n{output}")
    requests, duration_us, p50_us, p99_us, status, socket_errors = map(int, line.split()[1:])
    return Row(kind, clients, requests, duration_us / 1e6, p50_us / 1e3, p99_us / 1e3, status + socket_errors)


class Server:
    """The app started for a block of runs and stopped afterwards."""

    def __init__(self, model_dir: Path, per_request: bool) -> None:
        self.model_dir, self.per_request = model_dir, per_request

    def __enter__(self) -> str:
        port = free_port()
        self.base = f"http://{HOST}:{port}"
        self.log = tempfile.TemporaryFile("w+")  # a file, not a pipe: a chatty server can never block on it
        self.process = start_server(self.model_dir, port, self.per_request, self.log)
        wait_until_healthy(self.process, self.log, self.base)
        return self.base

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def run(model_dir: Path, binary: str, seconds: float, original_seconds: float, clients: list[int]) -> list[Row]:
    """Every row of the table, from one run."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        bodies = write_bodies(Path(folder), sample_bodies())
        with Server(model_dir, per_request=False) as base:
            wrk(binary, base, bodies, max(clients), 2, "warm-up")  # not counted
            rows += [wrk(binary, base, None, n, seconds, "health") for n in clients]
            rows += [wrk(binary, base, bodies, n, seconds, "predict") for n in clients]
        with Server(model_dir, per_request=True) as base:
            rows += [wrk(binary, base, bodies, n, original_seconds, "original") for n in clients]
    return rows


def report(rows: list[Row], clients: list[int]) -> None:
    """The table, and the two goals as ratios of its rows."""
    print(f"Load run on {HOST}: wrk, closed loop, one uvicorn worker per server, {os.cpu_count()} cores")
    print(f"{'endpoint':<48}{'clients':>8}{'requests':>10}{'failed':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for r in rows:
        print(
            f"{NAMES[r.kind]:<48}{r.clients:>8}{r.requests:>10}{r.failed:>8}{r.throughput:>9.1f}"
            f"{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}"
        )
    most = max(clients)
    at = {(r.kind, r.clients): r for r in rows}
    health, predict, original = at["health", most], at["predict", most], at["original", most]
    latency = predict.p99_ms / health.p99_ms
    speed = predict.throughput / original.throughput
    print(
        f"predict p99 / health p99 at {most} clients: {latency:.2f} (goal <= 2: {'met' if latency <= 2 else 'missed'})"
    )
    print(
        f"predict throughput / original design's at {most} clients: {speed:.0f}x "
        f"(goal >= 100x: {'met' if speed >= 100 else 'missed'})"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the table; 0 when every request got 200."""
    from hitlib.app.service import resolve_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", help="default: $HITLIB_MODEL_DIR, else models/hit_predictor")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per row for the app as built")
    parser.add_argument("--original-seconds", type=float, default=10, help="seconds per row, original design")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4], help="concurrent clients, one row each")
    parser.add_argument("--wrk", default=shutil.which("wrk"), help="the wrk binary (default: wrk on the PATH)")
    args = parser.parse_args(argv)
    if not args.wrk:
        sys.exit("wrk not found: install it (apt-get install wrk, or brew install wrk) or pass --wrk PATH")

    rows = run(resolve_model_dir(args.model_dir), args.wrk, args.seconds, args.original_seconds, args.clients)
    report(rows, args.clients)
    failed = [r for r in rows if r.failed]
    for r in failed:
        print(f"FAILED {NAMES[r.kind]} with {r.clients} clients: {r.failed} requests", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
