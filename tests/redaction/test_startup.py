"""What a process that reads PDFs loads: PyMuPDF 2 would bring its layout analyser
(onnxruntime) and its Markdown exporter (numpy) along, which nothing here uses and
every `manage.py redact` run and worker would pay for at start."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
sys.path[:0] = ["site", "."]
from django.conf import settings
settings.configure(USE_I18N=False, USE_TZ=True)
from redaction.management.commands.redact import Command  # what manage.py redact imports
from redaction import pipeline
loaded = [name for name in ("numpy", "onnxruntime") if name in sys.modules]
loaded += [name for name in ("pymupdf.layout", "pymupdf4llm") if sys.modules.get(name)]
print(",".join(loaded) or "-")
"""


def test_reading_pdfs_loads_no_layout_model_and_no_numpy():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True)
    assert out.stdout.strip() == "-", out.stdout + out.stderr
