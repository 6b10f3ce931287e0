"""The audit table takes its app's name, records through what each change came, and the database
itself refuses to change or delete an entry: a trigger on UPDATE and DELETE, on PostgreSQL and SQLite.

SQLite drops a table's triggers when Django rebuilds the table: a later migration that alters
cupfaf_auditentry must create them again (TRIGGERS below). `tests/test_constraints.py` would fail.
"""

from django.db import migrations, models

TABLE = "cupfaf_auditentry"
MESSAGE = "The audit trail is append-only: entries are never changed or deleted."

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION cupfaf_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (%%)', TG_OP USING ERRCODE = 'restrict_violation';
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION cupfaf_audit_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS cupfaf_audit_append_only()",
]
SQLITE = [
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]


def create_triggers(apps, schema_editor):
    statements = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    statements = POSTGRESQL_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cupfaf", "0001_audit_entry"),
        ("competitions", "0004_audit_entry_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="auditentry", table=None),
        migrations.AddField(
            model_name="auditentry",
            name="via",
            field=models.CharField(
                blank=True,
                help_text="L'administration, l'API (et le jeton utilisé), un formulaire ou une commande.",
                max_length=80,
                verbose_name="par le biais de",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
