"""Time and peak memory of `allervers import-directory` on each hostile file of the hardening issue.

    .venv/bin/python scripts/measure_import_bombs.py                 # the files of tests/directory/import_files.py
    .venv/bin/python scripts/measure_import_bombs.py --only bombe.zip --only bombe.xlsx
    .venv/bin/python scripts/measure_import_bombs.py --source-tree /tmp/old-checkout   # another version of the code

Each file is imported (for real, not --dry-run) by the command in its own process, with the environment's
DATABASE_URL; the peak resident memory is that process's (os.wait4). A file refused by the readers never
reaches the database. The first row, a valid one-row file checked with --dry-run, is what the command costs
by itself (Django's start). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.directory.import_files import MALFORMED, ROW, template_csv  # noqa: E402

# A valid one-row template, checked with --dry-run: what starting the command costs by itself.
BASELINE = "temoin-valide.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="a file name of the list (repeatable)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--source-tree", type=Path, help="import the allervers package from this folder")
    args = parser.parse_args()
    builders = {BASELINE: lambda: template_csv(ROW), **MALFORMED}
    names = args.only or list(builders)
    env, tree = dict(os.environ), ROOT
    if args.source_tree:
        tree = args.source_tree.resolve()
        env["PYTHONPATH"] = str(tree)
    print("| fichier | taille | secondes | pic mémoire (Mo) | code de sortie | message |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            path = Path(folder) / name
            path.write_bytes(builders[name]())
            seconds, peak_kb, code, output = run(path, tree, env, args.timeout, dry_run=name == BASELINE)
            cells = [
                name,
                size(path.stat().st_size),
                f"{seconds:.1f}",
                f"{peak_kb / 1024:.0f}",
                code,
                first_message(output),
            ]
            print("| " + " | ".join(cells) + " |")
            path.unlink()


def run(path: Path, tree: Path, env: dict[str, str], timeout: float, dry_run: bool) -> tuple[float, int, str, str]:
    command = [sys.executable, "-m", "allervers", "import-directory", str(path), "-v", "0"]
    if dry_run:
        command.append("--dry-run")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=output, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.kill(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)  # wait4 reaped it: tell Popen
        elapsed = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode(errors="replace")
    code = "tué (délai)" if process.returncode == -signal.SIGKILL else str(process.returncode)
    return elapsed, usage.ru_maxrss, code, text


def first_message(output: str) -> str:
    """The report's first error, or the exception of a traceback."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if any(line.startswith("Traceback") for line in lines):
        return "traceback : " + lines[-1][:100]
    errors = [line for line in lines if ", ligne " in line or ", élément " in line]
    return (errors or lines or [""])[0][:140].replace("|", "/")


def size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} Mo" if count >= 1024 * 1024 else f"{count / 1024:.0f} Ko"


if __name__ == "__main__":
    main()
