"""Results page with and without the mobile units' stops block, on the demo SQLite database (make db), process time.

Run after `make db` (ALLERVERS_VAR_DIR may name another demo database):
    .venv/bin/python scripts/bench_search_stops.py
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
import django

django.setup()
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from allervers.portal import views  # noqa: E402
from allervers.territories.models import Commune  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
codes = list(Commune.objects.filter(code__startswith="01").order_by("code").values_list("code", flat=True)[::13][:30])
codes += ["01034", "01173", "01160"]  # Belley, Gex, Divonne: communes with stops
client = Client()
original = views._nearby_stops


def run(enabled: bool) -> list[float]:
    views._nearby_stops = original if enabled else (lambda result: [])
    out = []
    for code in codes:
        start = time.process_time()
        response = client.get("/recherche/", {"commune": code, "code_commune": code})
        out.append((time.process_time() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return out


for code in codes[:3]:
    client.get("/recherche/", {"commune": code, "code_commune": code})  # warm caches
rows = {True: [], False: []}
for _ in range(5):  # interleaved A/B
    rows[False] += run(False)
    rows[True] += run(True)
for enabled, label in ((False, "sans le bloc"), (True, "avec le bloc")):
    values = sorted(rows[enabled])
    p95 = values[int(len(values) * 0.95)]
    print(f"{label:14} n={len(values)} p50={statistics.median(values):.1f} ms p95={p95:.1f} ms")
