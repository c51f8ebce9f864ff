"""Fixtures for the redaction tests: run the `redact` command on bytes built in the test.

No test here needs the database; the command and the pipeline never touch it.
"""

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command


@dataclass
class Run:
    output: Path
    report_path: Path
    stdout: str

    @property
    def pdf(self) -> bytes:
        return self.output.read_bytes()

    @property
    def report(self) -> dict:
        return json.loads(self.report_path.read_text(encoding="utf-8"))


@pytest.fixture
def redact(tmp_path):
    """redact(input_bytes, terms=[...]) -> Run; raises CommandError like the command does."""

    def run(data: bytes, terms: list[str] | None = None, *, name: str = "entrada.bin") -> Run:
        source = tmp_path / name
        source.write_bytes(data)
        output = tmp_path / "salida.pdf"
        report = tmp_path / "informe.json"
        args = [str(source), str(output), "--report", str(report)]
        if terms is not None:
            terms_file = tmp_path / "terminos.txt"
            terms_file.write_text("\n".join(terms) + "\n", encoding="utf-8")
            args += ["--terms-file", str(terms_file)]
        stdout = io.StringIO()
        call_command("redact", *args, stdout=stdout)
        return Run(output, report, stdout.getvalue())

    return run
