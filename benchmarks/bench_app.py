"""Benchmark the web app: the what-if recompute and the first page load.

    .venv/bin/python benchmarks/bench_app.py [--settings 40] [--repeat 5]

* What-if recompute (server side): calls `app.pages.whatif.recompute` - the very function the
  What if page's callback runs - for `--settings` different lever settings on mse-2016 (each
  a cache miss: a new scenario content hash), then `--repeat` more times each (cache hits),
  and prints p50 / p95.  Also the same request through Dash's HTTP endpoint (Flask test
  client: JSON in, JSON out).  Baseline in the same run: `run_plan` as `icsplan run` calls it
  (with the reconciliation), for the same settings; the ratio is what to compare across
  machines.
* First page load: the overview in a new browser context of Debian's Chromium (Playwright),
  from navigation to the rendered page with no request outstanding, against the app served
  by waitress on a free loopback port.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from timing import finish, goal


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def show(label: str, seconds: list[float], cpu: list[float] | None = None) -> None:
    ms = [s * 1000 for s in seconds]
    line = f"{label:<52} n={len(ms):>4}  p50 {pct(ms, .5):7.1f} ms  p95 {pct(ms, .95):7.1f} ms"
    if cpu:
        cms = [s * 1000 for s in cpu]
        line += f"   (CPU p50 {pct(cms, .5):6.1f} ms, p95 {pct(cms, .95):6.1f} ms)"
    print(line)


def timed(fn) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU: this process only, so other jobs on a shared
    machine do not count)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def settings(ctx, n: int) -> list[tuple[list, list, list, float]]:
    """`n` distinct lever settings: frailty achieved, A&E growth and the investment level."""
    from icsplan.app.levers import base_levers

    base = base_levers(ctx.scenario)
    out = []
    for k in range(n):
        lv = dataclasses.replace(
            base, growth_pct={**base.growth_pct, "ae": 1.0 + 0.1 * k},
            achieved_pct={**base.achieved_pct, "frailty_eol": 100.0 - 2 * k},
            investment_pct=100.0 - 5 * (k % 11))
        out.append((list(lv.growth_pct.values()), list(lv.achieved_pct.values()),
                    list(lv.delay_years.values()), lv.investment_pct))
    return out


def request_body(values) -> dict:
    growth, achieved, delay, investment = values
    return {"output": "..whatif-results.children...problem.children..", "outputs": [],
            "inputs": [growth, achieved, delay, investment], "changedPropIds": []}


def bench_recompute(ctx, app, n: int, repeat: int) -> None:
    from icsplan.app.levers import apply_levers
    from icsplan.app.pages.whatif import levers_from, recompute
    from icsplan.pipeline import run_plan
    from icsplan.run_options import RunOptions

    cases = settings(ctx, n)
    ctx.cache.clear()
    miss, miss_cpu = zip(*(timed(lambda v=v: recompute(ctx, *v)) for v in cases), strict=True)
    hit, hit_cpu = zip(*(timed(lambda v=v: recompute(ctx, *v))
                         for _ in range(repeat) for v in cases), strict=True)
    baseline, baseline_cpu = [], []
    for values in cases[: max(5, n // 4)]:
        levers = levers_from(ctx, *values)
        scenario = apply_levers(ctx.scenario, levers)
        wall, cpu = timed(lambda s=scenario, lv=levers: run_plan(
            s, RunOptions(investment_level=lv.investment_level)))
        baseline.append(wall)
        baseline_cpu.append(cpu)
    ctx.cache.clear()
    http = []
    client = app.server.test_client()
    for values in cases:
        body = _dash_body(ctx, values)
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        http.append(time.perf_counter() - start)
        assert response.status_code == 200, response.data[:300]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"What-if recompute on {ctx.scenario.name} ({n} lever settings):")
    show("callback function, new settings (cache miss)", miss, miss_cpu)
    show("callback function, settings seen before (cache hit)", hit, hit_cpu)
    show("Dash HTTP endpoint, new settings (cache miss)", http)
    show("baseline: run_plan as `icsplan run` (with reconciliation)", baseline, baseline_cpu)
    print("  " + goal("what-if p95, cache miss", pct(miss, .95), 0.050,
                      f"(CPU p95 {pct(miss_cpu, .95) * 1000:.1f} ms)"))
    print("  " + goal("what-if p95, cache hit", pct(hit, .95), 0.001,
                      f"(CPU p95 {pct(hit_cpu, .95) * 1000:.2f} ms)"))
    print(f"  ratio baseline / callback (p50, cache miss): "
          f"{pct(baseline, .5) / pct(miss, .5):.1f}x;  cache hit speed-up: "
          f"{pct(miss, .5) / pct(hit, .5):.0f}x")


def _dash_body(ctx, values) -> dict:
    """The JSON Dash's page sends for the what-if callback with these lever values."""
    from icsplan.app.levers import base_levers

    growth, achieved, delay, investment = values
    base = base_levers(ctx.scenario)
    keys = [f"growth-{p}" for p in base.growth_pct]
    keys += [k for i in base.achieved_pct for k in (f"achieved-{i}", f"delay-{i}")]

    def matching(kind, names, vals):
        return [{"id": {"type": kind, "key": k}, "property": "value", "value": v}
                for k, v in zip(names, vals, strict=True)]

    outputs = [{"id": "whatif-results", "property": "children"},
               [{"id": {"type": "problem", "key": k}, "property": "children"} for k in keys],
               {"id": "problem-investment", "property": "children"},
               {"id": "whatif-problems", "property": "children"},
               {"id": "whatif-stale", "property": "children"},
               {"id": "lever-history", "property": "data"}]
    return {"output": "..whatif-results.children...{\"key\":[\"ALL\"],\"type\":\"problem\"}"
                      ".children...problem-investment.children...whatif-problems.children..."
                      "whatif-stale.children...lever-history.data..",
            "outputs": outputs,
            "inputs": [matching("growth", base.growth_pct, growth),
                       matching("achieved", base.achieved_pct, achieved),
                       matching("delay", base.delay_years, delay),
                       {"id": "lever-investment", "property": "value", "value": investment}],
            "changedPropIds": ["lever-investment.value"],
            "state": [{"id": "lever-history", "property": "data", "value": []}]}


