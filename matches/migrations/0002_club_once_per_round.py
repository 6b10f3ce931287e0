"""A club plays at most once in a round.

The rule spans two columns of different rows (home in one match, away in another), which no
unique index can say; a trigger refuses the row on both databases. On PostgreSQL the trigger first
takes a transaction lock on the round, so two concurrent transactions cannot both pass the check
(SQLite has one writer at a time). SQLite drops a table's triggers when Django rebuilds the table
in a later migration: tests/test_constraints.py would then fail, and the trigger must be created again.
"""

from django.db import migrations

SQLITE_CHECK = """
SELECT RAISE(ABORT, 'match_club_once_per_round: a club plays at most once in a round')
"""

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER match_club_once_per_round_insert BEFORE INSERT ON matches_match
    WHEN EXISTS (
        SELECT 1 FROM matches_match m WHERE m.round_id = NEW.round_id AND (
            NEW.home_club_id IN (m.home_club_id, m.away_club_id)
            OR NEW.away_club_id IN (m.home_club_id, m.away_club_id)))
    BEGIN {SQLITE_CHECK}; END
    """,
    f"""
    CREATE TRIGGER match_club_once_per_round_update
    BEFORE UPDATE OF round_id, home_club_id, away_club_id ON matches_match
    WHEN EXISTS (
        SELECT 1 FROM matches_match m WHERE m.round_id = NEW.round_id AND m.id <> NEW.id AND (
            NEW.home_club_id IN (m.home_club_id, m.away_club_id)
            OR NEW.away_club_id IN (m.home_club_id, m.away_club_id)))
    BEGIN {SQLITE_CHECK}; END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS match_club_once_per_round_insert",
    "DROP TRIGGER IF EXISTS match_club_once_per_round_update",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION match_club_once_per_round() RETURNS trigger AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('matches_match.round'), NEW.round_id::integer);
        IF EXISTS (
            SELECT 1 FROM matches_match m WHERE m.round_id = NEW.round_id AND m.id <> NEW.id AND (
                NEW.home_club_id IN (m.home_club_id, m.away_club_id)
                OR NEW.away_club_id IN (m.home_club_id, m.away_club_id)))
        THEN
            RAISE EXCEPTION 'match_club_once_per_round: a club plays at most once in a round'
                USING ERRCODE = 'unique_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER match_club_once_per_round
    BEFORE INSERT OR UPDATE OF round_id, home_club_id, away_club_id ON matches_match
    FOR EACH ROW EXECUTE FUNCTION match_club_once_per_round()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS match_club_once_per_round ON matches_match",
    "DROP FUNCTION IF EXISTS match_club_once_per_round()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(f"No trigger for {schema_editor.connection.vendor}")
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("matches", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
