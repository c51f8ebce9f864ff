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
from django.db import connection

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


def backup(destination: Path) -> dict:
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"La carpeta {destination} no está vacía: elija una nueva.")
    destination.mkdir(parents=True, exist_ok=True)
    os.chmod(destination, 0o700)
    old_umask = os.umask(0o077)
    try:
        manifest = {"vendor": connection.vendor, "rows": row_counts(), "files": {}}
        settings_dict = connection.settings_dict
        if connection.vendor == "postgresql":
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--file={destination / DUMP}"],
                env=_pg_env(settings_dict), capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_dump falló: {result.stderr.strip()[:500]}")
        elif connection.vendor == "sqlite":
            source = sqlite3.connect(settings_dict["NAME"])
            target = sqlite3.connect(destination / DUMP)
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            raise BackupError(f"Base de datos no soportada: {connection.vendor}.")
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
    return manifest


def restore(source: Path) -> dict:
    """Load a backup into the configured (empty) database and storages; verify it."""
    source = Path(source)
    try:
        manifest = json.loads((source / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} no es una copia de seguridad de Convive "
                          "(falta o no se lee manifest.json).") from exc
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"La copia es de {manifest['vendor']} y la base configurada es "
                          f"{connection.vendor}.")
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError("La base de datos de destino no está vacía: restaure en una "
                              "base nueva (nada se ha modificado).")
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={settings_dict['NAME']}", str(source / DUMP)],
            env=_pg_env(settings_dict), capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore falló: {result.stderr.strip()[:500]}")
    else:
        connection.close()
        shutil.copyfile(source / DUMP, settings_dict["NAME"])
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in manifest["files"].get(alias, {}):
            data = (source / "files" / alias / name).read_bytes()
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(data))
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
