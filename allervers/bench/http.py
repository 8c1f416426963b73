"""The production server on loopback: gunicorn with 2 workers, loaded by wrk, its workers' peak memory read."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

WORKERS = 2
_LATENCY = re.compile(r"^\s+(50|90|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "config.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}"]
        command += ["--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env)  # noqa: S603

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/api/v1/communes?q=par", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn n'a pas démarré en 30 s")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)

    def worker_peak_rss_mb(self) -> list[float]:
        """VmHWM (peak resident memory) of each worker, children of the gunicorn master."""
        peaks = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(round(int(match.group(1)) / 1024, 1))
        return peaks


def wrk(url: str, connections: int, seconds: int) -> dict[str, Any]:
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk est absent : make bench l'installe (apt-get install wrk)")
    threads = min(connections, os.cpu_count() or 1)
    command = [binary, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    latency = {f"p{pct}": round(float(value) * _UNITS[unit], 2) for pct, value, unit in _LATENCY.findall(output)}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "connections": connections,
        "requests_per_second": round(float(rate.group(1)), 1) if rate else 0.0,
        "non_2xx": int(errors.group(1)) if errors else 0,
        **latency,
    }
