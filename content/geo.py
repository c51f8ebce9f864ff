"""Server-side SVG map of territories.

The map must work with no JavaScript and no tile server (the index lists
everything anyway), so polygons are drawn as plain SVG, projected
equirectangularly around their own bounding box.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD = 640, 420, 12


def _rings(geometry):
    kind = (geometry or {}).get("type")
    coords = (geometry or {}).get("coordinates") or []
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coords if polygon]
    if kind == "Point":
        lon, lat = coords[:2]
        d = 0.0008
        return [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]]
    return []


def svg_map(territories) -> str:
    shapes = [(t, ring) for t in territories for ring in _rings(t.geometry)]
    if not shapes:
        return ""
    lons = [p[0] for _, ring in shapes for p in ring]
    lats = [p[1] for _, ring in shapes for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    span = max(max_lon - min_lon, (max_lat - min_lat) * WIDTH / HEIGHT, 1e-6)
    scale = (WIDTH - 2 * PAD) / span

    def point(p):
        return f"{PAD + (p[0] - min_lon) * scale:.1f},{HEIGHT - PAD - (p[1] - min_lat) * scale:.1f}"

    paths = format_html_join(
        "\n",
        '<a href="{}"><title>{}</title><polygon class="territory territory--{}" points="{}"/></a>',
        (
            (t.url, f"{t.title} ({t.public.label})", t.public.status, " ".join(point(p) for p in ring))
            for t, ring in shapes
        ),
    )
    return format_html(
        '<svg class="territory-map" viewBox="0 0 {} {}" role="img" aria-labelledby="map-title">'
        '<title id="map-title">Mapa de los territorios listados</title>{}</svg>',
        WIDTH, HEIGHT, mark_safe(paths),
    )
