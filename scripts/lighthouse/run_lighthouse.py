"""Lighthouse (mobile) on four public pages served by gunicorn with the production settings: `make lighthouse`.

    make lighthouse                                         # npm ci here, then this script
    .venv/bin/python scripts/lighthouse/run_lighthouse.py --runs 5

The server: `config.settings.prod`, DEBUG off, static files collected and compressed by whitenoise as in production,
2 gunicorn workers on 127.0.0.1 (plain HTTP on the loopback: Chromium treats it as a secure origin, so
SECURE_SSL_REDIRECT and HSTS are turned off for this run only), and its own SQLite database in var/lighthouse/
with every French commune, the Ain demo directory and the orientation circuits.

Lighthouse 12.2.3 (package.json and package-lock.json beside this file) drives Debian's /usr/bin/chromium with its
default mobile settings: a Moto G Power-sized screen, simulated slow 4G and a 4x slower CPU. The performance score
moves from one run to the next on a busy machine, so each page is measured `--runs` times (3 by default) and the
table gives the median run (by performance score) with the lowest and highest scores seen. The reports (JSON and
HTML) are written to test-artifacts/lighthouse/, and the table to test-artifacts/lighthouse/summary.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allervers.bench.http import Server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "lighthouse"
PAGES = {
    "accueil": "/",
    "recherche-oyonnax": "/recherche/?commune=Oyonnax",
    "assistant": "/parcours/",
    "urgences": "/urgences/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


@dataclass
class Run:
    scores: dict[str, int]
    lcp_ms: float
    tbt_ms: float
    cls: float
    fcp_ms: float
    failed_best_practices: list[str]


def _environment(var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "ALLERVERS_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'allervers.sqlite3'}",
        "ALLERVERS_LOG_LEVEL": "WARNING",
    }


def _prepare(env: dict[str, str]) -> None:
    """Migrations, data and static files; every command is safe to re-run, so the database is kept between runs."""
    commands = [
        ["migrate", "--noinput"],
        ["load-territories"],
        ["load-demo"],
        ["load-pathways", "--demo"],
        ["collectstatic", "--noinput"],
    ]
    for arguments in commands:
        print("allervers", *arguments, flush=True)
        subprocess.run([sys.executable, "-m", "allervers", *arguments], env=env, check=True, capture_output=True)  # noqa: S603


def _lighthouse(url: str, output: Path) -> Run:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output=html",
        f"--output-path={output}",
    ]
    subprocess.run(command, check=True, cwd=HERE)  # noqa: S603
    report = json.loads(output.with_suffix(".report.json").read_text(encoding="utf-8"))
    return _read(report)


def _read(report: dict[str, Any]) -> Run:
    audits = report["audits"]
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    refs = report["categories"]["best-practices"]["auditRefs"]
    failed = [
        ref["id"]
        for ref in refs
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]
    return Run(
        scores=scores,
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        failed_best_practices=failed,
    )


def _table(results: dict[str, list[Run]]) -> str:
    lines = [
        "| page | adresse | performance (médiane ; min–max) | accessibilité | bonnes pratiques | SEO "
        "| FCP (s) | LCP (s) | TBT (ms) | CLS |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, runs in results.items():
        performance = [run.scores["performance"] for run in runs]
        median = sorted(runs, key=lambda run: run.scores["performance"])[len(runs) // 2]
        s = median.scores
        lines.append(
            f"| {name} | `{PAGES[name]}` | {s['performance']} ; {min(performance)}–{max(performance)} "
            f"| {s['accessibility']} | {s['best-practices']} | {s['seo']} | {median.fcp_ms / 1000:.1f} "
            f"| {median.lcp_ms / 1000:.1f} | {median.tbt_ms:.0f} | {median.cls:.3f} |"
        )
    failed = sorted({audit for runs in results.values() for run in runs for audit in run.failed_best_practices})
    if failed:
        lines.append("")
        lines.append(f"Audits « bonnes pratiques » en échec dans au moins une mesure : {', '.join(failed)}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="measures per page (the median is reported)")
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var" / "lighthouse")
    options = parser.parse_args()
    os.chdir(ROOT)  # gunicorn imports config.wsgi from the current directory
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} manque : lancez `make lighthouse` (ou `cd {HERE} && npm ci`).")
    options.var_dir.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = _environment(options.var_dir.resolve())
    _prepare(env)
    results: dict[str, list[Run]] = {}
    with Server(env) as server:
        for name, path in PAGES.items():
            runs = []
            for number in range(1, options.runs + 1):
                run = _lighthouse(server.base + path, ARTIFACTS / f"{name}-{number}")
                print(f"{name} #{number} : {run.scores}", flush=True)
                runs.append(run)
            results[name] = runs
    table = _table(results)
    (ARTIFACTS / "summary.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    medians = {name: statistics.median(run.scores["performance"] for run in runs) for name, runs in results.items()}
    print(f"Performance médiane par page : {medians}")


if __name__ == "__main__":
    main()
