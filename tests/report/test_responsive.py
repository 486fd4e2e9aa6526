"""The report in Debian's headless Chromium at phone and desktop widths: nothing wider than
the page (tables scroll inside their own container), charts drawn inside their boxes."""

from __future__ import annotations

import functools
import html
import json
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from icsplan.report.html import render_report
from icsplan.report.pdf import chromium_path

pytestmark = pytest.mark.e2e

#: runs in the outer page: measures the report in a same-origin iframe `width` px wide
PROBE = """<script>
addEventListener('load', () => setTimeout(() => {
  const doc = document.querySelector('iframe').contentDocument, root = doc.documentElement;
  const wide = [...doc.querySelectorAll('section > *, figure > *, .multiple, .main-svg')]
    .filter(e => !e.closest('.table-wrap'))
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .map(e => e.tagName + '.' + (e.getAttribute('class') || ''));
  const out = {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 10),
               charts: doc.querySelectorAll('.main-svg').length};
  const pre = document.createElement('pre'); pre.id = 'probe';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
}, 1000));
</script>"""


class Quiet(SimpleHTTPRequestHandler):
    """Serves the report's folder without logging each request."""

    def log_message(self, *args: object) -> None:
        """Say nothing."""


@pytest.fixture(scope="module")
def server(mse_plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    (folder / "report.html").write_text(render_report(mse_plan), encoding="utf-8")
    handler = functools.partial(Quiet, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def measure(server, width: int) -> dict:
    folder, base = server
    (folder / f"frame{width}.html").write_text(
        f'<html><body style="margin:0"><iframe src="report.html" style="border:0;'
        f'width:{width}px;height:3000px"></iframe>{PROBE}</body></html>')
    dom = subprocess.run(
        [str(chromium_path()), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,3000", "--virtual-time-budget=20000", "--dump-dom",
         f"{base}/frame{width}.html"], capture_output=True, text=True, timeout=300).stdout
    start = dom.index('<pre id="probe">') + len('<pre id="probe">')
    return json.loads(html.unescape(dom[start:dom.index("</pre>", start)]))


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_is_wider_than_the_page(server, width):
    result = measure(server, width)
    assert result["charts"] >= 10  # Plotly drew the charts
    assert width - 20 <= result["client"] <= width  # less the iframe's scroll bar
    assert result["scroll"] <= result["client"], result
    assert result["wide"] == [], result
