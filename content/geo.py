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
from dataclasses import dataclass
from html import escape as _escape

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from records.geometry import geometry_problem

WIDTH, HEIGHT, PAD, TILE = 640, 420, 48, 256
MARKER_RADIUS = 10


def _rings(geometry, checked=False):
    if geometry is None or (not checked and geometry_problem(geometry)):
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


def _zoom(xs, ys, tiled):
    """The zoom at which positions whose pixel coordinates at zoom 0 are ``xs``, ``ys``
    fit the frame: the largest whole one with tiles (tiles come in powers of two), else
    the one that fills the frame."""
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    zoom = 18
    while zoom > 1 and not (width * 2**zoom <= WIDTH - 2 * PAD
                            and height * 2**zoom <= HEIGHT - 2 * PAD):
        zoom -= 1
    if tiled:
        return zoom
    # No tiles to match: fill the frame instead of stopping at a power of two, which
    # could leave the barrios at a quarter of the size they can have.
    spread = max(width * 2**zoom / (WIDTH - 2 * PAD), height * 2**zoom / (HEIGHT - 2 * PAD), 1e-9)
    return min(18.0, zoom + math.log2(1 / spread))


@dataclass(frozen=True)
class Drawing:
    svg: str  # safe HTML; empty when there is nothing to draw
    unnumbered: int = 0  # territories drawn without their number, too close to another's


