"""Screenshots of the demo for the README (``make screenshots``).

Builds a throw-away SQLite database in a temporary folder, migrates it and loads the demo
(``load_demo``), serves it with ``runserver`` on a free local port, and photographs each page
listed in ``SHOTS`` in headless Chromium (Debian's, at /usr/bin/chromium: nothing is
downloaded) into ``docs/screenshots/``. The local database ``var/db.sqlite3`` is not touched.

    .venv/bin/python scripts/screenshots.py            # every screenshot
    .venv/bin/python scripts/screenshots.py home dashboard   # only these (file names)

A page that answers with an error, logs a console error or asks another host for anything
stops the script: a screenshot of a broken page is worse than none.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIME_ZONE = "Asia/Ho_Chi_Minh"  # settings.TIME_ZONE
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# The demo names partners in their own scripts (Japanese, Korean, Lao): without a font for
# each, Chromium draws empty boxes. Language (for fc-list) → the Debian package with a font.
FONTS = {
    "ja": "fonts-noto-cjk",
    "ko": "fonts-noto-cjk",
    "lo": "fonts-noto-core",
    "vi": "fonts-dejavu-core",
}
# The demo accounts load_demo creates (DEBUG only).
PASSWORDS = {"editor": "editor-demo", "viewer": "viewer-demo"}


@dataclass
class Shot:
    """One screenshot: ``path`` is opened (as ``user``, if any); ``click`` then follows the
    first link with that text inside ``main`` or the admin's content; ``full_page`` takes
    the whole page rather than the first screen."""

    name: str
    path: str
    user: str | None = None
    phone: bool = False
    full_page: bool = False
    click: str | None = None


SHOTS = [
    Shot("home", "/"),
    Shot("home-phone", "/", phone=True),
    Shot("twin-cities", "/twin-cities/", full_page=True),
    Shot("twin-cities-en", "/en/twin-cities/", full_page=True),
    Shot("twin-cities-phone", "/twin-cities/", phone=True),
    Shot("twin-city", "/twin-cities/", click="Okayama", full_page=True),
    Shot("twin-city-en", "/en/twin-cities/", click="Okayama", full_page=True),
    Shot("delegations", "/delegations/?direction=inbound&year=2025"),
    Shot("delegations-phone", "/delegations/?direction=inbound&year=2025", phone=True),
    Shot("delegation-en", "/en/delegations/?q=Consul+General+of+Germany", click="received by"),
    Shot("agreements", "/agreements/"),
    Shot("agreement", "/agreements/?q=Okayama", click="Okayama", full_page=True),
    Shot("conferences", "/conferences/"),
    Shot("conference-en", "/en/conferences/?q=France", click="France", full_page=True),
    Shot("aid", "/aid/"),
    Shot("dashboard", "/dashboard/?kind=year&year=2025&compare=on", "viewer", full_page=True),
    Shot("dashboard-en", "/en/dashboard/?kind=year&year=2025&compare=on", "viewer"),
    Shot("admin-delegations", "/admin/delegations/delegation/", "editor"),
    Shot(
        "admin-delegation-change",
        "/admin/delegations/delegation/?q=tong+lanh+su+duc+tham+va+lam+viec+voi+lanh+dao",
        "editor",
        click="Tổng Lãnh sự Đức",
        full_page=True,
    ),
    Shot("admin-relationships", "/admin/partners/relationship/", "editor", full_page=True),
    Shot(
        "admin-relationship-change",
        "/admin/partners/relationship/?q=okayama",
        "editor",
        click="Okayama",
        full_page=True,
    ),
    Shot(
        "admin-agreements-expiring-en",
        "/en/admin/agreements/agreement/?attention=expiring",
        "editor",
    ),
    Shot("admin-conferences", "/admin/conferences/conference/", "editor"),
    Shot("admin-aid-totals", "/admin/aid/aidproject/?committed_on__year=2021", "editor"),
]


def missing_fonts():
    """The Debian packages to install for the languages no installed font covers."""
    missing = set()
    for language, package in FONTS.items():
        found = subprocess.run(
            ["fc-list", f":lang={language}", "family"], capture_output=True, text=True
        ).stdout
        if not found.strip():
            missing.add(package)
    return sorted(missing)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The demo server did not answer at {url}.")


class Problems:
    """What would make a screenshot show a broken page."""

    def __init__(self, page, origin):
        self.found = []
        page.on(
            "console",
            lambda message: message.type == "error" and self.found.append(message.text),
        )
        page.on("pageerror", lambda error: self.found.append(str(error)))
        page.on("requestfailed", lambda request: self.found.append(f"failed: {request.url}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and self.found.append(f"{response.status}: {response.url}")
            ),
        )
        page.on(
            "request",
            lambda request: (
                urlsplit(request.url).scheme in ("http", "https")
                and not request.url.startswith(origin)
                and self.found.append(f"other host: {request.url}")
            ),
        )


def take(browser, origin, shot):
    context = browser.new_context(
        viewport=PHONE if shot.phone else DESKTOP,
        device_scale_factor=2 if shot.phone else 1,
        is_mobile=shot.phone,
        has_touch=shot.phone,
        base_url=origin,
        # The department's time zone: else the admin's date fields note the difference.
        timezone_id=TIME_ZONE,
    )
    page = context.new_page()
    problems = Problems(page, origin)
    if shot.user:
        page.goto("/admin/login/")
        page.fill("#id_username", shot.user)
        page.fill("#id_password", PASSWORDS[shot.user])
        page.click("#login-form [type=submit]")
        page.wait_for_url("**/admin/")
    page.goto(shot.path)
    if shot.click:
        scope = page.locator("main, #content")
        scope.get_by_role("link", name=shot.click).first.click()
        page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    target = OUTPUT / f"{shot.name}.png"
    page.screenshot(path=target, full_page=shot.full_page, animations="disabled")
    context.close()
    if problems.found:
        raise SystemExit(f"{shot.name} ({page.url}): " + "; ".join(problems.found))
    print(f"  {target.relative_to(ROOT)}  {page.url.removeprefix(origin)}")


def main(names):
    shots = [shot for shot in SHOTS if not names or shot.name in names]
    unknown = set(names) - {shot.name for shot in SHOTS}
    if unknown:
        raise SystemExit(f"No such screenshot: {', '.join(sorted(unknown))}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Screenshots need Chromium at {CHROMIUM} (apt-get install chromium).")
    if packages := missing_fonts():
        raise SystemExit(
            "Some names of the demo would show as empty boxes: apt-get install "
            + " ".join(packages)
        )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dt-screenshots-") as folder:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
        }
        env.pop("REDIS_URL", None)
        print("== demo database")
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        manage(env, "load_demo", stdout=subprocess.DEVNULL)
        port = free_port()
        origin = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(origin + "/")
            print(f"== screenshots from {origin}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for shot in shots:
                    take(browser, origin, shot)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1:])
