"""Issue 17 item 9: odds and ends found when icsplan was tried as a careless user."""

from __future__ import annotations

import io
import zipfile

import pytest
import requests

from tests.security.test_app import open_app  # noqa: F401  (the app on SQLite and PostgreSQL)


def _download(served, version: str, excel: bool) -> tuple[str, bytes]:
    request = {"output": "download.data", "outputs": {"id": "download", "property": "data"},
               "inputs": [{"id": "download-folder", "property": "n_clicks",
                           "value": 0 if excel else 1},
                          {"id": "download-excel", "property": "n_clicks",
                           "value": 1 if excel else 0}],
               "changedPropIds": ["download-excel.n_clicks" if excel
                                  else "download-folder.n_clicks"],
               "state": [{"id": "download-version", "property": "value", "value": version}]}
    r = requests.post(served.url + "/_dash-update-component", json=request, timeout=300)
    assert r.status_code == 200, r.text[:500]
    data = r.json()["response"]["download"]["data"]
    import base64

    return data["filename"], base64.b64decode(data["content"])


@pytest.mark.e2e
def test_a_download_of_a_branch_version_is_named_after_its_own_scenario(open_app):  # noqa: F811
    from icsplan.store import transaction
    from icsplan.store.versions import branch_version

    scenario = open_app.ctx.scenario
    branch = scenario.replace(meta=scenario.meta.model_copy(update={"name": "braintree-pilot"}))
    with transaction(open_app.ctx.engine, "tester") as session:
        info = branch_version(session, branch, None, "tester", "a branch")
    name, content = _download(open_app, str(info.id), excel=False)
    assert name == f"braintree-pilot-v{info.id}.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert all(n.startswith(f"braintree-pilot-v{info.id}/") for n in zf.namelist())
    name, _ = _download(open_app, str(info.id), excel=True)
    assert name == f"braintree-pilot-v{info.id}.xlsx"
    name, _ = _download(open_app, "base", excel=False)
    assert name == f"{open_app.ctx.scenario.name}.zip"
