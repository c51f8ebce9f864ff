"""README's configuration table names every variable the settings and gunicorn read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def read_variables() -> set[str]:
    settings = (ROOT / "site/convive/settings.py").read_text()
    names = set(re.findall(r'env(?:\.[a-z_]+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings))
    names |= set(re.findall(r'"(S3_[A-Z_]+)"', settings))  # read in a loop
    gunicorn = (ROOT / "deploy/gunicorn.conf.py").read_text()
    names |= set(re.findall(r'environ\.get\("([A-Z][A-Z0-9_]+)"', gunicorn))
    units = "".join(p.read_text() for p in (ROOT / "deploy/systemd").iterdir())
    names |= set(re.findall(r"\$([A-Z][A-Z0-9_]+)", units)) - {"MAINPID"}
    return names


def test_every_variable_read_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration (environment variables)"):
                   readme.index("### PostgreSQL and Redis")]
    names = read_variables()
    assert {"PUBLIC_BASE_URL", "DATABASE_URL", "S3_PRIVATE_BUCKET", "GUNICORN_BIND",
            "BACKUP_DIR", "EMAIL_URL"} <= names  # the reader itself works
    missing = sorted(name for name in names if f"`{name}`" not in table)
    assert not missing, f"variables que README no documenta: {missing}"
