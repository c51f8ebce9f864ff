"""One JSON object per log line: time, level, logger, message, request id, and the
structured fields a record carries (method, path, status, duration_ms, task…)."""

import datetime
import json
import logging

# Attributes every LogRecord has; anything else was passed in ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", ""):
            entry["request_id"] = record.request_id
        for key, value in vars(record).items():
            if key == "request":
                # Django's own records carry the request, whose repr includes the query
                # string (what a citizen typed, a guessed code): only its path is kept.
                entry.setdefault("path", getattr(value, "path", ""))
                entry.setdefault("method", getattr(value, "method", ""))
            elif key not in _STANDARD and key not in entry and key != "request_id":
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) \
                    else str(value)
        # A 4xx is the client's doing: its traceback says nothing and can quote the request.
        if record.exc_info and getattr(record, "status_code", 500) >= 500:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
