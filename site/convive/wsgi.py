"""WSGI entry point: ``gunicorn --pythonpath site convive.wsgi``."""

import os
import sys
from pathlib import Path

# site/ is a source root, not a package (Python owns the name ``site``).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
