"""Load run on loopback: the predictor with its model loaded once vs loaded on every request.

Introduced in chapter 7, Deployment. Starts the app (hitlib.app) with uvicorn on 127.0.0.1 in a
subprocess, twice: as built (model loaded once at start-up) and in the original project's design
(``load_per_request=True``: the model is read from disk for every prediction). For each, a few client
threads send a bounded number of ``POST /api/predict`` requests with real catalogue tracks; the run
prints throughput and p50/p99 latency for both and their throughput ratio, and exits 1 if any
request failed. Not part of pytest: ``make load`` runs it against models/hit_predictor.

    python tools/load_run.py [--model-dir DIR] [--requests 5000] [--original-requests 300] [--clients 4]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx2
import numpy as np

HOST = "127.0.0.1"  # loopback only: this tool never sends a request anywhere else
SERVER = (
    "import sys, uvicorn\n"
    "from hitlib.app import create_app\n"
    "app = create_app(sys.argv[1], load_per_request=sys.argv[3] == 'per-request')\n"
    "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False)\n"
)


@dataclass
class Result:
    """What one design did under load."""

    design: str
    requests: int
    failures: list[str]
    seconds: float
    latencies_ms: np.ndarray

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q))


def free_port() -> int:
    """A loopback port that is free right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def sample_bodies(count: int = 256, seed: int = 0) -> list[dict]:
    """Request bodies from real catalogue tracks (15 features and the decade)."""
    from hitlib.data import load_tracks
    from hitlib.features import FEATURES

    tracks = load_tracks().sample(count, random_state=seed)
    return [
        {f.name: (int(row[f.name]) if f.integer else float(row[f.name])) for f in FEATURES}
        | {"decade": int(row["decade"])}
        for _, row in tracks.iterrows()
    ]


def start_server(model_dir: Path, port: int, per_request: bool, log: IO[str]) -> subprocess.Popen:
    """The app in its own process, listening on 127.0.0.1:port; its errors go to ``log``."""
    mode = "per-request" if per_request else "once"
    return subprocess.Popen(
        [sys.executable, "-c", SERVER, str(model_dir), str(port), mode],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
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


def fire(base: str, bodies: list[dict], count: int, clients: int, time_limit: float) -> tuple[list, list, float]:
    """Send ``count`` predictions from ``clients`` threads; returns latencies, failures and wall time."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    started = time.perf_counter()

    def client(worker: int) -> None:
        with httpx2.Client(base_url=base, timeout=60, trust_env=False) as session:
            for i in range(worker, count, clients):
                if time.perf_counter() - started > time_limit:
                    with lock:
                        failures.append(f"stopped: over the time limit of {time_limit:.0f} s")
                    return
                sent = time.perf_counter()
                try:
                    reply = session.post("/api/predict", json=bodies[i % len(bodies)])
                    problem = None if reply.status_code == 200 else f"HTTP {reply.status_code}: {reply.text[:200]}"
                except httpx2.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                with lock:
                    latencies.append((time.perf_counter() - sent) * 1000)
                    if problem:
                        failures.append(problem)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return latencies, failures, time.perf_counter() - started


def run_design(
    design: str, model_dir: Path, per_request: bool, bodies: list[dict], count: int, clients: int, time_limit: float
) -> Result:
    """Start the app, warm it up, load it, stop it."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    log = tempfile.TemporaryFile("w+")  # a file, not a pipe: a chatty server can never block on it
    server = start_server(model_dir, port, per_request, log)
    try:
        wait_until_healthy(server, log, base)
        fire(base, bodies, min(20, count), clients, time_limit)  # warm-up, not counted
        latencies, failures, seconds = fire(base, bodies, count, clients, time_limit)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return Result(design, len(latencies), failures, seconds, np.array(latencies or [np.nan]))


def report(results: list[Result], clients: int) -> None:
    """The table of both designs and the throughput ratio."""
    print(f"POST /api/predict on {HOST}, {clients} concurrent clients, {os.cpu_count()} cores")
    print(f"{'design':<40}{'requests':>9}{'failed':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for r in results:
        print(
            f"{r.design:<40}{r.requests:>9}{len(r.failures):>8}{r.throughput:>9.1f}"
            f"{r.percentile(50):>9.1f}{r.percentile(99):>9.1f}"
        )
    once, original = results
    print(f"throughput ratio (loaded once / loaded per request): {once.throughput / original.throughput:.1f}x")


def main(argv: list[str] | None = None) -> int:
    """Run both designs; 0 when every request got 200."""
    from hitlib.app import resolve_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", help="default: $HITLIB_MODEL_DIR, else models/hit_predictor")
    parser.add_argument("--requests", type=int, default=5000, help="requests to the app as built")
    parser.add_argument(
        "--original-requests", type=int, default=300, help="requests to the original design (it is slow)"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per design at most")
    args = parser.parse_args(argv)

    model_dir = resolve_model_dir(args.model_dir)
    bodies = sample_bodies()
    results = [
        run_design(
            "model loaded once (this app)", model_dir, False, bodies, args.requests, args.clients, args.time_limit
        ),
        run_design(
            "model loaded per request (original)",
            model_dir,
            True,
            bodies,
            args.original_requests,
            args.clients,
            args.time_limit,
        ),
    ]
    report(results, args.clients)
    failures = [f"{r.design}: {f}" for r in results for f in r.failures]
    for failure in failures[:10]:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
