"""Browser tests: Playwright for Python driving Debian's Chromium (``/usr/bin/chromium``)
against pytest-django's live server. One browser for the whole session; each test gets
fresh browser contexts (cookies, viewport) from ``open_page``.

Every page opened through ``open_page`` is watched: a console error, an uncaught script
error, a failed request, a response of 400 or more, or a request to any host other than
the live server fails the test at its end (``PageWatch``). Nothing here downloads a
browser; where Chromium is absent the tests are skipped, saying so (CI installs it)."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CHROMIUM = Path("/usr/bin/chromium")
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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# Long enough for a PDF report on a busy CI machine, short enough to fail fast.
TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, shared by every browser test of the session."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium); "
            ".ci/run installs it."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; the tests still call
    # the ORM between page actions, which Django refuses in a thread with a loop unless told.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageWatch:
    """Collects what a visitor would count as broken while a page is used."""

    def __init__(self, page, origin):
        self.origin = origin
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location['url']})")

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another host: {request.url}")

    def _failed(self, request):
        # ERR_ABORTED is the browser cancelling a request itself: the page navigated away
        # before a subresource (typically the favicon, fetched after load) came back. The
        # server answered nothing wrong; a real failure is a status of 400 or more
        # (``_response``) or another network error (refused, reset, blocked by CSP).
        if request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(f"failed request: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(viewport="desktop")`` → a new page in its own browser context (its own
    cookies), watched by ``PageWatch``; the test fails at its end if any watch saw a problem."""
    contexts, watches = [], []
    origin = live_server.url

    def opener(viewport="desktop", **options):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            base_url=origin,
            accept_downloads=True,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            # A person at the department: else the admin's date fields note the difference.
            timezone_id=settings.TIME_ZONE,
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watches.append(PageWatch(page, origin))
        return page

    yield opener
    for context in contexts:
        context.close()
    problems = [problem for watch in watches for problem in watch.problems]
    assert not problems, "\n".join(problems)


def url(name, *args, language="vi", query=""):
    """The path of a named URL in a language (Vietnamese has no prefix, English /en/)."""
    with translation.override(language):
        path = reverse(name, args=args)
    return f"{path}?{query}" if query else path


def log_in(page, username, password, language="vi"):
    """Sign in through the admin's login form, as a person does."""
    page.goto(url("admin:login", language=language))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def log_out(page):
    """Log out with the admin's log-out button (a POST form)."""
    page.click("#logout-form button")
    page.wait_for_load_state()


PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
