"""Exact row counts of large tables, kept by database triggers (records.RowCount).

The triggers are (re)installed and the counts recomputed after every
``migrate``: a migration may rebuild a table (SQLite copies it into a new one,
dropping its triggers), and a count computed then, under a lock, is right
from that moment on.  Readers that find no count (a database flushed by the
test runner) count the table itself, so an answer is never wrong, only slower.
"""

from django.db import connections, transaction
from django.db.models.signals import post_migrate

from records.models import RowCount, Territory

COUNTED = [Territory]

_POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE {counts} SET row_count = 0 WHERE table_name = TG_TABLE_NAME;
    ELSIF TG_OP = 'INSERT' THEN
        UPDATE {counts} SET row_count = row_count + (SELECT COUNT(*) FROM changed)
        WHERE table_name = TG_TABLE_NAME;
    ELSE
        UPDATE {counts} SET row_count = row_count - (SELECT COUNT(*) FROM changed)
        WHERE table_name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END
$$
"""
# One statement-level trigger per operation: a bulk insert of 10,000 rows
# updates the count once, not 10,000 times.
_POSTGRESQL_TRIGGERS = [
    "CREATE OR REPLACE TRIGGER {name}_insert AFTER INSERT ON {table} "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    "CREATE OR REPLACE TRIGGER {name}_delete AFTER DELETE ON {table} "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    "CREATE OR REPLACE TRIGGER {name}_truncate AFTER TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
]
# SQLite has no statement-level triggers and no TRUNCATE.
_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {table} BEGIN "
    "UPDATE {counts} SET row_count = row_count + 1 WHERE table_name = '{raw_table}'; END",
    "CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {table} BEGIN "
    "UPDATE {counts} SET row_count = row_count - 1 WHERE table_name = '{raw_table}'; END",
]


def count_sql(model, connection) -> str:
    """An SQL expression for the model's number of rows: the kept count, else a count."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    return (f"COALESCE((SELECT row_count FROM {quote(RowCount._meta.db_table)} "
            f"WHERE table_name = '{table}'), (SELECT COUNT(*) FROM {quote(table)}))")


def row_count(model, using="default") -> int:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {count_sql(model, connection)}")
        return cursor.fetchone()[0]


def install(using="default") -> None:
    """Install the triggers and recount every counted table, atomically."""
    connection = connections[using]
    quote = connection.ops.quote_name
    counts = quote(RowCount._meta.db_table)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for model in COUNTED:
            table = model._meta.db_table
            names = {"name": f"{table}_row_count", "table": quote(table), "raw_table": table,
                     "counts": counts, "function": "records_count_rows"}
            if connection.vendor == "postgresql":
                cursor.execute(_POSTGRESQL_FUNCTION.format(**names))
                for statement in _POSTGRESQL_TRIGGERS:
                    cursor.execute(statement.format(**names))
                # No insert or delete may slip between the count and the commit.
                cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE MODE")
            else:
                for statement in _SQLITE_TRIGGERS:
                    cursor.execute(statement.format(**names))
            cursor.execute(f"DELETE FROM {counts} WHERE table_name = %s", [table])
            cursor.execute(f"INSERT INTO {counts} (table_name, row_count) "
                           f"SELECT %s, COUNT(*) FROM {quote(table)}", [table])


def _on_migrate(app_config, using="default", **kwargs):
    if app_config.name == "records" and (
        RowCount._meta.db_table in connections[using].introspection.table_names()
    ):
        install(using)


def connect():
    post_migrate.connect(_on_migrate, dispatch_uid="records-row-counts")
