#!/usr/bin/env python
"""Django's command-line utility for Convive."""

import os
import sys
from pathlib import Path


def main():
    # site/ holds the configuration package ``convive``; it is a source root
    # rather than a package because the standard library owns ``site``.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.settings")
    if sys.argv[1:2] == ["redact"]:
        # Files in, file out: no database, no apps, no admin. Setting up Django loads
        # every app and autodiscovers every admin, seconds a clerk waits at each run.
        from django.conf import settings

        from redaction import parallel

        settings.configure(
            USE_I18N=False, USE_TZ=True,
            # The worker's time limit for a file whose pages never finish (settings.py).
            REDACTION_SECONDS_PER_PAGE=_seconds("REDACTION_SECONDS_PER_PAGE",
                                                parallel.DEFAULT_SECONDS_PER_PAGE),
            REDACTION_MIN_SECONDS=_seconds("REDACTION_MIN_SECONDS", parallel.DEFAULT_MIN_SECONDS),
        )
        from redaction.management.commands.redact import Command

        Command().run_from_argv(sys.argv)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


def _seconds(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        sys.exit(f"{name} debe ser un número de segundos, no «{value}».")


if __name__ == "__main__":
    main()
