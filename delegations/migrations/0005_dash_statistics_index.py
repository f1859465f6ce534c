"""A covering index (PostgreSQL only) for the dashboard's delegation figures: every column
the statistics count by is in the index, so a period's figures are index-only scans
instead of reading rows scattered over the whole table."""

from django.db import migrations, models

from core.db import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0004_pub_public_list_index"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="delegation",
            index=models.Index(
                fields=["start_date"],
                include=(
                    "id", "status", "direction", "kind", "visibility", "member_count", "countries"
                ),
                name="delegations_stats_idx",
            ),
        ),
    ]
