"""The watch every browser test relies on (``conftest.PageWatch``) reports what a visitor
would count as broken, and only that: a browser cancelling its own request is not a fault."""

import pytest

from .conftest import DESKTOP, PageWatch, url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched(browser, live_server):
    """A page in its own context with a watch that the test reads itself (``open_page``
    would fail the test on the very problems these tests provoke)."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    watch = PageWatch(page, live_server.url)
    yield page, watch
    context.close()


def test_a_missing_page_is_reported(watched):
    page, watch = watched
    page.goto("/khong-co-trang-nay/")
    assert any(problem.startswith("HTTP 404:") for problem in watch.problems), watch.problems


def test_a_refused_request_is_reported(watched):
    page, watch = watched
    page.route("**/favicon.svg", lambda route: route.abort("connectionrefused"))
    page.goto(url("core:home"))
    page.wait_for_load_state("networkidle")
    assert any(
        "favicon.svg" in problem and "ERR_CONNECTION_REFUSED" in problem
        for problem in watch.problems
    ), watch.problems


def test_a_request_the_browser_cancels_is_not_a_fault(watched):
    """The favicon comes after the page has loaded; a test that clicks at once navigates
    away and Chromium aborts it (net::ERR_ABORTED), which once failed CI at random."""
    page, watch = watched
    page.route("**/favicon.svg", lambda route: route.abort("aborted"))
    page.goto(url("core:home"))
    page.wait_for_load_state("networkidle")
    assert watch.problems == []
