"""Sign-in with a real OpenID Connect provider (npm oidc-provider, tests/browser/oidc/).

The dashboard is configured with ``[auth]`` (st.login) and ``[gestion]`` (managers by group):
an anonymous visitor and a signed-in non-manager see no import control; a manager imports and
the history names them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from observatoire import storage
from tests.browser.conftest import StreamlitServer, free_port
from tests.browser.test_upload import GRENOBLE, open_data_page
from tests.corpus import csv_bytes

OIDC_DIR = Path(__file__).resolve().parent / "oidc"


class OidcProvider:
    """node provider.js on loopback; `make test` runs npm ci in its folder first."""

    def __init__(self, redirect_uri: str, log_dir: Path):
        if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError(f"oidc-provider absent : lancez « npm ci » dans {OIDC_DIR} "
                               "(ou « make oidc »)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_dir / "oidc.log", "w")
        self.process = subprocess.Popen(
            [shutil.which("node") or "node", "provider.js", str(self.port), redirect_uri],
            cwd=OIDC_DIR, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                        f"{self.url}/.well-known/openid-configuration", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("le fournisseur OIDC ne démarre pas")
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("connexion")
    port = free_port()
    redirect = f"http://127.0.0.1:{port}/oauth2callback"
    provider = OidcProvider(redirect, folder)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect}"\n'
        'cookie_secret = "secret-des-cookies-de-test-0123456789"\n'
        'client_id = "observatoire"\n'
        'client_secret = "secret-de-test-observatoire"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n'
        # Streamlit asks prompt=select_account, which oidc-provider's defaults do not know
        'client_kwargs = { prompt = "login" }\n'
        "[gestion]\n"
        'groupes = ["observatoire-gestion"]\n',
        encoding="utf-8",
    )
    data = folder / "donnees"
    try:
        srv = StreamlitServer(
            env={storage.ENV_VAR: str(data), storage.DATABASE_ENV_VAR: None,
                 "TMPDIR": str(tmp_path_factory.mktemp("envois"))},
            port=port, args=("--secrets.files", str(secrets)),
        )
    except Exception:
        provider.stop()
        raise
    srv.data = data
    yield srv
    srv.stop()
    provider.stop()
    storage.dispose_engines()


def sign_in(page, server, login: str) -> None:
    open_data_page(page, server)
    page.get_by_role("button", name="Se connecter (gestionnaires des données)").click()
    # the provider's development login form, then its consent page
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("mot-de-passe-quelconque")
    page.locator('button[type="submit"]').click()
    consent = page.locator('button[type="submit"]', has_text="Continue")
    if consent.count() or page.url.startswith("http://127.0.0.1") and "/interaction/" in page.url:
        consent.click()
    page.wait_for_url(f"{server.url}/**")
    open_data_page(page, server)


def test_an_anonymous_visitor_reads_but_cannot_import(server, page):
    open_data_page(page, server)
    page.get_by_text("réservés aux gestionnaires des données").first.wait_for()
    assert page.locator('input[type="file"]').count() == 0
    assert page.get_by_role("button", name="Restaurer la version précédente").count() == 0
    page.get_by_role("button", name="Se connecter (gestionnaires des données)").wait_for()


def test_a_signed_in_non_manager_cannot_import(server, page):
    sign_in(page, server, "lecteur")
    page.get_by_text("lecteur@region.test").first.wait_for()
    page.get_by_text("n'est pas gestionnaire des données").first.wait_for()
    assert page.locator('input[type="file"]').count() == 0
    assert not storage.read_history(server.data)


def test_a_manager_signs_in_imports_and_is_named_in_the_history(server, page, tmp_path):
    sign_in(page, server, "gestionnaire")
    page.get_by_text("Connecté : gestionnaire@region.test").first.wait_for()
    path = tmp_path / "acteurs_grenoble.csv"
    path.write_bytes(csv_bytes(GRENOBLE))
    page.locator('input[type="file"]').first.set_input_files(str(path))
    page.get_by_role("button", name="Confirmer l'import").click()
    page.locator('[data-testid="stAlert"]').filter(
        has_text="Import de « acteurs_grenoble.csv » enregistré").wait_for()
    history = storage.read_history(server.data)
    assert [(h["action"], h["author"]) for h in history] == [
        ("import", "gestionnaire@region.test")]
