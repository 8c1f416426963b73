"""`allervers run-all` (what `make run` runs): the web server and the worker start together, and Ctrl-C stops both
and everything they started."""

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.mailing.servers import free_port, wait_for


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (a local URL)
            return response.status == 200
    except OSError:
        return False


def group_alive(pgid: int) -> bool:
    """A process of this group still runs (a zombie waiting for a reaper that a container may lack does not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


def test_run_all_starts_the_web_server_and_the_worker_and_ctrl_c_stops_both(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "ALLERVERS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLERVERS_HUEY_URL": f"sqlite:///{tmp_path / 'huey.sqlite3'}",
    }
    log = (tmp_path / "run-all.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "allervers", "run-all", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(lambda: answers(f"http://127.0.0.1:{port}/sante/"), timeout=60)
        assert wait_for(lambda: "Huey consumer started" in (tmp_path / "run-all.log").read_text(), timeout=60)
        children = [int(pid) for pid in subprocess.check_output(["pgrep", "-P", str(process.pid)]).split()]  # noqa: S603,S607
        assert len(children) == 2
        process.send_signal(signal.SIGINT)  # Ctrl-C: the terminal's foreground group is run-all alone
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    assert wait_for(lambda: not any(group_alive(pgid) for pgid in children), timeout=5)
    assert not answers(f"http://127.0.0.1:{port}/sante/")
