"""Address detector: urban nomenclature, named roads, rural locations, and what must survive."""

import time

import pytest

from redaction.detect import detect
from redaction.grounds import Category
from redaction.text import normalize


def addresses(text: str) -> list[str]:
    normal = normalize(text)
    return [normal[m.start:m.end] for m in detect(normal) if m.category == Category.ADDRESS]


WHOLE = [
    # Named avenues and highways.
    "Avenida El Dorado # 68D-35",
    "Av. Boyacá No. 12-40",
    "Autopista Norte # 145-20",
    "Avenida Primero de Mayo 10-20 Sur",
    "Avenida Ciudad de Cali # 6C-09",
    "Av. Caracas 45-12 Local 3",
    "Avenida Jiménez # 4-49 oficina 302",
    "Autopista Sur Km 3",
    "Carretera Central del Norte Km 18",
    "Avenida de las Américas No. 50-15 Bloque 4",
    # Numbered roads with letters, bis, quadrants and details.
    "Calle 10 # 43E-31 Sur Oficina 1101",
    "Cra 7 Bis A # 120-30 Este",
    "Kr 68 D # 24 A - 15 Sur Interior 3 Apto 402",
    "Calle 26 Sur No 5-15 Torre 2 Apartamento 1203",
    "Dg 52 B Sur # 24-11",
    "Transversal 78H # 41-15 Manzana C Casa 14",
    "Calle 45A Bis Sur #12-30 Int. 2",
    "CL 80 #12-34 BL 3 AP 201",
    "Calle 13 No. 68-80 piso 4",
    # After a house mark the dash is often left out; a road's other name in brackets.
    "Calle 10 # 43 E 31",
    "Carrera 7 No. 32 16 Torre 2",
    "Av. 80 (Carrera 65) No. 30-16",
    "Calle 26 (Av. El Dorado) # 68-35",
    "Avenida Las Vegas (Carrera 48) # 10-20 Apto 3",
    # Quadrant between the house numbers, road numbers in words, "N.º".
    "Cra. 50A No. 45 Sur - 12",
    "Carrera 43 A Nro. 1 Sur 150",
    "Carrera Séptima No. 32-16",
    "Calle 10ª N.º 43 – 31 Interior 201",
    "Carrera 15 con Calle 93",
    "Cra 7 x Cl 45 Sur",
    "Av. Boyacá con Calle 80",
    # Dwellings without a road.
    "Mz 4 Casa 12 Barrio El Paraíso",
    "Urbanización Los Pinos Casa 23",
    "Conjunto Residencial Los Robles Torre 3 Apto 502",
    "Manzana 4 Lote 7",
    # Rural forms.
    "Vereda La Esperanza",
    "vereda El Salitre, finca La Palma",
    "Finca Villa Luz",
    "Km 5 vía La Calera",
    "kilómetro 12 vía Bogotá - Choachí",
    "Km 3+500 vía Sibaté",
    "km 18 vía al Llano",
    "Corregimiento de Nazareth, vereda Las Auras",
    "Parcela 14",
    "Lote 7 sector El Codito",
]


@pytest.mark.parametrize("text", WHOLE)
def test_each_written_form_is_found_whole(text):
    assert addresses(text) == [normalize(text)]


IN_CONTEXT = [
    # The cue stays readable; the span starts at the road word or place keyword.
    ("Dirección: Calle 10 # 43E-31 Sur, barrio Kennedy.", "calle 10 # 43e-31 sur, barrio kennedy"),
    ("residente en la Calle 45 # 12-30 Apto 201, me comprometo a asistir.",
     "calle 45 # 12-30 apto 201"),
    ("domiciliado en Km 5 vía La Calera, sector El Codito; tel. 310 555 1234",
     "km 5 via la calera, sector el codito"),
    ("vive en la finca La Palma en la vereda El Hato.", "finca la palma en la vereda el hato"),
    # A name stops before "del municipio / de la localidad ...".
    ("residente en la vereda El Salitre del municipio de La Calera",
     "vereda el salitre"),
    ("Vereda Santa Bárbara de la localidad de Usme", "vereda santa barbara"),
    # ... at punctuation, at a stop word, and after four words at most.
    ("vereda Las Auras, donde vive", "vereda las auras"),
    ("la vereda El Hato se inundó", "vereda el hato"),
    ("vereda Alto de la Cruz Grande Sur", "vereda alto de la cruz"),
    # A house number kept after an intersection.
    ("Carrera 15 con Calle 93 # 12-40 Apto 3", "carrera 15 con calle 93 # 12-40 apto 3"),
    ("Av. Calle 26 # 59-51 Interior 4, Bogotá", "av. calle 26 # 59-51 interior 4"),
]


@pytest.mark.parametrize("text,span", IN_CONTEXT, ids=[c[0] for c in IN_CONTEXT])
def test_span_runs_from_the_road_word_to_the_last_detail(text, span):
    assert addresses(text) == [span]


def test_two_addresses_in_one_sentence_are_two_spans():
    assert addresses("Sede en Carrera 7 No. 32-16 y en Kr 15 #80-21 Torre 2 al norte.") == [
        "carrera 7 no. 32-16", "kr 15 #80-21 torre 2"]


NEGATIVES = [
    "Ley 1712 de 2014",
    "Decreto 1081 de 2015, artículo 2.1.1",
    "Acta No. 12-2024",
    "la calle es peligrosa",
    "calle 10",
    "La calle 10 fue cerrada por obras.",
    "carrera administrativa",
    "la avenida principal",
    "en la vereda se realizó la jornada",
    "la vereda, el corregimiento y la cabecera",
    "kilómetros de vías rehabilitadas",
    # Chosen: a kilometre count followed by "de vía" is a length of works, not a location.
    "Km 5 de vía nueva construida",
    "30-12-2024",
    "proceso MM-GSC-P-003",
    "Código 12-34",
    "la avenida El Dorado 30-12-2024",
    # A single dwelling word, or several of one kind, is procurement or campaign language.
    "lote 1, lote 2 y lote 3 del proceso",
    "visitas casa a casa en el barrio El Carmen",
    "casa de la cultura",
    # Areas alone are public geography.
    "operativo en el sector La Playa, barrio El Carmen",
    "el corregimiento de Nazareth recibió la visita",
    "la finca raíz del sector",
    "la hacienda pública",
    "Torre 2",
    "la avenida Boyacá con la calle 80 está congestionada",
    # Two numbers after a road without a house mark, or joined by "y", are counts and lists.
    "la calle 10 15 casas afectadas",
    "la calle 10 no 5 personas",
    "la calle 10 # 15 y 16",
    "Calle 10 No. 5 de 2020",
    "la carrera 7 (tramo norte) quedó cerrada",
    "la carrera séptima está cerrada",
    "la Calle Primera de la ciudad",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_public_document_content_is_not_an_address(text):
    assert addresses(text) == []


@pytest.mark.parametrize("text", ["calle " * 40000, "vereda " * 40000, "km 5 via " * 20000,
                                  "casa a " * 30000, "vereda la esperanza, " * 10000,
                                  "avenida el el el " * 12000])
def test_address_detection_stays_linear_on_adversarial_input(text):
    normal = normalize(text)
    start = time.perf_counter()
    detect(normal)
    assert time.perf_counter() - start < 1.0
