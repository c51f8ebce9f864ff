"""Request ids, JSON log lines, and error reports that carry no personal data (sent to a
Sentry-compatible HTTP server of the test's own on loopback)."""

import gzip
import io
import json
import logging
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.servers import free_port

pytestmark = pytest.mark.django_db


def test_every_answer_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/no-existe/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"]
    assert kept == "proxy-1234abcd"
    # Anything that is not an id (here, an attempt to forge a log line) is replaced.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"}\n{"level":"INFO')["X-Request-ID"]
    assert len(forged) == 32 and "{" not in forged


def test_each_request_is_one_json_line_without_its_query_string(client):
    from convive.jsonlog import JSONFormatter
    from convive.requestid import RequestIdFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("convive.request")
    logger.addHandler(handler)
    try:
        response = client.get("/buscar/?q=Marta+Ospina+52123456")
    finally:
        logger.removeHandler(handler)
    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["logger"] == "convive.request" and line["level"] == "INFO"
    assert line["path"] == "/buscar/" and line["status"] == response.status_code
    assert line["time"].endswith("Z") and isinstance(line["duration_ms"], float)
    assert "Marta" not in stream.getvalue() and "52123456" not in stream.getvalue()


class _Capture(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body.decode("utf-8", "replace"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def error_server():
    import sentry_sdk

    from convive.errors import init_sentry

    _Capture.received = []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    init_sentry(f"http://clavepublica@127.0.0.1:{server.server_port}/1", "pruebas")
    yield _Capture.received
    sentry_sdk.flush(timeout=5)
    # Reporting off again for the rest of the suite, its worker threads stopped: a thread
    # left running would keep, say, redaction from forking its page ranges.
    sentry_sdk.get_client().close(timeout=5)
    sentry_sdk.init(dsn=None)
    server.shutdown()


def test_an_error_report_has_the_type_and_route_but_no_personal_data(
        client, settings, error_server, login):
    import sentry_sdk

    settings.ROOT_URLCONF = "tests.site.urls_with_error"
    client.raise_request_exception = False
    staff = login("coordinador")
    response = staff.post("/falla/?correo=ana.ruiz@example.org",
                          {"cedula": "1012345678", "nombre": "Ana Ruiz Gómez"},
                          HTTP_AUTHORIZATION="Token secreto-del-token-123",
                          HTTP_X_REQUEST_ID="falla-0001abcd")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    sent = "\n".join(error_server)
    assert "ValueError" in sent and "/falla/" in sent and "falla-0001abcd" in sent
    for personal in ("1012345678", "Ana Ruiz", "ana.ruiz@example.org", "secreto-del-token",
                     staff.cookies["sessionid"].value, "coordinador"):
        assert personal not in sent, personal


def test_django_records_keep_the_path_but_not_the_query_or_a_4xx_traceback(client, login):
    from convive.jsonlog import JSONFormatter
    from convive.requestid import RequestIdFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        login("analista").get("/admin/citizens/petition/?id_number__startswith=5212")
        client.get("/admin/records/auditentry/?q=52123456")
        client.get("/healthz", HTTP_HOST="evil.example")
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    lines = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert lines and all("exception" not in line for line in lines)
    assert "5212" not in stream.getvalue() and "WSGIRequest" not in stream.getvalue()
    assert any(line.get("path", "").startswith("/admin/") for line in lines)
