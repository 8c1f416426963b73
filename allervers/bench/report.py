"""The benchmark's table, as printed and as pasted in docs/performance.md."""

from __future__ import annotations

from typing import Any

ROWS = [
    "W1",
    "W2",
    "W2b",
    "W3",
    "W4",
    "W5",
    "W6",
    "W1-moteur",
    "W2-moteur",
    "W1-plancher",
    "W2-plancher",
    "W1-plancher-t",
    "W2-plancher-t",
]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def lines(results: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for run in results:
        head = f"{run['services']} services, {run['database']}"
        out.append(head)
        out.append("-" * len(head))
        out.append(f"{'mesure':34} {'req. SQL':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        timings = {row["key"]: row for row in run["in_process"]}
        for key in ROWS:
            row = timings.get(key)
            if row is None:
                continue
            label = f"{key} {row['label']}"[:34]
            out.append(f"{label:34} {row['queries']:>8} {_ms(row['p50']):>8} {_ms(row['p95']):>8} {_ms(row['p99']):>8}")
        w4 = timings.get("W4")
        if w4:
            extra = w4["extra"]
            out.append(f"W4 : {extra['pages_read']} page(s) lue(s) sur {extra['pages']} en {extra['seconds']} s")
        for name, ratio in run.get("floor_ratios", {}).items():
            out.append(f"rapport au plancher {name} : {ratio:.1f}×")
        for name, http in run.get("http", {}).items():
            if name == "rss_mb":
                continue
            one, many = http["latency_1"], http["throughput_16"]
            out.append(
                f"HTTP {name} : 1 connexion p50 {_ms(one.get('p50'))} ms p99 {_ms(one.get('p99'))} ms ; "
                f"16 connexions {many['requests_per_second']:.0f} req/s (p99 {_ms(many.get('p99'))} ms)"
                + (f", {many['non_2xx']} erreurs" if many["non_2xx"] else "")
            )
        if run.get("http", {}).get("rss_mb"):
            out.append(f"RSS maximale par worker : {', '.join(f'{v:.0f}' for v in run['http']['rss_mb'])} Mo")
        imp = run["import"]
        out.append(
            f"Import : {imp['fresh_per_second']:.0f} services/s ({imp['fresh_seconds']:.1f} s) ; réimport 10 % "
            f"modifiés : {imp['reimport_per_second'] or 0:.0f} services/s ({imp['reimport_seconds'] or 0:.1f} s)"
        )
        out.append(f"Taille de la base : {run['database_mb']:.0f} Mo")
        load = run.get("load_average")
        if load:
            start, end = (", ".join(f"{v:.2f}" for v in load[moment]) for moment in ("start", "end"))
            out.append(f"Charge moyenne (1, 5, 15 min) : au début {start} ; à la fin {end}")
        out.append("")
    return out
