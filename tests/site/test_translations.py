"""The project's Spanish catalogue (locale/es) is complete and its committed .mo files are
compiled from the .po files beside them, so what a reviewer reads is what staff see."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_each_catalogue_is_complete_and_compiled(tmp_path, domain):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext (msgfmt) is a system package of the project: make system-deps"
    po = LOCALE / f"{domain}.po"
    compiled = tmp_path / f"{domain}.mo"
    check = subprocess.run([msgfmt, "--check", "--statistics", "-o", str(compiled), str(po)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "untranslated" not in check.stderr and "fuzzy" not in check.stderr, check.stderr
    assert compiled.read_bytes() == (LOCALE / f"{domain}.mo").read_bytes(), (
        f"locale/es/LC_MESSAGES/{domain}.mo is stale: run msgfmt -o {domain}.mo {domain}.po")


def test_the_catalogue_wins_over_the_libraries_own():
    with translation.override("es-co"):
        assert translation.gettext("This exporter will export the following fields: ") == (
            "Se exportarán estas columnas: ")
        assert translation.gettext("Search all pages…") != "Search all pages…"
        assert translation.gettext("now") == "ahora"
