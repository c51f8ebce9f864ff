"""Real servers on loopback for fault tests: an SMTP server the test controls, one that
accepts connections and never answers, and a port where nothing listens.

Each binds its own free port on 127.0.0.1; nothing here is a mock of a library call.
"""

import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps what it receives; ``refuse`` makes it refuse recipients
    with that SMTP reply (e.g. "550 5.1.1 buzón inexistente")."""

    def __init__(self, refuse: str = ""):
        self.messages = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"


class SMTPServer:
    """An SMTP server on ``port`` that the test starts and stops."""

    def __init__(self, port: int, inbox: Inbox | None = None):
        self.port = port
        self.inbox = inbox or Inbox()
        self._controller = None

    def start(self):
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port,
                                      ready_timeout=5)
        self._controller.start()
        return self

    def stop(self):
        if self._controller:
            self._controller.stop()
            self._controller = None


class SilentServer:
    """Accepts TCP connections and never sends a byte: a mail server that hangs."""

    def __init__(self, port: int):
        self.port = port
        self.accepted = 0
        self._socket = socket.socket()
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", port))
        self._socket.listen(16)
        self._connections = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            self.accepted += 1
            self._connections.append(connection)

    def stop(self):
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        for connection in self._connections:
            connection.close()
        self._thread.join(timeout=5)


class ProcessServer:
    """A server program of the test's own on ``port``: started, stopped, started again."""

    name = "servidor"

    def __init__(self, port: int):
        self.port = port
        self._process = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self):
        import subprocess
        import time

        self._process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} no arrancó en el puerto {self.port}")

    def stop(self):
        if self._process:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


class RedisServer(ProcessServer):
    """A redis-server keeping nothing on disk."""

    name = "redis-server"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self):
        return ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "yes"]

    def as_cache(self, prefix: str) -> dict:
        """CACHES as production sets them, on this server; a short down window so a test
        that stops the server sees the cache come back within the test."""
        return {"default": {"BACKEND": "convive.cache.ResilientRedisCache",
                            "LOCATION": self.url, "KEY_PREFIX": prefix, "DOWN_SECONDS": 0.2}}


class MotoServer(ProcessServer):
    """An S3 API server: moto in server mode (in memory: a restart starts empty)."""

    name = "moto_server"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        import sys
        from pathlib import Path

        return [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1",
                "-p", str(self.port)]

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="pruebas", aws_secret_access_key="pruebas")
