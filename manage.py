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
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
