"""Server-side SVG map of territories.

The map must work with no JavaScript and even when no tile server answers
(the page lists everything anyway), so polygons are drawn as plain SVG in
Web Mercator.  When MAP_TILE_URL is configured (e.g. the entity's own tile
server, "https://tiles.example.gov.co/{z}/{x}/{y}.png"), the matching tiles
are laid underneath as <image> elements; if they fail to load, the polygons
and the list remain.  By default no tile URL is set, so a page makes no
third-party request.
"""

import math

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from records.geometry import geometry_problem

WIDTH, HEIGHT, PAD, TILE = 640, 420, 16, 256


def _rings(geometry):
    if geometry is None or geometry_problem(geometry):
        return []  # a shape stored before the rules is listed, not drawn
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


def _world(lon, lat, zoom):
    """Web Mercator pixel coordinates at ``zoom``."""
    scale = TILE * 2**zoom
    x = (lon + 180.0) / 360.0 * scale
    siny = min(max(math.sin(math.radians(lat)), -0.9999), 0.9999)
    y = (0.5 - math.log((1 + siny) / (1 - siny)) / (4 * math.pi)) * scale
    return x, y


def svg_map(territories, tile_url=None) -> str:
    tile_url = getattr(settings, "MAP_TILE_URL", "") if tile_url is None else tile_url
    shapes = [(t, ring) for t in territories for ring in _rings(t.geometry)]
    if not shapes:
        return ""
    points = [p for _, ring in shapes for p in ring]
    zoom = 18
    while zoom > 1:
        xs, ys = zip(*(_world(lon, lat, zoom) for lon, lat, *_ in points))
        if max(xs) - min(xs) <= WIDTH - 2 * PAD and max(ys) - min(ys) <= HEIGHT - 2 * PAD:
            break
        zoom -= 1
    xs, ys = zip(*(_world(lon, lat, zoom) for lon, lat, *_ in points))
    left = (min(xs) + max(xs)) / 2 - WIDTH / 2
    top = (min(ys) + max(ys)) / 2 - HEIGHT / 2

    def point(p):
        x, y = _world(p[0], p[1], zoom)
        return f"{x - left:.1f},{y - top:.1f}"

    tiles = ""
    if tile_url:
        first_x, first_y = int(left // TILE), int(top // TILE)
        last_x, last_y = int((left + WIDTH) // TILE), int((top + HEIGHT) // TILE)
        tiles = format_html_join(
            "",
            '<image href="{}" x="{}" y="{}" width="256" height="256" aria-hidden="true"/>',
            (
                (tile_url.format(z=zoom, x=tx, y=ty), f"{tx * TILE - left:.1f}", f"{ty * TILE - top:.1f}")
                for tx in range(first_x, last_x + 1) for ty in range(first_y, last_y + 1)
            ),
        )
    paths = format_html_join(
        "\n",
        # A picture, not a second set of links: the list below holds the links, and
        # links inside role="img" would be nested interactive content (WCAG 4.1.2).
        '<polygon class="territory territory--{}" points="{}"><title>{}</title></polygon>',
        (
            (t.public.status, " ".join(point(p) for p in ring), f"{t.title} ({t.public.label})")
            for t, ring in shapes
        ),
    )
    return format_html(
        '<svg class="territory-map" viewBox="0 0 {} {}" role="img" aria-labelledby="map-title">'
        '<title id="map-title">Mapa de los territorios listados</title>{}{}</svg>',
        WIDTH, HEIGHT, mark_safe(tiles), mark_safe(paths),
    )
