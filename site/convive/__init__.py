"""Convive's project configuration (settings, URLs, WSGI)."""

# Before anything imports PyMuPDF: keeps its unused layout analyser unloaded (see there).
import redaction  # noqa: F401
