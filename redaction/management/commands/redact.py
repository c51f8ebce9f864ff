"""`manage.py redact INPUT OUTPUT.pdf`: an unattended public version of one document."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redaction import parallel
from redaction.errors import UnreadableInput, VerificationFailed
from redaction.pipeline import redact
from redaction.text import TermsFileError, parse_terms

EXIT_VERIFICATION_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_TOO_SLOW = 3


class Command(BaseCommand):
    # Files in, file out: a redaction must not wait for (or fail on) unrelated system checks.
    requires_system_checks = []

    help = (
        "Genera la versión pública de un documento (Ley 1712 de 2014, art. 21): detecta y "
        "elimina de verdad datos personales (cédulas y otros documentos, NIT, teléfonos, "
        "correos, direcciones, placas, nombres de personas), los términos indicados y sus "
        "variantes y los recuadros oscuros ya dibujados sobre texto; lee con OCR las páginas "
        "escaneadas o cuyo texto no es fiable; escribe un PDF nuevo con recuadros rotulados con "
        "el fundamento legal, sin metadatos, y lo verifica con lectores independientes "
        "(pdftotext y OCR) antes de entregarlo. "
        "Códigos de salida: 0 = versión pública escrita y verificada; "
        "1 = la verificación encontró datos (no se deja ningún archivo de salida); "
        "2 = uso incorrecto o entrada ilegible (PDF dañado o cifrado, formato no admitido); "
        "3 = el procesamiento superó el tiempo máximo y se canceló (REDACTION_MIN_SECONDS más "
        "REDACTION_SECONDS_PER_PAGE por página, como en la cola de trabajos)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "input",
            help="Documento de entrada: PDF, DOCX, ODT o DOC (se reconoce por su contenido).",
        )
        parser.add_argument("output", help="Ruta del PDF de salida (versión pública).")
        parser.add_argument(
            "--terms-file",
            help=(
                "Archivo UTF-8 con un término por línea (nombres, pasajes marcados). Se ignoran "
                "las líneas vacías y las que empiezan por '#'. Una línea puede terminar en TAB y "
                "un código de fundamento legal (p. ej. vida_seguridad)."
            ),
        )
        parser.add_argument(
            "--report",
            help=(
                "Ruta de un informe JSON (páginas, áreas, categorías, fundamentos y conteos de "
                "la verificación; nunca el texto eliminado)."
            ),
        )

    def handle(self, *args, **options):
        source = Path(options["input"])
        target = Path(options["output"])
        report_path = Path(options["report"]) if options.get("report") else None
        try:
            self._check_paths(source, target, report_path)
            terms = self._read_terms(options.get("terms_file"))
            # The worker's limit here too: run unattended (cron, a script over a folder), a
            # file that makes MuPDF loop must end with a reason, not hold the run for good.
            with parallel.time_limit(settings.REDACTION_SECONDS_PER_PAGE,
                                     at_least=settings.REDACTION_MIN_SECONDS):
                result, _proposals = redact(source.read_bytes(), terms)
        except parallel.PagesTookTooLong as exc:
            _remove(target)
            raise CommandError(str(exc), returncode=EXIT_TOO_SLOW) from exc
        except (UnreadableInput, TermsFileError) as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from exc
        except VerificationFailed as exc:
            _remove(target)
            if report_path and exc.report:
                self._write_report(report_path, exc.report)
            raise CommandError(str(exc), returncode=EXIT_VERIFICATION_FAILED) from exc
        except OSError as exc:
            raise CommandError(
                f"No se pudo leer o escribir un archivo: {exc.strerror or exc}.",
                returncode=EXIT_BAD_INPUT,
            ) from exc
        self._write_atomically(target, result.pdf)
        if report_path:
            self._write_report(report_path, result.report)
        counts: dict[str, int] = {}
        for item in result.report["redactions"]:
            counts[item["category"]] = counts.get(item["category"], 0) + 1
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "ninguna"
        for note in result.report["source"]["notes"]:
            self.stderr.write(f"Nota: {note}")
        for page in result.report.get("pages_read_with_ocr") or []:
            self.stderr.write(
                f"Advertencia: la página {page['page']} se leyó con OCR "
                f"({'; '.join(page['motivos'])}). El OCR puede equivocarse: revise esa página "
                "antes de publicar."
            )
        self.stdout.write(
            f"Versión pública escrita en {target} ({result.report['source_pages']} páginas; "
            f"áreas eliminadas: {summary}). Verificación superada."
        )

    def _check_paths(self, source: Path, target: Path, report: Path | None) -> None:
        if not source.is_file():
            raise CommandError(f"No existe el archivo de entrada: {source}",
                               returncode=EXIT_BAD_INPUT)
        if target.is_dir():
            raise CommandError(f"La salida es una carpeta, no un archivo: {target}",
                               returncode=EXIT_BAD_INPUT)
        if target.exists() and target.resolve() == source.resolve():
            raise CommandError("La salida no puede ser el mismo archivo de entrada.",
                               returncode=EXIT_BAD_INPUT)
        if not target.parent.is_dir():
            raise CommandError(f"No existe la carpeta de salida: {target.parent}",
                               returncode=EXIT_BAD_INPUT)
        if report and report.resolve() in (source.resolve(), target.resolve()):
            raise CommandError("El informe no puede sobrescribir la entrada ni la salida.",
                               returncode=EXIT_BAD_INPUT)

    def _read_terms(self, path: str | None):
        if not path:
            return []
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise CommandError(f"No existe el archivo de términos: {path}",
                               returncode=EXIT_BAD_INPUT) from exc
        except UnicodeDecodeError as exc:
            raise CommandError("El archivo de términos no está en UTF-8.",
                               returncode=EXIT_BAD_INPUT) from exc
        return parse_terms(text.splitlines())

    @staticmethod
    def _write_atomically(target: Path, data: bytes) -> None:
        # A reader must never see half a file, nor an older version under the new name.
        fd, tmp = tempfile.mkstemp(prefix=".redact-", suffix=".pdf", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            _remove(Path(tmp))
            raise

    def _write_report(self, path: Path, report: dict) -> None:
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
