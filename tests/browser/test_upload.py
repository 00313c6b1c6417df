"""Upload in a real browser: send a file, read the preview, confirm, see the new actors mapped."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from observatoire import storage
from tests.browser.conftest import ROOT, StreamlitServer, map_frame
from tests.corpus import csv_bytes

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "observatoire-captures"))
# five actors in Grenoble (38185), with coordinates near its centre
GRENOBLE = [
    ["nom", "code_commune", "latitude", "longitude", "secteur", "forme_juridique"],
    *[[f"Structure envoyée {i}", "38185", f"45.18{i}", f"5.72{i}", "culture", "association"]
      for i in range(5)],
    ["<img src=x onerror=alert(1)>", "38185", "45.19", "5.73", "sante", "SCOP"],
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # the dashboard reads (and the upload writes) a tmp folder pre-filled with the demo files
    folder = tmp_path_factory.mktemp("donnees")
    for name in ("acteurs.csv", "projets.csv"):
        shutil.copy(ROOT / "data" / name, folder / name)
    srv = StreamlitServer(env={"OBSERVATOIRE_DATA_DIR": str(folder),
                               "TMPDIR": str(tmp_path_factory.mktemp("envois"))})
    srv.folder = folder
    yield srv
    srv.stop()


def open_data_page(page, server) -> None:
    """The data page, without the "Page not found" dialog a first deep link can raise."""
    page.goto(server.url)
    page.get_by_text("Acteurs non localisés").first.wait_for()
    page.goto(f"{server.url}/donnees-methode")
    page.get_by_text("Importer vos données").first.wait_for()
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        page.keyboard.press("Escape")
        dialog.first.wait_for(state="hidden")


def metric_value(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def points_drawn(frame, timeout_ms: int = 60_000) -> dict:
    """What the map's cluster holds once the points were built: {drawn, sent}."""
    frame.wait_for_function("() => window.observatoirePoints !== undefined", timeout=timeout_ms)
    return frame.evaluate("() => window.observatoirePoints")


def test_upload_preview_confirm_then_the_map_shows_the_new_actors(server, page, tmp_path,
                                                                  blocked_requests):
    path = tmp_path / "acteurs_grenoble.csv"
    path.write_bytes(csv_bytes(GRENOBLE))
    demo_count = len(pd.read_csv(ROOT / "data" / "acteurs.csv"))
    open_data_page(page, server)
    page.locator('input[type="file"]').first.set_input_files(str(path))
    page.get_by_text("Aperçu (rien n'est encore écrit)").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_text("Premières lignes acceptées :", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "donnees_methode_apercu.png"))
    # nothing written before confirmation (the CSV folder was taken over as version 1)
    assert len(storage.read_current(server.folder, "acteurs")) == demo_count
    assert len(storage.read_history(server.folder)) == 1
    page.get_by_role("button", name="Confirmer l'import").click()
    # the success message (the page may still show the previous "aucun import" notice a moment)
    success = page.locator('[data-testid="stAlert"]').filter(has_text="enregistré").first
    success.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".some(m => m.innerText.includes('Acteurs') && m.innerText.trim().endsWith('6'))",
        timeout=60_000,
    )
    assert metric_value(page, "Acteurs") == "6"
    written = storage.read_current(server.folder, "acteurs")
    assert len(written) == 6 and "<img src=x onerror=alert(1)>" in set(written["nom"])
    # the history lists the import
    page.get_by_text("acteurs_grenoble.csv").first.wait_for()
    success.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "donnees_methode_apres_import.png"))

    page.goto(f"{server.url}/carte?departement=38")
    # the compact point layer says how many points it put in the cluster once it is done; a
    # rerun of the page may replace the map's frame meanwhile: then look at the new one
    drawn = None
    for _ in range(4):
        try:
            drawn = points_drawn(map_frame(page), timeout_ms=30_000)
            break
        except Exception:  # the frame was replaced (detached) or not yet drawn
            page.wait_for_timeout(1000)
    assert drawn == {"drawn": 6, "sent": 6}
    assert not page.evaluate("() => window.__xss === true")
    page.screenshot(path=str(SHOTS / "carte_apres_import.png"))
    assert blocked_requests == []


def test_the_overview_counts_the_uploaded_actors(server, page):
    page.goto(server.url)
    page.get_by_text("Acteurs non localisés").first.wait_for()
    value = metric_value(page, "Acteurs")
    assert re.fullmatch(r"\d+", value)