def bench_first_load(app, loads: int) -> None:
    from icsplan.app.server import wsgi_server

    chromium = Path("/usr/bin/chromium")
    if loads < 1:
        return
    if not chromium.exists():
        print("First page load: skipped (no /usr/bin/chromium; scripts/ensure-chromium.sh)")
        return
    from playwright.sync_api import sync_playwright

    server = wsgi_server(app, "127.0.0.1", 0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/"
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for _ in range(loads):
            context = browser.new_context()  # nothing cached: a first visit
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("#content h1")
            page.wait_for_load_state("networkidle")
            times.append(time.perf_counter() - start)
            context.close()
        switches = _page_switches(browser, url)
        browser.close()
    server.close()
    print(f"First page load (overview, new browser context, {loads} loads): first "
          f"{times[0]:.2f} s, median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
    ordered = sorted(switches.values())
    print(f"Page switch (menu link to the new page's heading, {len(ordered)} pages): median "
          f"{statistics.median(ordered):.2f} s, range {ordered[0]:.2f}-{ordered[-1]:.2f} s; "
          "slowest " + ", ".join(f"{name} {t:.2f} s" for name, t in
                                 sorted(switches.items(), key=lambda kv: -kv[1])[:3]))


def _page_switches(browser, url: str) -> dict[str, float]:
    """Seconds from clicking each menu link (in menu order, from the page before it) until
    the new page's heading is shown: the app routes in the browser, one request a page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#content h1")
    page.wait_for_load_state("networkidle")
    names = [link.get_attribute("id")[len("nav-"):]
             for link in page.locator("nav a[id^='nav-']").all()]
    out = {}
    for name in names[1:] + names[:1]:
        old = page.locator("#content h1").first.inner_text()
        start = time.perf_counter()
        page.click(f"#nav-{name}")
        page.locator("#content h1").filter(has_not_text=old).first.wait_for()
        out[name] = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
    context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    from icsplan.app.server import create_app
    from icsplan.cli.app import build_context

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ctx = build_context("mse-2016", f"{tmp}/store.db", None, None)
        app = create_app(ctx)
        print(f"App start-up (load scenario, store, base plan): "
              f"{time.perf_counter() - start:.2f} s")
        bench_recompute(ctx, app, args.settings, args.repeat)
        bench_first_load(app, args.loads)
    finish()


if __name__ == "__main__":
    main()
