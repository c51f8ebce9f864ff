"""The JSON and GeoJSON files a dataset is downloaded as, written row by row as they are
read (its CSV files: convive.csvfiles)."""

import datetime
import json
from decimal import Decimal

from convive.csvfiles import BATCH, chunked


def json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def json_chunks(names, rows):
    """A JSON list of records keyed by the dataset's column names."""
    yield b"["
    first = True
    for chunk in chunked(rows, BATCH):
        text = ",\n".join(json.dumps(dict(zip(names, map(json_value, row))), ensure_ascii=False,
                                     separators=(",", ":")) for row in chunk)
        yield (text if first else ",\n" + text).encode()
        first = False
    yield b"]\n"


def geojson_chunks(features):
    """A FeatureCollection from features that are JSON text already."""
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for chunk in chunked(features, BATCH):
        yield ((",\n" if not first else "") + ",\n".join(chunk)).encode()
        first = False
    yield b"]}\n"
