"""``generate_data``: valid rows, deterministic for a seed, sizes proportional to the scale."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from agreements.models import Agreement, AgreementStatus
from aid.models import AidProject, Disbursement, ExchangeRate
from attachments.models import Attachment
from conferences.models import Conference, PermitStatus
from core.generate import Generator, Progress
from delegations.models import Delegation, DelegationMember
from partners.models import ForeignPartner

pytestmark = pytest.mark.django_db

RECORD_APPS = ("core", "partners", "delegations", "agreements", "conferences", "aid", "attachments")


def record_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in RECORD_APPS
    ]


def snapshot():
    """Every row of every record table (many-to-many tables included), by table."""
    return {
        model._meta.label: sorted(
            model.objects.order_by("pk").values_list(), key=lambda row: row[0]
        )
        for model in record_models()
    }


def generate(scale, seed):
    Generator(scale, seed, progress=False).run()


def test_generated_rows_satisfy_every_model_rule():
    generate(0.01, seed=7)

    checked = 0
    for model in record_models():
        if model._meta.auto_created:
            continue
        # Every row, but only every tenth of the 2,448 exchange rates.
        step = 10 if model is ExchangeRate else 1
        for row in model.objects.order_by("pk")[::step]:
            row.full_clean()
            checked += 1

    assert checked > 500
    # The database constraints held too, or the inserts would have failed.


def test_every_status_kind_and_currency_appears_at_a_small_scale():
    generate(0.3, seed=1)

    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    hosted = Conference.objects.filter(role="hosted")
    assert set(hosted.values_list("permit_status", flat=True)) == set(PermitStatus.values)
    assert set(Delegation.objects.values_list("kind", flat=True)) == set(Delegation.Kind.values)
    assert set(Delegation.objects.values_list("status", flat=True)) == set(Delegation.Status.values)
    assert set(AidProject.objects.values_list("modality", flat=True)) == set(
        AidProject.Modality.values
    )
    currencies = set(AidProject.objects.values_list("currency", flat=True))
    assert len(currencies) >= 15
    assert Delegation.objects.filter(countries__contains=",").exists(), "multi-country"
    assert Disbursement.objects.exists() and ExchangeRate.objects.exists()
    # Attachments' metadata, of both kinds, on records of every type that takes them.
    assert set(Attachment.objects.values_list("kind", flat=True)) == {"photo", "document"}
    attached = {a.record.__class__ for a in Attachment.objects.all()[:200]}
    assert {Delegation, Agreement, Conference, AidProject} <= attached
    assert ForeignPartner.objects.exclude(country="").values("country").distinct().count() >= 120


def test_the_seeds_partners_are_drawn_far_more_often_than_the_others():
    from partners.demo import PARTNERS

    generate(0.1, seed=1)

    seeds = ForeignPartner.objects.filter(
        name__in=[name for name, *_rest in PARTNERS.values()]
    ).values_list("pk", flat=True)
    links = Delegation.partners.through.objects
    per_seed = links.filter(foreignpartner__in=seeds).count() / len(seeds)
    others = ForeignPartner.objects.exclude(pk__in=seeds).count()
    per_other = links.exclude(foreignpartner__in=seeds).count() / others
    assert per_seed > 2 * per_other


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    runs = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            generate(0.01, seed=seed)
            runs.append(snapshot())
            transaction.set_rollback(True)

    assert runs[0] == runs[1]
    assert runs[0]["delegations.Delegation"] != runs[2]["delegations.Delegation"]


def test_sizes_are_proportional_to_the_scale():
    counts = []
    for scale in (0.01, 0.02):
        with transaction.atomic():
            generate(scale, seed=1)
            counts.append(
                (
                    Delegation.objects.count(),
                    Agreement.objects.count(),
                    Conference.objects.count(),
                    AidProject.objects.count(),
                    Attachment.objects.count(),
                )
            )
            transaction.set_rollback(True)

    assert counts[0] == (40, 6, 4, 6, 12)
    assert counts[1] == (80, 12, 8, 12, 24)


def test_the_command_reports_rows_per_second_and_draws_a_progress_bar():
    out, err = io.StringIO(), io.StringIO()

    call_command("generate_data", scale=0.01, seed=2, stdout=out, stderr=err)

    assert "rows per second" in out.getvalue()
    assert "delegations.Delegation" in out.getvalue()
    assert "[##############################]" in err.getvalue()
    assert DelegationMember.objects.exists()


def test_the_progress_bar_shows_the_count_and_rate():
    stream = io.StringIO()
    bar = Progress("things", 10, stream, width=10)
    bar.advance(5)
    bar.advance(5)
    bar.close()

    assert "[##########]" in stream.getvalue()
    assert "10/10" in stream.getvalue()
