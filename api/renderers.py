"""CSV output for every public list, selected by Accept: text/csv or ?format=csv."""

import csv
import io

from rest_framework.renderers import BaseRenderer, JSONRenderer

from records.resources import escape_formula


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def _flatten(value, prefix=""):
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}{key}."))
        return flat
    if isinstance(value, list):
        return {prefix.rstrip("."): "; ".join(str(v) for v in value if not isinstance(v, (dict, list)))}
    return {prefix.rstrip("."): value}


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, dict) and "features" in data:
            rows = [{**f["properties"], "geometry_type": (f.get("geometry") or {}).get("type")}
                    for f in data["features"]]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat = [_flatten(row) for row in rows]
        header = []
        for row in flat:
            header += [key for key in row if key not in header]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in flat:
            writer.writerow({k: _safe(v) for k, v in row.items()})
        return buffer.getvalue().encode(self.charset)


def _safe(value):
    # Spreadsheet formula injection: the admin's exports and the API escape alike (a cell
    # never starts with = + - @, tab or CR, fullwidth forms included; plain numbers stay).
    return escape_formula(value)


class GeoJSONRenderer(JSONRenderer):
    """RFC 7946's own media type, first for the map endpoint; a client that asks for
    application/json still gets the same body as JSON."""

    media_type = "application/geo+json"
    format = "geojson"
