import time
def test_timing(visit):
    page = visit.page()
    for i in range(4):
        t = time.monotonic(); page.goto("/urgences/"); a = time.monotonic() - t
        t = time.monotonic(); page.goto("/urgences/", wait_until="domcontentloaded"); b = time.monotonic() - t
        t = time.monotonic(); page.evaluate("1"); c = time.monotonic() - t
        print(f"load {a:.3f} dcl {b:.3f} eval {c:.4f}")
    print(page.evaluate("JSON.stringify(performance.getEntriesByType('resource').map(e => [e.name.slice(-40), Math.round(e.duration)]))"))
