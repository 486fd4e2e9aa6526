"""The assembled report: a summary and contents first, every section in order, planner
labels, the scenario's own years, plotly.js once (the partial bundle), no network needed."""

import json
import re
import shutil
from pathlib import Path

import plotly.offline
import pytest

from icsplan.pipeline import run_plan
from icsplan.report.html import default_sections, plotly_js, render_report
from icsplan.run_options import RunOptions
from icsplan.scenario import load_scenario
from icsplan.scenario.folder import resolve

pytestmark = pytest.mark.functional
RAW_CODES = ("non_elective", "change_vs_baseline_pct", "change_vs_momentum_pct", "mid_essex",
             "_gbp", "frailty_eol", "gross_savings", "basildon_brentwood")


@pytest.fixture(scope="module")
def page(mse_plan):
    return render_report(mse_plan)


def words(page: str) -> str:
    """What a reader sees: the page without its scripts and styles."""
    return re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)


def test_sections_in_reading_order(mse_plan, page):
    titles = [s.title for s in default_sections(mse_plan)]
    assert titles[0] == "Summary"
    positions = [page.index(f">{t}</h2>") for t in titles]
    assert positions == sorted(positions)
    assert "Population segments and risk" not in titles


def test_contents_link_to_every_section(mse_plan, page):
    sections = default_sections(mse_plan)
    nav = page[page.index('<nav class="contents"'):page.index("</nav>")]
    for s in sections:
        assert f'<a href="#{s.anchor}">' in nav
        assert f'id="{s.anchor}"' in page
    assert page.index("</nav>") < page.index(">Summary</h2>") < page.index(">Headline figures</h2>")


def test_headers_and_labels_are_in_planner_words(page):
    shown = words(page)
    headers = re.findall(r"<th\s[^>]*>(.*?)</th>", shown)
    assert "Change vs 2015/16 (%)" in headers and "Point of delivery" in headers
    for code in RAW_CODES:
        assert not [h for h in headers if code in h], code
    cells = " ".join(re.findall(r"<td[^>]*>(.*?)</td>", shown))
    for code in RAW_CODES + ("castle_point_rochford", "urgent_care"):
        assert code not in cells, code
    # chart titles and axis labels in the figures' JSON are labelled too
    for fig in re.findall(r"Plotly\.newPlot\((.*?)\)\s*};", page, flags=re.S):
        assert "non_elective" not in fig and "frailty_eol" not in fig


def test_money_is_in_millions_and_budgets_in_thousands(page):
    shown = words(page)
    assert "(£m)" in shown and "Organisation budgets (£k)" in shown
    # the reconciliation names the published tables' columns as they are (CSV, pounds)
    ours = shown[:shown.index('id="reconciliation-with-the-published-plan"')]
    assert not re.search(r"\(£\)", ours)


def test_every_chart_has_a_caption_and_a_data_table(page):
    figures = page.count('<figure class="chart')
    assert figures >= 5
    assert page.count("<figcaption>") == figures
    assert page.count("<summary>Data behind this chart</summary>") == figures


def test_chart_fonts_are_at_least_12_px(page):
    sizes = [int(v) for v in re.findall(r'"(?:font|tickfont)":\{[^}]*"size":(\d+)', page)]
    assert sizes and min(sizes) >= 12


def test_reconciliation_is_summarised_with_details_collapsed(page):
    part = page[page.index('id="reconciliation-with-the-published-plan"'):]
    assert "published figures are reproduced" in part
    assert "<details><summary>Figures that do not match" in part
    assert "<details open><summary>Every" not in part


def test_plotly_is_embedded_once_and_nothing_is_fetched(page):
    assert page.count(plotly_js()) == 1
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert page.count("Plotly.newPlot") >= 5
    assert "displayModeBar" in page


def test_the_partial_bundle_draws_every_trace_the_report_uses(page):
    bundle = plotly_js()
    assert len(bundle) < len(plotly.offline.get_plotlyjs()) / 2
    assert f"v{plotly.offline.get_plotlyjs_version()}" in bundle[:200]
    decoder = json.JSONDecoder()
    used = set()
    for call in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', page):
        traces, _ = decoder.raw_decode(page, call.end())
        used |= {t.get("type", "scatter") for t in traces}
    assert used and used <= {"scatter", "bar", "waterfall"}
    for trace in used:
        assert f'name:"{trace}"' in bundle


def shifted(dest: Path, years: int) -> Path:
    """A copy of mse-2016 with every financial year moved on by `years`."""
    shutil.copytree(resolve("mse-2016"), dest)

    def move(match: re.Match) -> str:
        start = int(match.group(1)) + years
        return f"{start}/{(start + 1) % 100:02d}"

    for path in dest.rglob("*"):
        if path.suffix in (".csv", ".yaml"):
            path.write_text(re.sub(r"\b(20\d\d)/\d\d\b", move, path.read_text()))
    return dest


def test_a_later_horizon_shows_its_own_years(tmp_path):
    plan = run_plan(load_scenario(str(shifted(tmp_path / "later", 8))))
    assert plan.horizon == "2028/29"
    page = render_report(plan).replace("\\u002f", "/").replace("\\u003cbr\\u003e", " ")
    # the reconciliation quotes the published tables' own labels; everything before it is
    # ours, chart titles (in the figures' JSON) included
    ours = page[:page.index('id="reconciliation-with-the-published-plan"')]
    assert "2020/21" not in ours and "2015/16" not in ours
    assert "financial gap in 2028/29" in ours and "Change vs 2023/24 (%)" in ours
    assert "Financial bridge to the planned gap in 2028/29" in ours
    assert "investment level, 2028/29" in ours


HOSTILE = "<script>alert(1)</script>"


def test_hostile_names_are_shown_as_text_never_run(tmp_path):
    """A scenario's own words (title, description, locality and CCG names) reach the page
    only escaped, whichever template shows them."""
    import pandas as pd
    import yaml

    folder = tmp_path / "hostile"
    shutil.copytree(resolve("mse-2016"), folder)
    meta = yaml.safe_load((folder / "scenario.yaml").read_text())
    meta["title"], meta["description"] = f"Title {HOSTILE}", f'Says "{HOSTILE}" & more'
    (folder / "scenario.yaml").write_text(yaml.safe_dump(meta))
    for name, column in (("localities.csv", "name"), ("ccgs.csv", "name")):
        frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        frame.loc[0, column] = f"{frame.loc[0, column]} {HOSTILE}"
        frame.to_csv(folder / name, index=False)
    page = render_report(run_plan(load_scenario(str(folder)), RunOptions(appraise_options=False)))
    assert HOSTILE not in page and "alert(1)" in page
    shown = words(page)
    assert "<title>Title &lt;script&gt;alert(1)&lt;/script&gt;: icsplan report</title>" in page
    assert "Says &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; &amp; more" in shown
    cells = re.findall(r"<td[^>]*>([^<]*alert\(1\)[^<]*)</td>", shown)
    assert cells and all("&lt;script&gt;" in c for c in cells)
    headers = re.findall(r"<th[^>]*>([^<]*alert\(1\)[^<]*)</th>", shown)
    assert all("&lt;script&gt;" in h for h in headers)
