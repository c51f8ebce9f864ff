"""Public versions of documents (Ley 1712 de 2014, art. 21). See pipeline.py."""

import sys

# PyMuPDF 2 imports its layout analyser whenever it is importable (its package is a
# dependency of PyMuPDF's): an ONNX model with numpy and onnxruntime, half a second and
# tens of megabytes in every process that reads a PDF. Nothing here asks for layout
# analysis (Page.get_layout); a None entry makes that optional import fail quietly.
sys.modules.setdefault("pymupdf.layout", None)
# Likewise its Markdown/JSON exporters (pymupdf4llm, also a dependency of PyMuPDF 2's,
# which pulls in numpy): a third of a second at each start of `manage.py redact`, for
# to_markdown() and friends, which nothing here calls.
sys.modules.setdefault("pymupdf4llm", None)
