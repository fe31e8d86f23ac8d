"""Backup and restore of the whole site: the database and the uploaded media, in one folder.

`manage.py backup DIR` writes
- `database.dump` (PostgreSQL: `pg_dump --format=custom`, a consistent snapshot while the site
  runs) or `database.sqlite3` (SQLite: the sqlite3 online backup API, safe in WAL mode while
  gunicorn writes),
- `media.tar.gz` (MEDIA_ROOT, when media are on local disk; media in S3 are backed up with the
  bucket's own tools),
- `backup.json` (what is in the folder).

`manage.py restore DIR` puts both back into an *empty* database (it refuses one with tables)
and MEDIA_ROOT, then makes every cached page stale. docs/operations.md has the procedure.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

MANIFEST = "backup.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def database(alias="default"):
    connection = connections[alias]
    if connection.vendor not in DUMP_FILES:
        raise BackupError(f"{connection.vendor} is not supported (PostgreSQL and SQLite are).")
    return connection


def libpq_environment(connection):
    """The PG* variables that point pg_dump/pg_restore at the database Django uses."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "sslmode": "PGSSLMODE",
    }
    for key, variable in names.items():
        if params.get(key):
            env[variable] = str(params[key])
    return env


def media_on_disk():
    return isinstance(default_storage, FileSystemStorage)


def run(command, env=None):
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client programs).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed:\n{error.stderr.strip()}") from error


def backup(target, alias="default"):
    """Write the database and the media to the folder `target` (created; must be empty)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty.")
    connection = database(alias)
    dump = target / DUMP_FILES[connection.vendor]
    if connection.vendor == "postgresql":
        run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)]
            + [connection.get_connection_params()["dbname"]],
            env=libpq_environment(connection),
        )
    else:
        source = sqlite3.connect(connection.settings_dict["NAME"])
        destination = sqlite3.connect(dump)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    media = media_on_disk() and Path(settings.MEDIA_ROOT).is_dir()
    if media:
        with tarfile.open(target / MEDIA_ARCHIVE, "w:gz") as archive:
            archive.add(settings.MEDIA_ROOT, arcname=".")
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "dump": dump.name,
        "media": MEDIA_ARCHIVE if media else None,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(source, alias="default"):
    """Restore the backup in folder `source` into the empty database and MEDIA_ROOT."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is no backup: {MANIFEST} is missing or unreadable.") from error
    connection = database(alias)
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']} database, this one is {connection.vendor}; "
            "between database engines use dumpdata/loaddata (docs/operations.md)."
        )
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database already has {len(tables)} tables: restore only into an empty one."
        )
    dump = source / manifest["dump"]
    if connection.vendor == "postgresql":
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                connection.get_connection_params()["dbname"],
                str(dump),
            ],
            env=libpq_environment(connection),
        )
    else:
        connection.close()
        backup_file = sqlite3.connect(dump)
        destination = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            with destination:
                backup_file.backup(destination)
        finally:
            destination.close()
            backup_file.close()
    if manifest.get("media"):
        if not media_on_disk():
            raise BackupError("Media are not on local disk here: put them back into the storage.")
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / manifest["media"], "r:gz") as archive:
            archive.extractall(root, filter="data")
    # Whatever this site's cache holds was rendered from another database.
    from cms.generation import new_generation

    new_generation()
    return manifest
