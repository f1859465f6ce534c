"""A covering index (PostgreSQL only) for the dashboard's figures: the projects committed
in a period with their amounts, and the disbursements of a period, read from the index
alone (an index-only scan) instead of rows scattered over the table."""

from django.db import migrations, models

from core.db import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("aid", "0004_pub_public_list_index"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="aidproject",
            index=models.Index(
                fields=["committed_on"],
                include=("id", "status", "direction", "modality", "country", "visibility", "commitment_amount", "currency"),
                name="aid_stats_idx",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="disbursement",
            index=models.Index(
                fields=["date"],
                include=("id", "project", "amount", "currency"),
                name="aid_disbursement_stats_idx",
            ),
        ),
    ]
