"""The audit trail now lives in `cupfaf` (state only: the table stays, see cupfaf 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0003_draws"),
        ("cupfaf", "0001_audit_entry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEntry")]),
    ]
