"""Accessibility in a real browser: axe-core finds no serious or critical violation on the
dashboard and the admin's change form (the public pages are checked in
test_public_journey.py), and the keyboard alone reaches every control of the public list's
filter form and of the dashboard's period picker, with the focus visible on each."""

import datetime

import pytest

from tests.factories import DelegationFactory, DelegationMemberFactory, ForeignPartnerFactory

from .axe import assert_accessible, blocking_violations
from .conftest import PASSWORD, log_in, url

pytestmark = pytest.mark.django_db(transaction=True)

# Tags every element the keyboard reaches, in order, and says whether its focus is visible:
# a real outline or a box shadow while it has the focus.
FOCUS_PROBE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  if (!element.dataset.tabOrder) element.dataset.tabOrder = String(window.__tabCount = (window.__tabCount || 0) + 1);
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {order: element.dataset.tabOrder, visible: outlined || style.boxShadow !== "none",
          focusVisible: element.matches(":focus-visible"), tag: element.tagName,
          name: element.name || element.id || element.textContent.trim().slice(0, 40)};
}"""

# The controls of a form a person can use: visible and enabled, hidden inputs aside.
CONTROLS = """form => [...form.querySelectorAll("a[href], button, input, select, textarea")]
  .filter(e => e.type !== "hidden" && !e.disabled && e.checkVisibility())
  .map(e => e.name || e.id || e.textContent.trim())"""


def tab_through(page, limit=80):
    """Press Tab from the top of the page until the focus comes back round (or ``limit``):
    what each press focused, as FOCUS_PROBE describes it."""
    page.locator("body").click(position={"x": 1, "y": 1})
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_PROBE)
        if focused is None:
            continue
        if reached and focused["order"] == reached[0]["order"]:
            break
        reached.append(focused)
    return reached


def assert_keyboard_reaches_every_control(page, form_selector):
    controls = page.locator(form_selector).evaluate(CONTROLS)
    assert controls, form_selector
    reached = tab_through(page)
    names = [focused["name"] for focused in reached]
    missing = [name for name in controls if name not in names]
    assert not missing, f"not reached by the keyboard: {missing}"
    for focused in reached:
        assert focused["focusVisible"] and focused["visible"], f"focus not visible: {focused}"


def test_the_keyboard_reaches_every_filter_of_the_public_list(open_page):
    DelegationFactory(public=True, countries=["JP", "KR"])
    page = open_page("desktop")
    page.goto(url("delegations:delegation_list", query="direction=inbound"))
    # With a filter set, the form also offers "Clear".
    assert_keyboard_reaches_every_control(page, "form.filters")


def test_the_dashboard_is_accessible_and_its_period_picker_keyboard_reachable(open_page, viewer):
    DelegationFactory(start_date=datetime.date(2025, 3, 1), countries=["JP", "FR"])
    DelegationFactory(start_date=datetime.date(2024, 3, 1))
    page = open_page("desktop")
    log_in(page, viewer.username, PASSWORD)
    for language in ("vi", "en"):
        page.goto(
            url("reports:dashboard", language=language, query="kind=year&year=2025&compare=on")
        )
        assert_accessible(page)
    assert_keyboard_reaches_every_control(page, "form.period-form")


# Django's own admin widgets carry violations that are Django's, not ours: the select2
# autocomplete (an unlabelled search field) and the two-list selector (aria-label on a
# span). They are left out of the check; everything else on the form is checked.
DJANGO_WIDGETS = {"exclude": [[".select2-container"], [".selector"]]}


def test_the_admin_change_form_has_no_serious_accessibility_violation(open_page, editor):
    delegation = DelegationFactory(partners=[ForeignPartnerFactory()])
    DelegationMemberFactory(delegation=delegation)
    page = open_page("desktop")
    log_in(page, editor.username, PASSWORD)
    page.goto(url("admin:delegations_delegation_change", delegation.pk))
    assert page.locator(".select2-container").count() >= 1  # what is excluded exists
    assert blocking_violations(page, context=DJANGO_WIDGETS) == []
