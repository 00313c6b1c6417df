"""Browser benchmark of the Carte page: websocket bytes and time, today's map against a baseline.

    .venv/bin/python scripts/bench_map.py                      # demonstration + 100,000 actors
    .venv/bin/python scripts/bench_map.py --actors 0           # demonstration only
    .venv/bin/python scripts/bench_map.py --baseline dd0245e   # compare with that commit

For each version (the baseline commit, extracted with ``git archive`` into a temporary folder, and
this working tree) and each dataset, it starts ``python -m observatoire serve`` on loopback, opens
the Carte page in Debian's Chromium as soon as the server answers, and records:

- the first view: websocket bytes received and seconds until the shapes are drawn and, when the
  view has points, until they are drawn too;
- a filter change (sector « Santé » chosen in the sidebar): websocket bytes and seconds from the
  choice to the new map drawn;
- what the map holds: shapes, and located actors drawn (light map) or cluster icons (baseline).

Bytes are payloads as the page receives them (Playwright ``framereceived``), so no compression of
the transport is counted; ``octets_websocket_carte`` counts the messages of the map component alone
(the rest is the page: sidebar, tables, the zones blanches section). Prints one JSON report; BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, StreamlitServer, choose_sector, free_port,
)

TIMEOUT = 120.0
SECTOR = "Santé"


class Server(StreamlitServer):
    """``python -m observatoire serve`` of one version of the code (any folder), on loopback,
    with the seconds it took to answer; stopped as the tests' server is."""

    def __init__(self, root: Path, env: dict[str, str | None], log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "w")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "observatoire", "serve", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none"],
            cwd=root, stdout=self.log, stderr=subprocess.STDOUT,
            env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
        )
        while True:
            if self.process.poll() is not None or time.monotonic() - started > 60:
                raise RuntimeError(f"le serveur ne démarre pas (voir {log})")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        self.startup_seconds = time.monotonic() - started

def _map_state(page, old=None, old_view=None) -> tuple[object, dict] | None:
    """A map frame with its shapes drawn, and what it holds: another frame than `old`, or
    `old` itself once it has drawn a view other than `old_view` (the light map keeps its frame
    across filter changes and redraws the view inside it)."""
    for frame in page.frames:
        if frame.is_detached():
            continue
        try:
            state = frame.evaluate(
                """() => ({
                    shapes: document.querySelectorAll('path.leaflet-interactive').length,
                    clusters: document.querySelectorAll('.marker-cluster').length,
                    points: window.observatoirePoints || null,
                    view: window.observatoireDrawn || null
                })"""
            )
        except Exception:  # frames come and go while Streamlit reruns
            continue
        if frame is old and (old_view is None or state["view"] in (None, old_view)):
            continue
        if state["shapes"]:
            return frame, state
    return None


def wait_for_map(page, points: str | None, old=None, old_view=None
                 ) -> tuple[object, dict, float, float | None]:
    """Wait for shapes, then for points; (frame, state, seconds to shapes, seconds to points).

    ``points``: "light" waits until every point is in the cluster (window.observatoirePoints),
    "clusters" until the first cluster icon shows (the baseline), None waits for no point."""
    start = time.monotonic()
    found = None
    while found is None:
        if time.monotonic() - start > TIMEOUT:
            raise TimeoutError("aucune carte dessinée")
        found = _map_state(page, old, old_view)
        if found is None:
            page.wait_for_timeout(20)
    shapes_at = time.monotonic() - start
    frame, state = found
    points_at = None
    while points and time.monotonic() - start < TIMEOUT:
        again = _map_state(page, old, old_view)
        state = again[1] if again else state
        if (points == "light" and state["points"]) or (points == "clusters" and state["clusters"]):
            points_at = time.monotonic() - start
            break
        page.wait_for_timeout(20)
    return frame, state, shapes_at, points_at


