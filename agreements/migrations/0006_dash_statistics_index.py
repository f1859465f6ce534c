"""A covering index (PostgreSQL only) for the dashboard's figures: the agreements signed in
a period (by level, kind, month, sector) and the rules in force, expiring and dormant
read from the index alone (an index-only scan) instead of rows scattered over the table."""

from django.db import migrations, models

from core.db import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_pub_public_list_index"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="agreement",
            index=models.Index(
                fields=["signed_on"],
                include=("id", "status", "signing_level", "kind", "visibility", "terminated_on", "entry_into_force", "expires_on", "auto_renew"),
                name="agreements_stats_idx",
            ),
        ),
    ]
