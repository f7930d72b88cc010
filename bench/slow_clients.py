"""Slow clients against the production set-up: /healthz latency before and during.

Starts gunicorn exactly as the README's Production section prints it (on a free loopback
port, a throw-away database), measures /healthz, then opens 50 connections that send their
request headers one byte a second and measures /healthz again while they trickle. With sync
workers four such connections tie up all four workers and /healthz times out; the documented
worker class keeps answering.

    .venv/bin/python -m bench.slow_clients [--clients 50] [--seconds 10]
        [--worker-class sync]   # compare with the old set-up
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import LOOPBACK, ROOT, free_port, serving

README = ROOT / "README.md"
# What a slow client sends, one byte at a time; it never finishes its headers in a run.
SLOW_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + b"s" * 200


def production_arguments(readme: Path = README) -> list[str]:
    """The README's Production gunicorn command, as arguments after `python -m gunicorn`."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    line = next(line for line in section.splitlines() if line.startswith(".venv/bin/gunicorn"))
    words = shlex.split(re.sub(r"\s+#.*$", "", line))
    return words[1:]


def without_options(arguments: list[str], names: tuple[str, ...]) -> list[str]:
    """The arguments without these options and their values."""
    kept: list[str] = []
    skip = False
    for word in arguments:
        if skip:
            skip = False
        elif word in names:
            skip = True
        elif not word.startswith(tuple(f"{name}=" for name in names)):
            kept.append(word)
    return kept


def with_port(arguments: list[str], port: int) -> list[str]:
    return [re.sub(r"127\.0\.0\.1:\d+", f"{LOOPBACK}:{port}", word) for word in arguments]


@contextmanager
def production_server(arguments: list[str] | None = None) -> Iterator[str]:
    """gunicorn with the README's arguments on a free port; yields its base URL."""
    port = free_port()
    arguments = with_port(arguments or production_arguments(), port)
    with tempfile.TemporaryDirectory() as tmp:
        environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/slow.sqlite3",
                       "SECRET_KEY": "slow-clients-secret-key-0123456789abcdef",
                       "PUBLIC_BASE_URL": f"http://{LOOPBACK}:{port}",
                       "MAIL_SENDER": "Events <events@example.org>",
                       "PYTHONPATH": str(ROOT)}
        environment.pop("FLASK_DEBUG", None)
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", *arguments,
                                    "--log-level", "warning"], cwd=ROOT, env=environment)
        with serving(process, f"http://{LOOPBACK}:{port}") as base:
            yield base


@contextmanager
def slow_clients(base: str, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections, each sending its headers one byte a second until the block ends."""
    host, port = base.removeprefix("http://").split(":")
    stop = threading.Event()
    sockets = [socket.create_connection((host, int(port)), timeout=5) for _ in range(count)]

    def trickle(sock: socket.socket) -> None:
        for byte in SLOW_REQUEST:
            if stop.wait(1.0):
                return
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return

    threads = [threading.Thread(target=trickle, args=(s,), daemon=True) for s in sockets]
    for sock in sockets:  # the first byte at once: every connection is a request in progress
        sock.sendall(SLOW_REQUEST[:1])
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)  # let every worker accept its share
        yield sockets
    finally:
        stop.set()
        for sock in sockets:
            sock.close()
        for thread in threads:
            thread.join(timeout=5)


def healthz_latencies(base: str, seconds: float, timeout: float = 5.0) -> list[float]:
    """/healthz on a fresh connection every 0.2 s for `seconds`; a timeout counts as its limit."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - start if response.status == 200 else timeout)
        except OSError:
            latencies.append(timeout)
        finally:
            conn.close()
        time.sleep(0.2)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--worker-class", help="override the README's worker class (e.g. sync)")
    args = parser.parse_args()
    arguments = production_arguments()
    if args.worker_class:
        arguments = without_options(arguments, ("--worker-class", "--threads"))
        arguments = [*arguments[:-1], "--worker-class", args.worker_class, arguments[-1]]
    print("gunicorn " + " ".join(arguments))
    with production_server(arguments) as base:
        before = healthz_latencies(base, 3)
        with slow_clients(base, args.clients):
            during = healthz_latencies(base, args.seconds)
    for name, values in (("before", before), ("during", during)):
        print(f"/healthz {name}: {len(values)} requests, max {max(values) * 1000:.1f} ms, "
              f"median {sorted(values)[len(values) // 2] * 1000:.1f} ms")
    met = max(during) < 1.0
    print(f"{args.clients} slow clients: /healthz always under 1 s: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