def svg_map(territories, tile_url=None, boundaries=None, checked=False) -> Drawing:
    """The territories, each locality outlined: by its official boundary where
    ``boundaries`` (locality name → GeoJSON) has one, else by a dashed approximate
    outline around its territories. ``checked``: the territories' shapes were already
    checked (the stored features), so they are not checked again."""
    territories = list(territories)
    tile_url = getattr(settings, "MAP_TILE_URL", "") if tile_url is None else tile_url
    shapes = [(t, ring) for t in territories for ring in _rings(t.geometry, checked)]
    if not shapes:
        return Drawing(svg="")
    shown = {getattr(t, "locality", "") for t, _ in shapes}
    official = {name: rings for name, geometry in (boundaries or {}).items()
                if name in shown and geometry and (rings := _rings(geometry))}
    # Each position is projected once, at zoom 0: at any other zoom its pixel coordinates
    # are these times 2**zoom (a map of 500 barrios projected each one 68 times).
    shapes = [(t, [_world(p[0], p[1], 0) for p in ring]) for t, ring in shapes]
    official = {name: [[_world(p[0], p[1], 0) for p in ring] for ring in rings]
                for name, rings in official.items()}
    points = [p for _, ring in shapes for p in ring]
    points += [p for rings in official.values() for ring in rings for p in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    zoom = _zoom(xs, ys, bool(tile_url))
    scale = 2**zoom
    left = (min(xs) + max(xs)) * scale / 2 - WIDTH / 2
    top = (min(ys) + max(ys)) * scale / 2 - HEIGHT / 2

    def pixels(ring):
        return [(x * scale - left, y * scale - top) for x, y in ring]

    shapes = [(t, pixels(ring)) for t, ring in shapes]
    official = {name: [pixels(ring) for ring in rings] for name, rings in official.items()}

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
    localities = {}
    for t, ring in shapes:
        localities.setdefault(getattr(t, "locality", ""), []).extend(ring)
    outlines = format_html_join(
        "\n",
        # Without an official boundary, drawn from the territories it holds: dashed, and
        # named, so it reads as a grouping rather than a surveyed line.
        '<g class="locality"><polygon class="locality__outline" points="{}"/>'
        '<text class="map-label locality__name" x="{}" y="{}">{}</text></g>',
        (_outline(points, name) for name, points in localities.items()
         if name and name not in official),
    )
    boundary_lines = format_html_join(
        "\n",
        '<g class="locality"><path class="locality__outline locality__outline--oficial" '
        'd="{}"/><text class="map-label locality__name" x="{}" y="{}">{}</text></g>',
        (_boundary(name, rings) for name, rings in official.items()),
    )
    outlines += boundary_lines  # both safe, built by format_html_join
    # The two parts with a line per territory are joined as plain text, each value escaped
    # (html.escape, as Django's escape): format_html per line took half of a map of 500.
    paths = "\n".join(
        # A picture, not a second set of links: the list below holds the links, and
        # links inside role="img" would be nested interactive content (WCAG 4.1.2).
        f'<polygon class="territory territory--{_escape(t.public.status)}" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
        + f'"><title>{_escape(f"{t.title} ({t.public.label})")}</title></polygon>'
        for t, ring in shapes
    )
    # Numbered markers, numbered as the list below (which names them), instead of names
    # that would run into each other. A marker that would cover part of one already placed
    # is left out: with hundreds of barrios in a city, numbers piled on numbers read as
    # none. Its shape still carries its name, the list still has it, and zooming to its
    # locality spreads the barrios apart.
    first_ring = {}
    for t, ring in shapes:
        first_ring.setdefault(id(t), ring)
    centres = [(number, _centre(first_ring[id(t)]))
               for number, t in enumerate(territories, start=1) if id(t) in first_ring]
    placed = _apart([(number, centre, _radius(number)) for number, centre in centres])
    markers = "\n".join(
        f'<g class="marker"><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:g}"/>'
        f'<text class="map-label" x="{x:.1f}" y="{y + 4:.1f}">{number}</text></g>'
        for number, (x, y), radius in placed
    )
    unnumbered = len(centres) - len(placed)
    title = "Mapa de los territorios listados, numerados como en la lista"
    if unnumbered:
        title += (f"; {unnumbered} de ellos, demasiado cerca de otro para que su número se "
                  "lea, van sin número")
    return Drawing(svg=format_html(
        '<svg class="territory-map" viewBox="0 0 {} {}" role="img" aria-labelledby="map-title">'
        '<title id="map-title">{}</title>{}{}{}{}{}</svg>',
        WIDTH, HEIGHT, title, mark_safe(PATTERNS), mark_safe(tiles), mark_safe(outlines),
        mark_safe(paths), mark_safe(markers),
    ), unnumbered=unnumbered)


def _radius(number):
    """A marker wide enough for its number (12 px bold digits are about 7 px wide)."""
    digits = len(str(number))
    return MARKER_RADIUS if digits <= 2 else 3.5 * digits + 3


def _apart(markers, gap=2):
    """The (number, (x, y), radius) of ``markers``, in order, leaving out each one that
    would come within ``gap`` pixels of one kept before it (linear time: a grid of cells
    as wide as the widest two markers)."""
    if not markers:
        return []
    cell = 2 * max(radius for _, _, radius in markers) + gap
    cells, kept = {}, []
    for marker in markers:
        _, (x, y), radius = marker
        cx, cy = int(x // cell), int(y // cell)
        near = (other for gx in (cx - 1, cx, cx + 1) for gy in (cy - 1, cy, cy + 1)
                for other in cells.get((gx, gy), ()))
        if any(math.hypot(x - ox, y - oy) < radius + other_radius + gap
               for ox, oy, other_radius in near):
            continue
        cells.setdefault((cx, cy), []).append((x, y, radius))
        kept.append(marker)
    return kept


# Status is told by pattern as well as colour (WCAG 1.4.1): solid, hatched, crossed.
PATTERNS = (
    '<defs>'
    '<pattern id="trama-en_ruta" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#4f86c6"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>'
    '<pattern id="trama-revocado" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#c0392b"/>'
    '<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.2"/></pattern>'
    '</defs>'
)


def _centre(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _hull(points):
    """Convex hull (monotone chain) of pixel points."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def half(sequence):
        chain = []
        for p in sequence:
            while len(chain) >= 2 and (
                    (chain[-1][0] - chain[-2][0]) * (p[1] - chain[-2][1])
                    - (chain[-1][1] - chain[-2][1]) * (p[0] - chain[-2][0])) <= 0:
                chain.pop()
            chain.append(p)
        return chain

    lower, upper = half(points), half(reversed(points))
    return lower[:-1] + upper[:-1]


def _boundary(name, rings):
    """A locality's official boundary (its outer rings) and its name above it."""
    every = [p for ring in rings for p in ring]
    cx, _ = _centre(every)
    top = min(y for _, y in every)
    path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z"
                    for ring in rings)
    return path, f"{cx:.1f}", f"{max(top - 6, 12):.1f}", name


def _outline(points, name, margin=22):
    """A locality's outline: its territories' hull, pushed out by ``margin`` pixels."""
    cx, cy = _centre(points)
    hull = _hull(points)
    grown = []
    for x, y in hull:
        dx, dy = x - cx, y - cy
        length = math.hypot(dx, dy) or 1.0
        grown.append((x + dx / length * margin, y + dy / length * margin))
    top = min(y for _, y in grown)
    return (" ".join(f"{x:.1f},{y:.1f}" for x, y in grown), f"{cx:.1f}",
            f"{max(top - 6, 12):.1f}", name)
