"""Two dashboard servers on one PostgreSQL: an import through one is shown by the other."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import storage
from tests.browser.conftest import ROOT, StreamlitServer
from tests.browser.test_upload import GRENOBLE, metric_value, open_data_page
from tests.corpus import csv_bytes


@pytest.fixture(scope="module")
def servers(postgres, tmp_path_factory):
    url = postgres.database("deux_serveurs")
    env = {storage.DATABASE_ENV_VAR: url, storage.ENV_VAR: None,
           "XDG_DATA_HOME": str(tmp_path_factory.mktemp("xdg")),
           "TMPDIR": str(tmp_path_factory.mktemp("envois"))}
    first = StreamlitServer(env=env)
    try:
        second = StreamlitServer(env=env)
    except Exception:
        first.stop()
        raise
    yield first, second, url
    first.stop()
    second.stop()
    storage.dispose_engines()


def wait_metric(page, label: str, value: str) -> None:
    page.wait_for_function(
        "([label, value]) => [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".some(m => m.innerText.includes(label) && m.innerText.trim().endsWith(value))",
        arg=[label, value], timeout=60_000,
    )


def test_an_import_through_one_server_is_shown_by_the_other(servers, browser, tmp_path):
    first, second, url = servers
    demo = len(pd.read_csv(ROOT / "data" / "acteurs.csv"))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        on_first, on_second = context.new_page(), context.new_page()
        for page in (on_first, on_second):
            page.set_default_timeout(60_000)
        open_data_page(on_second, second)
        assert metric_value(on_second, "Acteurs") == f"{demo:,}".replace(",", "\u202f")

        path = tmp_path / "acteurs_grenoble.csv"
        path.write_bytes(csv_bytes(GRENOBLE))
        open_data_page(on_first, first)
        on_first.locator('input[type="file"]').first.set_input_files(str(path))
        on_first.get_by_text("Après l'import : 6 acteurs et 0 projet").first.wait_for()
        on_first.get_by_role("button", name="Confirmer l'import").click()
        on_first.locator('[data-testid="stAlert"]').filter(
            has_text="Import de « acteurs_grenoble.csv » enregistré").wait_for()
        wait_metric(on_first, "Acteurs", "6")

        # the other server: its next page load reads the new version from the shared database
        open_data_page(on_second, second)
        wait_metric(on_second, "Acteurs", "6")
        wait_metric(on_second, "Projets", "0")
        store = storage.Store(url)
        assert [v.action for v in store.history()] == ["import"]
        assert len(store.read("acteurs", store.current())) == 6
    finally:
        context.close()
