"""axe-core (the copy shipped in axe-playwright-python, no npm) run in a Playwright page."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = ("serious", "critical")
_axe = Axe()


def blocking_violations(page, *, context=None):
    """axe-core's violations of impact serious or critical on the page as it is now, each
    as ``(rule, impact, [targets])``: WCAG 2.x A and AA and axe's best practices."""
    results = _axe.run(page, context=context) if context else _axe.run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def assert_accessible(page):
    violations = blocking_violations(page)
    assert not violations, f"{page.url}: " + "; ".join(
        f"{rule} ({impact}) at {targets}" for rule, impact, targets in violations
    )