def measure(root: Path, env: dict[str, str | None], expect_points: str | None, log: Path,
            expect_after: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    server = Server(root, env, log)
    received = [0, 0]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

            def on_frame(payload):
                data = payload if isinstance(payload, bytes) else payload.encode()
                received[0] += len(data)
                # the map's own messages (streamlit-folium's component), apart from the page
                if b"st_folium" in data:
                    received[1] += len(data)

            def on_socket(ws):
                ws.on("framereceived", on_frame)

            page.on("websocket", on_socket)
            start = time.monotonic()
            page.goto(f"{server.url}/carte")
            frame, first, shapes_s, points_s = wait_for_map(page, expect_points)
            page.wait_for_timeout(1500)  # let the last messages of the run arrive
            first_bytes, first_map_bytes = received
            first_total = time.monotonic() - start

            received[:] = [0, 0]
            start = time.monotonic()
            choose_sector(page, SECTOR)
            _, after, change_shapes_s, change_points_s = wait_for_map(
                page, expect_after or expect_points, old=frame, old_view=first["view"])
            change_s = time.monotonic() - start
            page.wait_for_timeout(1500)
            change_bytes, change_map_bytes = received
            browser.close()
    finally:
        server.stop()
    return {
        "demarrage_serveur_s": round(server.startup_seconds, 2),
        "premiere_vue": {
            "octets_websocket": first_bytes,
            "octets_websocket_carte": first_map_bytes,
            "formes_s": round(shapes_s, 2),
            "points_s": round(points_s, 2) if points_s is not None else None,
            "formes": first["shapes"],
            "points": first["points"],
            "groupes_de_points": first["clusters"],
        },
        "changement_de_filtre": {
            "octets_websocket": change_bytes,
            "octets_websocket_carte": change_map_bytes,
            "formes_s": round(change_shapes_s, 2),
            "points_s": round(change_points_s, 2) if change_points_s is not None else None,
            "total_s": round(change_s, 2),
            "points": after["points"],
            "groupes_de_points": after["clusters"],
        },
        "premiere_vue_total_s": round(first_total, 2),
    }


def extract(rev: str, folder: Path) -> Path:
    """The files of a commit, without touching the repository's worktrees."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc de la page Carte dans Chromium.")
    parser.add_argument("--actors", type=int, default=100_000,
                        help="acteurs générés en plus du jeu de démonstration (0 : aucun)")
    parser.add_argument("--baseline", default=None,
                        help="commit de référence (défaut : git merge-base HEAD main)")
    args = parser.parse_args(argv)
    baseline = args.baseline or subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True, capture_output=True,
        text=True).stdout.strip()
    report: dict = {"reference": baseline, "secteur": SECTOR, "mesures": {}}
    with tempfile.TemporaryDirectory(prefix="observatoire-bench-carte-") as tmp:
        tmp_path = Path(tmp)
        versions = {"reference": extract(baseline, tmp_path / "reference"), "carte_legere": ROOT}
        datasets = {"demonstration": None}
        if args.actors:
            from observatoire.build import demo

            actors, projects = demo.generate(args.actors, int(args.actors * 0.4))
            demo.write(actors, projects, tmp_path / "donnees")
            datasets[f"{args.actors}_acteurs"] = tmp_path / "donnees"
        for data_name, folder in datasets.items():
            for version, root in versions.items():
                env = {"XDG_DATA_HOME": str(tmp_path / f"xdg-{version}"),
                       "OBSERVATOIRE_DATA_DIR": str(folder) if folder else None}
                expect = "light" if version == "carte_legere" else "clusters"
                first = expect
                if version == "reference" and folder is not None and args.actors > 30_000:
                    first = None  # the baseline draws no point above 30,000 actors
                key = f"{data_name}/{version}"
                report["mesures"][key] = measure(root, env, first, tmp_path / f"{version}.log",
                                                 expect_after=expect)
                print(key, json.dumps(report["mesures"][key], ensure_ascii=False), flush=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
