"""Benchmark: peak memory of the redaction pipeline's DOCX conversion.

Run: .venv/bin/python bench/docx_memory.py
Each case runs in a fresh process and reports its peak resident memory (ru_maxrss)
minus that of a process that only imported the pipeline (the ceiling's floor, measured
in the same run):
  - a real 300-page attendance minute (a table of 6,000 rows written by python-docx);
  - a 1 MB DOCX bomb that inflates to 2 GiB, which must be refused before inflating.
Target: the bomb costs under 50 MB; the 300-page minute under 600 MB.
"""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import resource, sys, time
sys.path[:0] = [sys.argv[1]]
from redaction.pipeline import to_pdf
from redaction.errors import UnreadableInput
data = open(sys.argv[2], "rb").read() if sys.argv[2] != "-" else None
started = time.perf_counter()
outcome = "sin entrada"
if data is not None:
    try:
        outcome = f"PDF de {len(to_pdf(data)) // 1024} KB"
    except UnreadableInput as exc:
        outcome = f"rechazado: {exc}"[:90]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
      round(time.perf_counter() - started, 2), outcome, sep="|")
"""


def minute(rows: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Acta de reunión comunitaria: listado de asistencia", level=1)
    table = document.add_table(rows=rows, cols=5)
    for number, row in enumerate(table.rows):
        for column, text in enumerate((f"{number + 1}", f"Persona Asistente {number}",
                                       f"C.C. {10_000_000 + number:,}".replace(",", "."),
                                       f"300 555 {number % 10_000:04d}", "JAC del barrio")):
            row.cells[column].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bomb() -> bytes:
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(minute(1)))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(32):
                member.write(b" " * (64 * 1024 * 1024))
    return buffer.getvalue()


def run(path) -> tuple[int, float, str]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path)],
                         capture_output=True, text=True, check=True).stdout.strip()
    peak, seconds, outcome = out.split("|", 2)
    return int(peak), float(seconds), outcome


def main():
    workdir = ROOT / "var" / "bench-docx"
    workdir.mkdir(parents=True, exist_ok=True)
    cases = {"300-page minute (6,000 rows)": minute(6000), "1 MB bomb (2 GiB inflated)": bomb()}
    floor, _, _ = run("-")
    print(f"floor (imports only): {floor} MB")
    for name, data in cases.items():
        path = workdir / "input.docx"
        path.write_bytes(data)
        peak, seconds, outcome = run(path)
        print(f"{name}: {len(data) / 1e6:.1f} MB on disk, +{peak - floor} MB peak, "
              f"{seconds:.2f} s, {outcome}")


if __name__ == "__main__":
    main()
