"""Every aid amount kept converted to whole dong and US cents (``aid.conversions``): the
four columns, every existing row converted at the rates in the database, and the covering
indexes of the dashboard's figures (PostgreSQL) widened to carry them, so that a period's
totals are sums read from the index alone."""

from django.db import migrations, models

from core.db import AddIndexOnPostgreSQL, RemoveIndexOnPostgreSQL

COMMITMENT = ("commitment_amount", "currency", "committed_on", "converted_vnd", "converted_usd_cents")
DISBURSEMENT = ("amount", "currency", "date", "converted_vnd", "converted_usd_cents")


def convert_existing(apps, schema_editor):
    from aid.conversions import convert_rows
    from aid.money import RateTable

    rates = RateTable(
        apps.get_model("aid", "ExchangeRate")
        .objects.order_by()
        .values_list("currency", "valid_from", "rate_to_vnd")
    )
    convert_rows(apps.get_model("aid", "AidProject"), rates, fields=COMMITMENT)
    convert_rows(apps.get_model("aid", "Disbursement"), rates, fields=DISBURSEMENT)


class Migration(migrations.Migration):
    dependencies = [
        ("aid", "0005_dash_statistics_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="aidproject",
            name="converted_vnd",
            field=models.BigIntegerField(blank=True, editable=False, null=True, verbose_name="commitment in VND"),
        ),
        migrations.AddField(
            model_name="aidproject",
            name="converted_usd_cents",
            field=models.BigIntegerField(blank=True, editable=False, null=True, verbose_name="commitment in US cents"),
        ),
        migrations.AddField(
            model_name="disbursement",
            name="converted_vnd",
            field=models.BigIntegerField(blank=True, editable=False, null=True, verbose_name="amount in VND"),
        ),
        migrations.AddField(
            model_name="disbursement",
            name="converted_usd_cents",
            field=models.BigIntegerField(blank=True, editable=False, null=True, verbose_name="amount in US cents"),
        ),
        migrations.RunPython(convert_existing, migrations.RunPython.noop, elidable=True),
        RemoveIndexOnPostgreSQL(model_name="aidproject", name="aid_stats_idx"),
        RemoveIndexOnPostgreSQL(model_name="disbursement", name="aid_disbursement_stats_idx"),
        AddIndexOnPostgreSQL(
            model_name="aidproject",
            index=models.Index(
                fields=["committed_on"],
                include=(
                    "id",
                    "status",
                    "direction",
                    "modality",
                    "country",
                    "visibility",
                    "commitment_amount",
                    "currency",
                    "converted_vnd",
                    "converted_usd_cents",
                ),
                name="aid_stats_idx",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="disbursement",
            index=models.Index(
                fields=["date"],
                include=("id", "project", "amount", "currency", "converted_vnd", "converted_usd_cents"),
                name="aid_disbursement_stats_idx",
            ),
        ),
    ]
