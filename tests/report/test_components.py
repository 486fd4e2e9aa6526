"""The report's shared pieces: tables, cards and collapsible blocks."""

import pandas as pd
import pytest

from icsplan.report.components import cards_html, details_html, table_html

pytestmark = pytest.mark.unit


def test_a_table_has_a_caption_header_scope_and_formatted_numbers():
    frame = pd.DataFrame({"pod": ["ae"], "value": [1234.5], "status": ["differs"]})
    html = table_html(frame, "Caption <b>", {"value": ",.1f"})
    assert "<caption>Caption &lt;b&gt;</caption>" in html
    assert '<th scope="col" class="num">value</th>' in html
    assert ">1,234.5<" in html and "status-differs" in html


def test_missing_values_are_blank_not_nan():
    html = table_html(pd.DataFrame({"x": [float("nan")]}), "c")
    assert "nan" not in html.lower().replace("<caption>c</caption>", "")


def test_at_most_ten_cards():
    html = cards_html([(str(i), f"label {i}") for i in range(12)])
    assert html.count('class="card"') == 10


def test_details_open_only_when_asked():
    assert "<details open>" in details_html("s", "b", open_=True)
    assert "<details>" in details_html("s", "b")


def test_a_labelled_table_names_its_columns_and_codes():
    from icsplan.report.labels import Labels

    frame = pd.DataFrame({"pod": ["non_elective"], "change_vs_baseline_pct": [1.5]})
    html = table_html(frame, "c", {"change_vs_baseline_pct": "+.1f"}, Labels(base_year="2015/16"))
    assert ">Change vs 2015/16 (%)</th>" in html and ">Non-elective admissions<" in html
    assert "non_elective" not in html and ">+1.5<" in html
    assert html.startswith('<div class="table-wrap">')


def test_a_chart_has_a_caption_and_its_data_collapsed():
    from icsplan.report.components import chart_html

    frame = pd.DataFrame({"year": ["2020/21"], "planned": [1.0]})
    html = chart_html(lambda fig: "<div>chart</div>", object(), "What it shows", frame)
    assert 'aria-label="What it shows"' in html and "<figcaption>What it shows</figcaption>" in html
    assert "<details><summary>Data behind this chart</summary>" in html
    several = chart_html(lambda fig: "<div>chart</div>", [object(), object()], "c", frame)
    assert several.count('class="multiple"') == 2 and 'class="chart multi"' in several


def test_text_is_escaped_and_html_bodies_are_kept():
    from icsplan.report.components import chart_html, paragraph_html, section_html

    hostile = "<script>alert(1)</script>"
    safe = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert safe in cards_html([(hostile, hostile)]) and hostile not in cards_html(
        [(hostile, hostile)])
    block = details_html(hostile, "<p>body</p>")
    assert f"<summary>{safe}</summary><p>body</p>" in block
    assert section_html("a", hostile, "<p>x</p>") == (
        f'<section aria-labelledby="a"><h2 id="a">{safe}</h2><p>x</p></section>')
    assert paragraph_html(hostile) == f"<p>{safe}</p>"
    frame = pd.DataFrame({hostile: [hostile], "status": ['"><b>']})
    table = table_html(frame, hostile)
    assert hostile not in table and "<b>" not in table and table.count(safe) == 3
    chart = chart_html(lambda fig: "<div>drawn</div>", object(), hostile, frame)
    assert "<div>drawn</div>" in chart and hostile not in chart
    assert f'aria-label="{safe}"' in chart
