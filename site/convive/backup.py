"""Backup and restore of everything Convive keeps: the database and both file storages.

A backup is a folder (made private: 0700, files 0600, since it holds personal data):
- ``database.dump``: pg_dump's custom format (PostgreSQL) or a consistent copy made
  with SQLite's backup API;
- ``files/default/…`` and ``files/private/…``: every file of each storage, read
  through the storage itself, so local folders and S3 buckets back up alike;
- ``manifest.json``: rows per table and the SHA-256 of every file.
Restoring loads the database into an empty one, puts every file back through the
configured storages (which may be other buckets, or S3 where the backup came from
local folders) and checks the row counts and every checksum against the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction

STORAGE_ALIASES = ("default", "private")
DUMP = "database.dump"


class BackupError(Exception):
    """Said to the operator in Spanish; nothing is half-restored without saying so."""


def _walk(storage, prefix=""):
    directories, files = storage.listdir(prefix)
    for name in files:
        yield f"{prefix}{name}"
    for directory in directories:
        yield from _walk(storage, f"{prefix}{directory}/")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env(settings_dict):
    env = {**os.environ, "PGHOST": settings_dict.get("HOST") or "",
           "PGPORT": str(settings_dict.get("PORT") or ""), "PGUSER": settings_dict.get("USER") or "",
           "PGDATABASE": settings_dict["NAME"]}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _dump_postgresql(destination: Path, manifest: dict) -> None:
    """Counts and dump from one snapshot: a site in use keeps writing (sessions, the audit
    trail) between the two, and the restore check would then fail."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        manifest["rows"] = row_counts()
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={destination / DUMP}"],
            env=_pg_env(connection.settings_dict), capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_dump falló: {result.stderr.strip()[:500]}")


def _dump_sqlite(destination: Path, manifest: dict) -> None:
    source = sqlite3.connect(connection.settings_dict["NAME"])
    target = sqlite3.connect(destination / DUMP)
    with target:
        source.backup(target)
    source.close()
    # Counted in the copy itself, which is one consistent moment.
    tables = [name for (name,) in target.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    manifest["rows"] = {table: target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                        for table in sorted(tables)}
    target.close()


def backup(destination: Path, *, keep: int | None = None) -> dict:
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"La carpeta {destination} no está vacía: elija una nueva.")
    destination.mkdir(parents=True, exist_ok=True)
    os.chmod(destination, 0o700)
    old_umask = os.umask(0o077)
    try:
        manifest = {"vendor": connection.vendor, "rows": {}, "files": {}}
        if connection.vendor == "postgresql":
            _dump_postgresql(destination, manifest)
        elif connection.vendor == "sqlite":
            _dump_sqlite(destination, manifest)
        else:
            raise BackupError(f"Base de datos no soportada: {connection.vendor}.")
        manifest["database_sha256"] = _sha256((destination / DUMP).read_bytes())
        for alias in STORAGE_ALIASES:
            storage = storages[alias]
            files = manifest["files"][alias] = {}
            for name in _walk(storage):
                with storage.open(name, "rb") as handle:
                    data = handle.read()
                target = destination / "files" / alias / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                files[name] = _sha256(data)
        (destination / "manifest.json").write_text(json.dumps(manifest, indent=1,
                                                              sort_keys=True))
    finally:
        os.umask(old_umask)
    if keep:
        _prune(destination.parent, keep)
    return manifest


def _prune(folder: Path, keep: int) -> None:
    """Keep the newest ``keep`` backups in ``folder`` (folders with a manifest only)."""
    backups = sorted((p for p in folder.iterdir() if (p / "manifest.json").is_file()),
                     key=lambda p: (p / "manifest.json").stat().st_mtime, reverse=True)
    for old in backups[keep:]:
        shutil.rmtree(old)


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name \
        and all(part not in ("", ".", "..") for part in parts)


def _checked_manifest(source: Path) -> dict:
    """Read the manifest and check the whole backup against it before anything is touched."""
    try:
        manifest = json.loads((source / "manifest.json").read_text())
        vendor, rows, files = manifest["vendor"], manifest["rows"], manifest["files"]
        dump_digest = manifest["database_sha256"]
        assert isinstance(rows, dict) and isinstance(files, dict)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise BackupError(f"{source} no es una copia de seguridad de Convive completa "
                          "(falta o está dañado manifest.json); no se modificó nada.") from exc
    if vendor != connection.vendor:
        raise BackupError(f"La copia es de {vendor} y la base configurada es "
                          f"{connection.vendor}; no se modificó nada.")
    problems = []
    try:
        if _sha256((source / DUMP).read_bytes()) != dump_digest:
            problems.append(f"{DUMP}: la suma no coincide")
    except OSError:
        problems.append(f"{DUMP}: no está")
    for alias, names in files.items():
        if alias not in STORAGE_ALIASES or not isinstance(names, dict):
            problems.append(f"almacenamiento desconocido «{alias}»")
            continue
        for name, digest in names.items():
            if not _safe_name(name):
                problems.append(f"nombre de archivo no permitido «{name}»")
                continue
            try:
                if _sha256((source / "files" / alias / name).read_bytes()) != digest:
                    problems.append(f"{alias}/{name}: la suma no coincide")
            except OSError:
                problems.append(f"{alias}/{name}: no está en la copia")
    if problems:
        raise BackupError("La copia no está íntegra; no se modificó nada: "
                          + "; ".join(problems[:10]))
    return manifest


def restore(source: Path) -> dict:
    """Load a backup into the configured (empty) database and storages; verify it.

    The whole backup is checked first; the database is loaded in one transaction (all or
    nothing); only then are the files written."""
    source = Path(source)
    manifest = _checked_manifest(source)
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError("La base de datos de destino no está vacía: restaure en una "
                              "base nueva (no se modificó nada).")
    for alias in STORAGE_ALIASES:
        if next(_walk(storages[alias]), None) is not None:
            raise BackupError(f"El almacenamiento «{alias}» de destino no está vacío: "
                              "restaure en carpetas o buckets nuevos (no se modificó nada).")
    settings_dict = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={settings_dict['NAME']}", str(source / DUMP)],
            env=_pg_env(settings_dict), capture_output=True, text=True)
        if result.returncode:
            raise BackupError("pg_restore falló y no dejó nada en la base: "
                              f"{result.stderr.strip()[:500]}")
    else:
        shutil.copyfile(source / DUMP, settings_dict["NAME"])
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in manifest["files"].get(alias, {}):
            saved = storage.save(name, ContentFile((source / "files" / alias / name).read_bytes()))
            if saved != name:
                raise BackupError(f"El archivo {name} quedó guardado como {saved}.")
    return verify(manifest)


def verify(manifest: dict) -> dict:
    """Compare the configured database and storages with a backup's manifest."""
    problems = []
    rows = row_counts()
    for table, count in manifest["rows"].items():
        if rows.get(table) != count:
            problems.append(f"tabla {table}: {rows.get(table)} filas, la copia tiene {count}")
    checked = 0
    for alias, files in manifest["files"].items():
        storage = storages[alias]
        for name, digest in files.items():
            with storage.open(name, "rb") as handle:
                if _sha256(handle.read()) != digest:
                    problems.append(f"archivo {alias}/{name}: la suma no coincide")
            checked += 1
    if problems:
        raise BackupError("La restauración no coincide con la copia: " + "; ".join(problems[:10]))
    return {"tables": len(rows), "rows": sum(rows.values()), "files": checked}
