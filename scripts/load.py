"""Load test: N headless Chromium sessions against a dashboard started on loopback.

    .venv/bin/python scripts/load.py --sessions 10 --duration 60
    .venv/bin/python scripts/load.py --sessions 25 --duration 60 --actors 100000

Starts ``streamlit run dashboard.py`` on 127.0.0.1 (a free port), drives N browser contexts of one
Chromium for a fixed duration, then stops everything it started. Each session loops: open the
Carte page, click a territory and time until Leaflet has drawn the new view (in the same map
frame, which the Carte keeps across filter changes), sometimes open another page and come back.
Reports errors (page errors, Streamlit exception boxes, timeouts), p50/p95 of "click -> map
drawn", and the server's RSS sampled every second.
Every request that is not for loopback goes to a dead proxy, as in the browser tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402

OTHER_PAGES = ["Vue d'ensemble", "Acteurs", "Projets", "Portrait de territoire", "Données et méthode"]
MAP_TIMEOUT = 60.0


def rss_kb(pid: int) -> int:
    """Resident memory of a process in kB, from /proc."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds all cores spent not idle since boot."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def sample_rss(pid: int, stop: threading.Event, samples: list[tuple[float, int]]) -> None:
    """Append (seconds since start, RSS in MB) every second until `stop` is set."""
    start = time.monotonic()
    while not stop.is_set():
        try:
            samples.append((round(time.monotonic() - start, 1), rss_kb(pid) // 1024))
        except OSError:
            return
        stop.wait(1.0)


async def drawn_frame(page, old=None, old_view=None):
    """The Carte map's frame once Leaflet has drawn a view other than `old_view` (the map keeps
    its frame across filter changes and redraws the view inside it), or a frame other than
    `old`; None after MAP_TIMEOUT seconds."""
    deadline = time.monotonic() + MAP_TIMEOUT
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame.is_detached():
                continue
            try:
                shapes, view = await frame.evaluate(
                    "() => [document.querySelectorAll('path.leaflet-interactive').length,"
                    " window.observatoireDrawn || null]")
            except Exception:  # frames are replaced while Streamlit reruns
                continue
            # the zones blanches map has shapes too, but no Carte view
            if not shapes or view is None:
                continue
            if frame is not old or (old_view is not None and view != old_view):
                return frame
        await asyncio.sleep(0.05)
    return None


async def drawn_view(frame):
    """The view the Carte map's frame has drawn."""
    return await frame.evaluate("() => window.observatoireDrawn || null")


async def exception_boxes(page) -> int:
    return await page.locator('[data-testid="stException"]').count()


async def click_a_territory(frame, rng: random.Random, last: list[int]) -> bool:
    """Click a polygon (points are arcs) other than the one already chosen, as a user does."""
    shapes = frame.locator("path.leaflet-interactive")
    polygons = [i for i in range(await shapes.count())
                if "a" not in ((await shapes.nth(i).get_attribute("d")) or "").lower()]
    # clicking the territory already selected changes nothing, so no new map would come
    polygons = [i for i in polygons if i not in last]
    if not polygons:
        return False
    chosen = rng.choice(polygons)
    last[:] = [chosen]
    await shapes.nth(chosen).dispatch_event("click")
    return True


async def session(browser, base_url: str, deadline: float, seed: int, stats: dict) -> None:
    """One user: open the map, click territories (a filter change each), switch pages."""
    rng = random.Random(seed)
    await asyncio.sleep(seed * 0.5)  # users arrive one after the other, not all at once
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(MAP_TIMEOUT * 1000)
    page.on("pageerror", lambda exc: stats["page_errors"].append(str(exc)[:200]))
    try:
        start = time.monotonic()
        await page.goto(f"{base_url}/carte")
        frame = await drawn_frame(page)
        if frame is None:
            stats["errors"].append("première carte absente")
            return
        stats["first_map_seconds"].append(time.monotonic() - start)
        last: list[int] = []
        while time.monotonic() < deadline:
            # a filter change: a click on a territory, which reruns the page with a new view
            start = time.monotonic()
            try:
                view = await drawn_view(frame)
                if not await click_a_territory(frame, rng, last):
                    stats["errors"].append("aucun territoire à cliquer")
                    break
                new = await drawn_frame(page, old=frame, old_view=view)
            except Exception as exc:
                stats["errors"].append(f"clic : {exc.__class__.__name__}")
                new = await drawn_frame(page)
            if new is None:
                stats["errors"].append(f"pas de nouvelle carte en {MAP_TIMEOUT:.0f} s")
                break
            stats["map_seconds"].append(time.monotonic() - start)
            frame = new
            if await exception_boxes(page):
                stats["errors"].append("exception Streamlit affichée (carte)")
            if rng.random() < 0.3 and time.monotonic() < deadline:
                # another page through the sidebar, then back to the map
                name = rng.choice(OTHER_PAGES)
                try:
                    await page.get_by_role("link", name=name).first.click()
                    await page.locator("h1", has_text=name).first.wait_for()
                    if await exception_boxes(page):
                        stats["errors"].append(f"exception Streamlit affichée ({name})")
                    stats["pages"] += 1
                    await page.get_by_role("link", name="Carte").first.click()
                    # the filters survive the trip: `last` still names the selected territory;
                    # the page switch drew a new frame
                    frame = await drawn_frame(page, old=frame)
                except Exception as exc:
                    stats["errors"].append(f"{name} : {exc.__class__.__name__}")
                    frame = None
                if frame is None:
                    stats["errors"].append("retour à la carte sans carte")
                    break
    finally:
        await context.close()


async def drive(base_url: str, sessions: int, duration: float) -> dict:
    from playwright.async_api import async_playwright

    stats: dict = {"errors": [], "page_errors": [], "map_seconds": [], "first_map_seconds": [],
                   "pages": 0}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        deadline = time.monotonic() + duration
        await asyncio.gather(*(session(browser, base_url, deadline, i, stats)
                               for i in range(sessions)))
        await browser.close()
    return stats


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Test de charge du tableau de bord (boucle locale).")
    parser.add_argument("--sessions", type=int, default=10, help="sessions simultanées")
    parser.add_argument("--duration", type=float, default=60, help="durée en secondes (max 600)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="attente maximale d'une carte, en secondes (défaut : %(default)s)")
    parser.add_argument("--actors", type=int, default=0,
                        help="acteurs générés (0 : jeu de démonstration livré)")
    args = parser.parse_args(argv)
    duration = min(max(args.duration, 5), 600)
    sessions = min(max(args.sessions, 1), 50)
    globals()["MAP_TIMEOUT"] = min(max(args.timeout, 5), 600)
    with tempfile.TemporaryDirectory(prefix="observatoire-load-") as tmp:
        env = {"XDG_DATA_HOME": str(Path(tmp) / "xdg"), "OBSERVATOIRE_DATA_DIR": None}
        if args.actors:
            from observatoire.build import demo

            actors, projects = demo.generate(args.actors, int(args.actors * 0.4))
            demo.write(actors, projects, Path(tmp) / "donnees")
            env["OBSERVATOIRE_DATA_DIR"] = str(Path(tmp) / "donnees")
        os.environ["PYTEST_LOG_DIR"] = tmp
        server = StreamlitServer(env=env)
        samples: list[tuple[float, int]] = []
        stop = threading.Event()
        sampler = threading.Thread(target=sample_rss, args=(server.process.pid, stop, samples))
        sampler.start()
        try:
            started = time.monotonic()
            cpu_before, busy_before = process_cpu(server.process.pid), machine_busy()
            stats = asyncio.run(drive(server.url, sessions, duration))
            server_cpu = process_cpu(server.process.pid) - cpu_before
            machine_cpu = machine_busy() - busy_before
            elapsed = time.monotonic() - started
        finally:
            stop.set()
            sampler.join()
            server.stop()
    rss = [mb for _, mb in samples]
    app_errors = [e for e in stats["errors"] if "exception" in e or "aucun territoire" in e]
    thirds = [rss[i * len(rss) // 3:(i + 1) * len(rss) // 3] for i in range(3)] if rss else []
    report = {
        "sessions": sessions,
        "duree_s": round(elapsed, 1),
        "acteurs": args.actors or "démonstration",
        "premiere_carte_p50_s": percentile(stats["first_map_seconds"], 0.5),
        "premiere_carte_max_s": max(stats["first_map_seconds"], default=None),
        "changements_de_filtre": len(stats["map_seconds"]),
        "autres_pages": stats["pages"],
        # what the application did wrong, apart from the driver giving up on a starved browser
        "erreurs": len(app_errors) + len(stats["page_errors"]),
        "delais_depasses": len(stats["errors"]) - len(app_errors),
        "detail_erreurs": (stats["errors"] + stats["page_errors"])[:20],
        "filtre_vers_carte_p50_s": percentile(stats["map_seconds"], 0.5),
        "filtre_vers_carte_p95_s": percentile(stats["map_seconds"], 0.95),
        "cpu_serveur_coeurs": round(server_cpu / elapsed, 2),
        "cpu_machine_coeurs": round(machine_cpu / elapsed, 2),
        "rss_serveur_mo": {
            "debut": rss[0] if rss else None,
            "max": max(rss) if rss else None,
            "fin": rss[-1] if rss else None,
            "max_par_tiers": [max(t) if t else None for t in thirds],
        },
        "rss_echantillons": samples,
    }
    for key in ("filtre_vers_carte_p50_s", "filtre_vers_carte_p95_s"):
        if report[key] is not None:
            report[key] = round(report[key], 2)
    summary = {k: v for k, v in report.items() if k != "rss_echantillons"}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps({"rss_echantillons": samples}))
    return 0 if report["erreurs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
