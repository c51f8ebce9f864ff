"""Demo content for ``manage.py load_demo``: idempotent, never reads ../shared."""
