"""CSV output for every public list, selected by Accept: text/csv or ?format=csv."""

import csv
import io

from rest_framework.renderers import BaseRenderer, JSONRenderer

from convive.csvfiles import cell


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def _flatten(value, prefix=""):
    """Nested objects become parent_child columns, the names of the data dictionary
    (api.datasets.registry); a list becomes one cell, its items separated by "; " (a list
    of objects by each one's code, slug or title)."""
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}{key}_"))
        return flat
    if isinstance(value, list):
        return {prefix.rstrip("_"): "; ".join(str(_list_item(v)) for v in value if v is not None)}
    return {prefix.rstrip("_"): value}


def _list_item(value):
    if isinstance(value, dict):
        return next((value[key] for key in ("code", "slug", "number", "title") if value.get(key)), "")
    return value


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
        writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in flat:
            writer.writerow({key: cell(value) for key, value in row.items()})
        return buffer.getvalue().encode(self.charset)


class GeoJSONRenderer(JSONRenderer):
    """RFC 7946's own media type, first for the map endpoint; a client that asks for
    application/json still gets the same body as JSON."""

    media_type = "application/geo+json"
    format = "geojson"
