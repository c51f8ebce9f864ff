"""Redaction quality on documents built the way a secretariat produces them.

Run: .venv/bin/python bench/redact_eval.py [--quick] [--case NAME ...] [--ocr-all]
                                           [--no-ocr] [--json] [--details] [--check]

Builds the evaluation set (tests/redaction/evalset: an acta written in Word
with its attendance table, the same acta as LibreOffice's PDF, an acta drawn
with PyMuPDF with narrow ruled cells, listed names written another way,
urban and rural addresses, per-character text objects and TJ kerning,
letter-spaced and right-to-left text, a scan and a mixed page, a photo
report with EXIF/XMP and /PTEX.FileName, a 40-page report with an 80-name
terms file), runs redact() on each document as the `redact` command does,
and reads the output with poppler's pdftotext, Tesseract (pages with images)
and a walk over the PDF objects. Prints, per truth category, recall (planted
items fully removed), precision (proposals over a planted item), sentences
kept verbatim, seconds and pages/s per case, and gate refusals, next to the
targets: recall 100% for every category but nombre_no_listado (>= 95%, with
precision >= 80%), 100% of ordinary sentences kept.

It is a measurement: the exit code is 0 unless --check is given, then 1 when a
target is missed. The leak rules are in tests/redaction/evalset/measure.py
(leak_reason). --quick runs the text-only subset the test suite uses.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.test_settings")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="text-only subset (no LibreOffice, "
                        "no OCR): " + "the suite's quality check")
    parser.add_argument("--case", action="append", default=[], metavar="NAME",
                        help="run only this case (repeatable)")
    parser.add_argument("--ocr-all", action="store_true",
                        help="OCR every output page, not only pages with images")
    parser.add_argument("--no-ocr", action="store_true", help="read the output text layer only")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--details", action="store_true",
                        help="also list leaked items, wrong proposals and lost sentences")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from tests.redaction.evalset import build, measure

    if args.list:
        for name in build.ALL:
            print(name, "(quick)" if name in build.QUICK else "")
        return 0
    names = args.case or (list(build.QUICK) if args.quick else None)
    started = time.perf_counter()
    cases, notes = build.build_cases(names)
    built = time.perf_counter() - started

    def progress(case):
        print(f"… {case.name}", file=sys.stderr, flush=True)

    results, summary = measure.evaluate(cases, ocr=not args.no_ocr, ocr_all=args.ocr_all,
                                        progress=progress)
    total = time.perf_counter() - started
    if not measure.tesseract_available() and not args.no_ocr:
        notes.append("tesseract with Spanish data not found: output images were not OCR-read")
    if args.json:
        print(json.dumps({
            "categories": {
                name: {**score.__dict__, "recall": score.recall, "precision": score.precision,
                       "recall_target": measure.RECALL_TARGETS.get(name),
                       "precision_target": measure.PRECISION_TARGETS.get(name)}
                for name, score in summary.categories.items()
            },
            "sentences": {"total": summary.sentences_total, "kept": summary.sentences_kept,
                          "target": measure.SENTENCES_TARGET},
            "cases": [{**r.__dict__, "pages_per_second": r.pages_per_second} for r in results],
            "gate_refusals": summary.refusals,
            "errors": summary.errors,
            "targets_missed": summary.misses(),
            "notes": notes,
            "seconds": {"redact": summary.seconds, "build": built, "total": total},
        }, ensure_ascii=False, indent=1, default=str))
    else:
        print(measure.markdown(results, summary, notes))
        print(f"\nWall time: {total:.1f} s (building the documents: {built:.1f} s).")
        if args.details:
            print()
            print(measure.details(results))
    return 1 if args.check and summary.misses() else 0


if __name__ == "__main__":
    sys.exit(main())
