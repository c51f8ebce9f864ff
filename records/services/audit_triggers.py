"""PostgreSQL refuses UPDATE, DELETE and TRUNCATE of audit entries (a trigger).

The ORM already refuses them on every database (records.models.audit); the
trigger also stops raw SQL, a future bug that bypasses the model, and a
``QuerySet`` obtained some other way.  A database administrator who must purge
entries under a retention rule does it deliberately, in one session:
``SET convive.audit_maintenance = 'on'`` before the statement.  The test runner
does the same before it empties the database between transactional tests.

SQLite has no session settings to offer that hatch, and the test runner empties
tables with DELETE, so there the ORM's refusal is the guard.
"""

FUNCTION = "convive_audit_append_only"
TABLE = "records_auditentry"
MAINTENANCE_SETTING = "convive.audit_maintenance"

_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF COALESCE(current_setting('{MAINTENANCE_SETTING}', true), '') = 'on' THEN
        IF TG_OP = 'TRUNCATE' THEN RETURN NULL; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Las entradas de auditoría no se modifican ni se eliminan (%).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
_TRIGGERS = [
    f"CREATE OR REPLACE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
]


def install(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_FUNCTION_SQL)
        for statement in _TRIGGERS:
            cursor.execute(statement)


def remove(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def allow_maintenance(connection, *, transaction_only=False) -> None:
    """Let this session (or only its current transaction) purge or rewrite entries:
    retention rules, the test runner's flush, tests that age the trail."""
    if connection.vendor == "postgresql":
        scope = "LOCAL " if transaction_only else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SET {scope}{MAINTENANCE_SETTING} = 'on'")
