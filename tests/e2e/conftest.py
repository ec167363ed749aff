"""Browser-test plumbing: the app served on 127.0.0.1 in a thread, Debian's headless chromium, signing in.

Browser tests are skipped only when chromium is not installed at /usr/bin/chromium. Screenshots go to a temporary
folder; REGISTRY_SCREENSHOTS=1 refreshes the ones kept in docs/screenshots/.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "correct horse battery"


@contextmanager
def _serve(folder: Path, seed: Callable[[], None]):
    """(app, base URL) of the app on a SQLite file in ``folder``, migrated and seeded; stopped afterwards."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from registry import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'registry.db'}", "SECRET_KEY": "e2e-secret"})
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
        seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        from registry.extensions import db

        with app.app_context():
            db.engine.dispose()


def _sign_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


@pytest.fixture(scope="session")
def serve():
    """serve(folder, seed) -> context manager giving (app, base URL)."""
    return _serve


@pytest.fixture(scope="session")
def sign_in():
    """sign_in(page, base, username) through the sign-in form."""
    return _sign_in


@pytest.fixture(scope="session")
def shots() -> Path:
    kept = os.environ.get("REGISTRY_SCREENSHOTS") == "1"
    folder = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if kept
              else Path(tempfile.gettempdir()) / "registry-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield instance
        instance.close()
