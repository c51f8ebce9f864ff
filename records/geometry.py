"""Territory shapes: what a stored GeoJSON geometry must be, said in Spanish.

A shape is drawn on the public map and served as open data, so a bad one must
never be stored: the admin form, a spreadsheet import and any other save run
``Territory.clean``, which asks ``geometry_problem``.  Readers that meet a
shape stored before these rules (or written by SQL) ask the same function and
skip it instead of failing.

Accepted: a Polygon or MultiPolygon (each ring closed, at least four positions,
no ring crossing itself, not flat), or a Point for a place not yet drawn; every
position [longitud, latitud] inside Colombia's bounding box (mainland, San
Andrés, Providencia and Malpelo).
"""

import math
from itertools import pairwise

from django.core.exceptions import ValidationError

# Colombia's extent, islands included (degrees, WGS 84).
LON_MIN, LON_MAX = -82.0, -66.8
LAT_MIN, LAT_MAX = -4.3, 13.6
MAX_POSITIONS = 20_000  # a barrio's outline needs hundreds; more is an unsimplified export

_KINDS = "Polygon, MultiPolygon o Point"


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _position_problem(position, where) -> str | None:
    if not isinstance(position, (list, tuple)) or len(position) not in (2, 3) or not all(
            _number(v) for v in position):
        return f"{where} no es un par de números [longitud, latitud]: «{position}»."
    lon, lat = position[0], position[1]
    if LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX:
        return None
    hint = ""
    if LON_MIN <= lat <= LON_MAX and LAT_MIN <= lon <= LAT_MAX:
        hint = " Parece que la longitud y la latitud están invertidas: GeoJSON escribe primero la longitud."
    return (f"{where} ({_decimal(lon)}, {_decimal(lat)}) está fuera de Colombia: la longitud va "
            f"de −82 a −66,8 y la latitud de −4,3 a 13,6.{hint}")


def _decimal(value) -> str:
    return f"{value:g}".replace(".", ",").replace("-", "−")


def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_cross(p1, p2, q1, q2) -> bool:
    """Whether two segments touch or cross (collinear overlaps included)."""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    if ((d1 > 0) != (d2 > 0) and d1 != 0 and d2 != 0
            and (d3 > 0) != (d4 > 0) and d3 != 0 and d4 != 0):
        return True

    def on(o, a, b):
        return (min(o[0], a[0]) <= b[0] <= max(o[0], a[0])
                and min(o[1], a[1]) <= b[1] <= max(o[1], a[1]))

    return ((d1 == 0 and on(q1, q2, p1)) or (d2 == 0 and on(q1, q2, p2))
            or (d3 == 0 and on(p1, p2, q1)) or (d4 == 0 and on(p1, p2, q2)))


def _first_crossing(ring):
    """(i, j) of two non-adjacent edges that meet, or None.

    Edges are bucketed on a grid so a ring of thousands of positions is checked
    in about linear time instead of comparing every pair."""
    points = [(p[0], p[1]) for p in ring]
    edges = list(pairwise(points))
    count = len(edges)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, bottom = min(xs), min(ys)
    side = max(1, int(math.sqrt(count)))
    width = (max(xs) - left) / side or 1.0
    height = (max(ys) - bottom) / side or 1.0
    cells = {}
    for index, (a, b) in enumerate(edges):
        for cx in range(int((min(a[0], b[0]) - left) / width),
                        int((max(a[0], b[0]) - left) / width) + 1):
            for cy in range(int((min(a[1], b[1]) - bottom) / height),
                            int((max(a[1], b[1]) - bottom) / height) + 1):
                cells.setdefault((cx, cy), []).append(index)
    checked = set()
    for members in cells.values():
        for position, i in enumerate(members):
            for j in members[position + 1:]:
                low, high = min(i, j), max(i, j)
                # Neighbouring edges share a vertex; so do the first and the last.
                if high - low == 1 or (low == 0 and high == count - 1) or (low, high) in checked:
                    continue
                checked.add((low, high))
                if _segments_cross(*edges[low], *edges[high]):
                    return low + 1, high + 1
    return None


def _area(ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))) / 2


def _ring_problem(ring, where) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        size = len(ring) if isinstance(ring, list) else 0
        return (f"{where} tiene {size} puntos; un polígono necesita al menos 4 "
                "(el último repite el primero).")
    for number, position in enumerate(ring, start=1):
        problem = _position_problem(
            position, f"El punto {number} del {where.removeprefix('El ')}")
        if problem:
            return problem
    if list(ring[0][:2]) != list(ring[-1][:2]):
        return f"{where} no está cerrado: el último punto debe repetir el primero."
    crossing = _first_crossing(ring)
    if crossing:
        return (f"{where} se cruza consigo mismo (los tramos que empiezan en los puntos "
                f"{crossing[0]} y {crossing[1]}). Corrija el orden de los puntos.")
    if _area(ring) == 0:
        return f"{where} no encierra ninguna superficie: todos sus puntos están en una línea."
    return None


def _polygon_problem(rings, polygon) -> str | None:
    """``polygon`` names it: «el polígono» or «el polígono 2»."""
    if not isinstance(rings, list) or not rings:
        return f"{polygon[0].upper()}{polygon[1:]} no tiene anillos: escriba una lista de anillos de puntos."
    for number, ring in enumerate(rings, start=1):
        name = "El borde exterior" if number == 1 else f"El hueco {number - 1}"
        problem = _ring_problem(ring, f"{name} del {polygon.removeprefix('el ')}")
        if problem:
            return problem
    return None


def geometry_problem(geometry) -> str | None:
    """Spanish words for what is wrong with a stored geometry, or None if it is usable."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or "type" not in geometry or "coordinates" not in geometry:
        return ("La geometría debe ser un objeto GeoJSON con «type» y «coordinates», por ejemplo "
                '{"type": "Polygon", "coordinates": [[[-74.05, 4.72], …]]}.')
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind not in ("Polygon", "MultiPolygon", "Point"):
        return f"El tipo de geometría «{kind}» no se admite: use {_KINDS}."
    if kind == "Point":
        if not isinstance(coordinates, list) or not coordinates:
            return "Un punto (Point) necesita sus coordenadas: [longitud, latitud]."
        return _position_problem(coordinates, "El punto")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return f"La geometría {kind} no tiene coordenadas."
    if sum(len(r) for p in polygons if isinstance(p, list) for r in p
           if isinstance(r, list)) > MAX_POSITIONS:
        return (f"La geometría tiene más de {MAX_POSITIONS:,} puntos".replace(",", ".")
                + ": simplifíquela antes de cargarla (por ejemplo con QGIS, «Simplificar»).")
    for number, rings in enumerate(polygons, start=1):
        problem = _polygon_problem(rings, "el polígono" if kind == "Polygon"
                                   else f"el polígono {number}")
        if problem:
            return problem
    return None


def validate_geometry(geometry) -> None:
    problem = geometry_problem(geometry)
    if problem:
        raise ValidationError(problem, code="invalid_geometry")


def boundary_problem(geometry) -> str | None:
    """geometry_problem() for an area's boundary, which a point cannot be."""
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        return ("El límite de una localidad debe ser un polígono (Polygon o MultiPolygon), "
                "no un punto.")
    return geometry_problem(geometry)
