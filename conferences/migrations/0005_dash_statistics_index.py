"""A covering index (PostgreSQL only) for the dashboard's figures: the conferences of a
period by role, permit, format and participants read from the index alone (an index-only
scan) instead of rows scattered over the table."""

from django.db import migrations, models

from core.db import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0004_pub_public_list_index"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="conference",
            index=models.Index(
                fields=["start_date"],
                include=("id", "role", "permit_status", "format", "permit_number", "participants_total", "participants_foreign", "visibility"),
                name="conferences_stats_idx",
            ),
        ),
    ]
