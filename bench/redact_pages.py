"""Benchmark: public versions of a 100-page text PDF, the way `manage.py redact` makes them.

Run: .venv/bin/python bench/redact_pages.py [PAGES]
     .venv/bin/python bench/redact_pages.py --long-report

Generates an acta-like PDF (~40 lines per page, a name, a cédula, a phone,
an e-mail and an address planted on every page among process codes, dates
and certificate numbers that must survive), then runs the
whole unattended pipeline (pipeline.redact: open, find, apply, verification
gate, as `manage.py redact` runs it) three times and prints pages per second
(median run) with the split between the stages, in one process and on every
core, alternated. Target: >= 40 pages/s on 2 cores.

--long-report times the evaluation set's 40-page report instead (12 personal
data per page, an 80-name terms file; tests/redaction/evalset): target >= 20
pages/s.
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.test_settings")

WORDS = (
    "el la de los que en por para con una acta reunión comité seguridad convivencia ciudadana "
    "secretaría territorio barrio localidad compromiso seguimiento actividad informe junta "
    "acción comunal mesa plan consejo participación frente sesión"
).split()
PEOPLE = ["Marta Lucía Restrepo Gaviria", "Jorge Eliécer Pineda Rojas",
          "Ana Isabel Cuesta Mosquera"]


def planted_lines(p: int, pages: int, rng: random.Random) -> dict[int, str]:
    """Lines with personal data (and look-alikes that must survive) for page p."""
    person = PEOPLE[p % 3]
    n = rng.randint
    return {
        3: f"Acta de seguimiento MM-GSC-P-003, certificado CTS-2026-{p + 1:04d}, 2026-11-23.",
        7: f"Asistió {person}, identificada con C.C. {n(10, 99)}.{n(100, 999)}.{n(100, 999)} "
           "de Bogotá, en calidad de presidenta.",
        15: f"Contacto: celular +57 3{n(10, 29)} {n(100, 999)} {n(1000, 9999)}, correo "
            f"{person.split()[0].lower()}.{p}@example.org.",
        22: f"Domicilio: Calle {n(1, 150)} # {n(1, 99)}-{n(1, 99)} Apto {n(101, 905)}; "
            f"fijo (601) {n(200, 799)} {n(1000, 9999)}.",
        30: "Se recuerda el Decreto 1081 de 2015 y la Ley 1755 de 2015 para las peticiones.",
        38: f"Página {p + 1} de {pages}",
    }


def build_pdf(pages: int) -> bytes:
    import pymupdf

    rng = random.Random(2026)
    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page(width=612, height=792)
        special = planted_lines(p, pages, rng)
        y = 56.0
        for line_no in range(40):
            text = special.get(line_no) or " ".join(
                rng.choice(WORDS) for _ in range(rng.randint(9, 13))
            )
            font = "helv" if line_no % 5 else "tiro"
            page.insert_text((56, y), text, fontsize=10, fontname=font)
            y += 17.0
    return doc.tobytes(garbage=3, deflate=True)


def main(pages: int, long_report: bool = False) -> None:
    import django

    django.setup()
    from redaction import parallel, pipeline
    from redaction.text import Term

    if long_report:
        from tests.redaction.evalset.build import long_report as build_report

        case = build_report()
        pdf, terms = case.data, [Term(name) for name in case.terms]
        pages = 40
        print(f"{case.description}; {len(terms)} terms")
    else:
        pdf = build_pdf(pages)
        terms = [Term(name) for name in PEOPLE]
    stages: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - start
        return wrapper

    # The stages inside pipeline.redact(), which is what `manage.py redact` runs.
    pipeline._find = timed("find", pipeline._find)
    pipeline._remove_and_write = timed("apply", pipeline._remove_and_write)
    pipeline.verify_detailed = timed("verify", pipeline.verify_detailed)
    cores = parallel.processes()
    runs: dict[int, list] = {1: [], cores: []}
    for _ in range(3):  # one process and every core, alternated: the machine is the same
        for count in runs:
            os.environ["CONVIVE_REDACTION_PROCESSES"] = str(count)
            stages.clear()
            start = time.perf_counter()
            result, proposals = pipeline.redact(pdf, terms)
            total = time.perf_counter() - start
            assert result.report["verification"]["passed"]
            runs[count].append((total, dict(stages)))
    print(f"pages: {pages}; redactions: {len(proposals)} ({len(proposals) / pages:.1f} per page)")
    for count, measured in runs.items():
        total, split = sorted(measured, key=lambda run: run[0])[1]
        opening = total - sum(split.values())
        print(f"{count} process(es): {pages / total:.1f} pages/s, {total:.2f} s (median of 3; "
              f"range {pages / max(m[0] for m in measured):.1f}-"
              f"{pages / min(m[0] for m in measured):.1f} pages/s)")
        print(f"  open {opening:.2f} s (read, neutralise hidden structures), find "
              f"{split['find']:.2f} s, apply {split['apply']:.2f} s (removal, fresh file), "
              f"verify {split['verify']:.2f} s (pdftotext, OCR where needed, names, removed "
              "values, lost words, object walk)")
    alone = sorted(m[0] for m in runs[1])[1]
    every = sorted(m[0] for m in runs[cores])[1]
    print(f"speed-up with {cores} processes: {alone / every:.2f} x")


if __name__ == "__main__":
    if "--long-report" in sys.argv[1:]:
        main(40, long_report=True)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
