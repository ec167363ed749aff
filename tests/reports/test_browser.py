"""Report pages in headless Chromium: every chart draws with the plotly.js from our static files and the
browser logs no console error (the CSP would report blocked inline scripts or remote files there)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "browser check lantern"  # passes the password policy (docs/security-accounts.md)
PAGES = ["incidence", "incidence?by=site", "trends?series=sex", "age", "stage", "survival?by=sex", "quality"]


@pytest.fixture
def served(ctx, add_cases, populate, actor) -> Iterator[str]:
    from werkzeug.serving import make_server

    from registry.accounts.operations import create_user
    from registry.extensions import db

    if not ctx.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the browser check runs once, on the SQLite database")
    populate()
    for sex, site, age in (("2", "breast", 62), ("1", "colon", 70), ("2", "colon", 55), ("1", "prostate", 68)):
        add_cases(40, sex=sex, site=site, age=age, year=2020, dx="20200301", dlc="20241231")
        add_cases(20, sex=sex, site=site, age=age, year=2021, dx="20210301", dlc="20220101", vital="0", cod="C349")
    create_user("browser_epi", PASSWORD, "epidemiologist", actor=actor)
    db.session.commit()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server_name = ctx.config["SERVER_NAME"]
    ctx.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", port, ctx, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join()
        ctx.config["SERVER_NAME"] = server_name


def test_charts_draw_without_console_errors(served: str) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.goto(f"{served}/login")
            page.fill("input[name=username]", "browser_epi")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            for name in PAGES:
                page.goto(f"{served}/reports/{name}")
                page.wait_for_selector(".plot[data-drawn=yes]", timeout=30_000)
                assert page.locator(".plot .main-svg").count() >= 1, name
                assert page.locator("script:not([src])").count() == 0
                sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
                assert all(src.startswith(served + "/static/") for src in sources), sources
        finally:
            browser.close()
    assert problems == []
