"""Exceptions of the redaction pipeline; their messages are shown to users, so in Spanish."""

from __future__ import annotations

from typing import NamedTuple


class UnreadableInput(ValueError):
    """The input is not a readable PDF or DOCX (corrupt, encrypted, empty, other type)."""


class Finding(NamedTuple):
    """Something the verification gate found in an output: what kind, and where.

    `category` is a Category code (cedula, telefono, termino, ...) or a
    structural code (anotaciones, adjuntos, metadatos, ...); `page` is 1-based,
    or None when the finding is outside the pages (metadata, document catalog).
    Never the content itself: the message may end up in logs and e-mails.
    """

    category: str
    page: int | None

    def describe(self) -> str:
        where = f"en la página {self.page}" if self.page else "fuera de las páginas (documento)"
        return f"{self.category} {where}"


def describe_findings(findings: list[Finding]) -> str:
    unique = sorted(set(findings), key=lambda f: (f.page or 0, f.category))
    shown = "; ".join(f.describe() for f in unique[:20])
    more = f" y {len(unique) - 20} más" if len(unique) > 20 else ""
    return f"Verificación fallida: {shown}{more}."


class VerificationFailed(Exception):
    """The written output still contains a term or a detectable item; it must not be used."""

    def __init__(self, findings: list[Finding], report: dict | None = None):
        self.findings = list(findings)
        self.report = report
        super().__init__(describe_findings(self.findings))
