"""Query budgets: every public list and detail page, the dashboard, and every record admin's
change list (plain, filtered, searched) and change page, at two data sizes (``generate_data`` at a tiny and a ten times
larger scale), with the cache empty (the most queries). The budget is one fixed number per
page: it must hold at both sizes, so a query per row fails it."""

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from aid.models import AidProject
from conferences.models import Conference
from core.bench import admin_filter
from core.generate import Generator
from core.models import Visibility
from delegations.models import Delegation
from partners.models import ForeignPartner, Relationship

from .factories import UserFactory

pytestmark = pytest.mark.django_db

# Ten times more rows in the large one: 4 and 40 conferences, 40 and 400 delegations.
SIZES = {"small": 0.01, "large": 0.1}

PUBLIC_BUDGETS = {
    "home": 6,
    "relationship_list": 6,
    "relationship_detail": 6,
    "delegation_list": 7,
    "delegation_detail": 4,  # the record, sectors, public partners, the photo gallery
    "agreement_list": 8,
    "agreement_detail": 8,
    "conference_list": 7,
    "conference_detail": 8,
    "aidproject_list": 9,
    "aidproject_detail": 5,
}
# The same pages seen again (the cache warm, no record changed): a list's or the home
# page's body comes from the cache whole; a detail page reads its record (a 404 when the
# public may not see it) and its photos (core.listcache.CachedDetailMixin).
WARM_PUBLIC_BUDGETS = {name: 2 if name.endswith("_detail") else 0 for name in PUBLIC_BUDGETS}
DASHBOARD_BUDGET = 40
# Change list and change page, as a superuser, per model.
ADMIN_BUDGETS = {
    "core.localunit": (8, 8),
    "core.sector": (7, 7),
    "partners.foreignpartner": (10, 12),
    "partners.relationship": (12, 15),
    "partners.relationshipactivity": (10, 10),
    "delegations.delegation": (11, 14),
    "agreements.agreement": (12, 15),
    "agreements.agreementactivity": (9, 9),
    "conferences.conference": (12, 16),
    "aid.exchangerate": (10, 7),
    "aid.aidproject": (17, 14),
}


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def middle(model):
    rows = list(model.objects.public().order_by("pk").values_list("pk", flat=True))
    assert rows, f"no public {model._meta.verbose_name} generated"
    return rows[len(rows) // 2]


def public_pages():
    details = {
        "relationship_detail": ("partners:relationship_detail", Relationship),
        "delegation_detail": ("delegations:delegation_detail", Delegation),
        "agreement_detail": ("agreements:agreement_detail", Agreement),
        "conference_detail": ("conferences:conference_detail", Conference),
        "aidproject_detail": ("aid:aidproject_detail", AidProject),
    }
    pages = {
        "home": reverse("core:home"),
        "relationship_list": reverse("partners:relationship_list"),
        "delegation_list": reverse("delegations:delegation_list"),
        "agreement_list": reverse("agreements:agreement_list"),
        "conference_list": reverse("conferences:conference_list"),
        "aidproject_list": reverse("aid:aidproject_list"),
    }
    for name, (url_name, model) in details.items():
        pages[name] = reverse(url_name, args=[middle(model)])
    return pages


def admin_pages():
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label not in ADMIN_BUDGETS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True)[0]
        list_budget, change_budget = ADMIN_BUDGETS[label]
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        yield f"{label} changelist", changelist, list_budget
        # Filtered and searched as the benchmark does: the same budget as the plain list.
        filtered = admin_filter(model, model_admin)
        if filtered:
            yield f"{label} changelist filtered", f"{changelist}?{filtered}", list_budget
        if model_admin.search_fields:
            yield f"{label} changelist searched", f"{changelist}?q=kapos", list_budget
        yield (
            f"{label} change",
            reverse("admin:{}_{}_change".format(*info), args=[pk]),
            change_budget,
        )


@pytest.mark.parametrize("size", SIZES)
def test_no_page_needs_more_queries_with_more_rows(size):
    Generator(SIZES[size], seed=1, progress=False).run()
    # Every record public (statuses unchanged): the public pages list them all.
    for model in (ForeignPartner, Relationship, Delegation, Agreement, Conference, AidProject):
        model.objects.update(visibility=Visibility.PUBLIC)
    public = Client()
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    over = {}

    for name, url in public_pages().items():
        performed = count_queries(public, url)
        if performed > PUBLIC_BUDGETS[name]:
            over[name] = (performed, PUBLIC_BUDGETS[name])
        with CaptureQueriesContext(connection) as queries:
            assert public.get(url).status_code == 200, url
        if len(queries) > WARM_PUBLIC_BUDGETS[name]:
            over[f"{name} seen again"] = (len(queries), WARM_PUBLIC_BUDGETS[name])
    dashboard = reverse("reports:dashboard")
    for name, url in (
        ("dashboard one year", f"{dashboard}?kind=year&year=2025"),
        ("dashboard ten years", f"{dashboard}?kind=custom&start=2016-01-01&end=2025-12-31"),
    ):
        performed = count_queries(staff, url)
        if performed > DASHBOARD_BUDGET:
            over[name] = (performed, DASHBOARD_BUDGET)
    for name, url, budget in admin_pages():
        performed = count_queries(staff, url)
        if performed > budget:
            over[name] = (performed, budget)

    assert not over, f"queries performed, budget: {over}"


def test_every_record_admin_has_a_budget():
    labels = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label
        in ("core", "partners", "delegations", "agreements", "conferences", "aid")
    }

    assert labels == set(ADMIN_BUDGETS)
