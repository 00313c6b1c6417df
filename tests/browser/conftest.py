"""Browser tests: one real ``streamlit run`` per module, Debian's chromium driven by Playwright.

Every request that does not go to the app itself is sent to a dead proxy (so it fails) and is
recorded, so a test can assert that the page worked with no network at all. (Playwright's
``page.route`` is not used: intercepting requests stops Streamlit's lazily loaded widgets from
rendering.)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # everything but loopback goes through a proxy that does not exist: no request leaves
    "--proxy-server=http://127.0.0.1:9",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """A real dashboard process on loopback."""

    # what `make run` starts; ("-m", "streamlit", "run", "dashboard.py") is the plain way
    LAUNCHER = ("-m", "observatoire", "serve")

    def __init__(self, env: dict[str, str | None] | None = None, launcher: tuple[str, ...] = LAUNCHER,
                 port: int | None = None, args: tuple[str, ...] = ()):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir = Path(os.environ.get("PYTEST_LOG_DIR", "/tmp"))
        self.log = open(log_dir / f"streamlit-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [
                sys.executable, *launcher,
                "--server.port", str(self.port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--server.fileWatcherType", "none",
                *args,
            ],
            cwd=ROOT,
            env={k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit s'est arrêté (code {self.process.returncode})")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError("streamlit ne répond pas")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # an empty user data folder: the dashboard shows the embedded demonstration data
    home = tmp_path_factory.mktemp("xdg")
    srv = StreamlitServer(env={"XDG_DATA_HOME": str(home), "OBSERVATOIRE_DATA_DIR": None})
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def blocked_requests() -> list[str]:
    return []


@pytest.fixture
def page(browser, blocked_requests):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)

    def record(request):
        url = request.url
        if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).hostname not in LOCAL_HOSTS:
            blocked_requests.append(url)

    context.on("request", record)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def map_frame(page, timeout: float = 60, settle_ms: int = 1500):
    """The frame whose Leaflet map has drawn, once Streamlit has stopped replacing it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.locator("path.leaflet-interactive").count() == 0:
                    continue
                # the first rerun of a page may swap the map's iframe: wait and look again
                page.wait_for_timeout(settle_ms)
                if not frame.is_detached() and frame.locator("path.leaflet-interactive").count():
                    return frame
            except Exception:  # frames come and go while Streamlit reruns
                pass
        page.wait_for_timeout(300)
    raise TimeoutError("aucune forme Leaflet dessinée")


def choose_sector(page, name: str) -> None:
    """Pick a sector in the sidebar, as a user does."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Secteurs")
    box.locator("input").click()
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")


def wait_until_idle(page, timeout: float = 60_000) -> None:
    """Until Streamlit's run has ended (no "running" status): a download button builds its file
    on demand for the run it belongs to, so it is pressed once the page is drawn for good."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                           timeout=timeout)
