"""People's names in Spanish-language documents, found without a list, and variants of listed names.

Two services for the redaction pipeline:

* `find_names(source)` proposes the personal names of natural persons in the
  raw text of a page (original case and accents, "\\n" between lines; table
  cells come as consecutive lines). Case is what tells a name apart in
  Spanish, so this runs on the source, not on the normal form.
* `listed_name_variants(term)` turns a reviewer's term that is a person's name
  ("Luz Dary Gómez Arango") into one regex over the normal form
  (redaction.text.normalize) that also finds the ways a secretariat writes the
  same name: surnames first, initials, a surname cut by a line-end hyphen.

How `find_names` decides
------------------------
One regex pass collects *tokens*: capitalised or ALL-CAPS words (a word cut
by a hyphen at a line end is one token), initials ("L.", "L. D."), and the
particles names contain ("de", "del", "la", "y"...). Tokens joined only by
spaces or a single line break form a *run*; every other character (a
lowercase word, punctuation, a digit) ends it. Each token gets a class from
two lists in redaction/data (given names, surnames; folded like every other
comparison in the pipeline) and a list of common words written here (roles,
institutions, places, months, headings, sentence openers): given name,
surname, both, unknown, particle, or *breaker* (a word no name contains).

A run is then cut into names:

* by name knowledge: given name(s) first then surname(s), or surnames then
  given names ("GÓMEZ ARANGO, Luz Dary", "GÓMEZ ARANGO LUZ DARY"), initials
  allowed ("L. D. Gómez Arango", "Luz D. Gómez A."). It must hold a known
  given name and a known surname. Words that are also ordinary words or places
  ("Luz", "Paz", "Mesa", "Calle", "Victoria") count half, so "Luz Gómez" and
  "Luz Marina Castillo" are names but "Luz Castillo" alone is not;
* by context, for names in no list: after "señor(a)", "la ciudadana",
  "Nombre:", "Firma:", "Proyectó:", "Atentamente," and the like; before
  "identificado(a) con", "C.C.", "cédula"; in the lines under a table header
  "Nombres y apellidos" / "Nombre completo" or after "Asistentes:"; in a
  signature block (a line holding only a capitalised name, followed by a
  role line or "C.C.", or preceded by a line of underscores); next to a public
  role. A context-only name needs two of its words on one line ("Comentario" /
  "Bloqueado" one per line are a list of words) and gets a lower confidence
  than a list-backed one.

Not proposed: names of places and historical figures used as places
("Localidad Antonio Nariño", "Calle Simón Bolívar", "Colegio José Antonio
Galán", "los barrios Carlos Lleras, Alfonso López"), and the historical names
themselves unless a person cue precedes them. A name next to a public role
("el Secretario de Seguridad, …", a signature over "Alcaldesa Local",
"el patrullero …") is still proposed, marked `official`; a role in a civic
body ("secretaria de la JAC") is not an office.

Spans run from the first letter of the name to its last letter: no trailing
comma or space, and a final initial's dot is left out ("Luz D. Gómez A").
A word cut by a hyphen at a line end is one word and its span covers both
lines.

Performance: one token regex per page, cached word classes, set lookups,
and small anchored regexes on a few dozen characters around each candidate
only (about 3 ms for a dense 3000-character page).

Known limits: single names ("el señor Wilmer") are not taken; a business
named after a person ("Ferretería Luz Dary Gómez") is taken; unknown words
after a cue are taken up to five ("la señora Xiomy Kassandra Moñino Tuberquia
Ruiz" stops at five words, and an unknown sentence-initial word glued to the
name on the same line may be included); names spaced letter by letter
("L U Z  D A R Y") or drawn one glyph per line are not read, the page's
joined reading is where those are found.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .text import compile_variants, normalize

__all__ = ["NameMatch", "find_names", "listed_name_variants"]


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A person's name at source[start:end], and why it was proposed."""

    start: int  # index into the SOURCE text given (not normalised)
    end: int  # exclusive
    confidence: float  # 0..1
    reason: str  # short Spanish reason for the reviewer; never contains the name
    official: bool = False  # a public official named in their role


# --- word lists ---------------------------------------------------------------------------

_DATA = Path(__file__).resolve().parent / "data"


def _read_list(name: str) -> frozenset[str]:
    words = set()
    with open(_DATA / name, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(normalize(line))
    return frozenset(words)


@functools.cache
def _given_names() -> frozenset[str]:
    return _read_list("nombres.txt")


@functools.cache
def _surnames() -> frozenset[str]:
    return _read_list("apellidos.txt")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Particles a name may hold inside it ("María de los Ángeles", "Gómez de la Hoz").
_PARTICLES = frozenset("de del la las los y e da das do dos van von der di".split())
_GIVEN_PARTICLES = frozenset("de del la las los".split())
_SURNAME_PARTICLES = frozenset("de del la las los da das do dos van von der di".split())

# Words that are never part of a name even where a list holds them: titles, roles.
_HARD_STOP = _words("""
senor senora senorita senores senoras sr sra srta sres sras don dona doctor doctora dr dra
ing lic abg ciudadano ciudadana ciudadanos ciudadanas
secretario secretaria secretarios secretarias subsecretario subsecretaria subsecretarias
alcalde alcaldesa alcaldia alcaldias alcaldes personero personera personeria comandante
subcomandante director directora subdirector subdirectora directores gobernador gobernadora
gobernacion concejal concejala concejales concejo edil edilesa ediles inspector inspectora
inspeccion inspecciones comisario comisaria comisarias corregidor corregidora corregiduria
defensor defensora defensoria procurador procuradora procuraduria fiscal fiscalia juez jueza
juzgado magistrado magistrada ministro ministra ministerio viceministro viceministra gerente
jefe jefa coordinador coordinadora coordinacion asesor asesora profesional profesionales
universitario universitaria especializado especializada tecnico tecnica auxiliar
administrativo administrativa operativo operativa contratista contratistas patrullero
patrullera patrulleros subintendente intendente teniente subteniente capitan mayor coronel
general brigadier sargento cabo agente agentes policia policias presidente presidenta
vicepresidente vicepresidenta tesorero tesorera vocal lider lideresa lideres representante
delegado delegada vocero vocera conciliador conciliadora conciliadores gestor gestora promotor
promotora enlace funcionario funcionaria funcionarios servidor servidora apoderado apoderada
abogado abogada psicologo psicologa trabajador trabajadora rector rectora docente docentes
estudiante estudiantes comerciante comerciantes residente residentes vigilante conductor
pensionado pensionada independiente empleado empleada agricultor campesino campesina
denunciante querellante querellado querellada convocante convocado convocada testigo victima
victimas usuario usuaria peticionario peticionaria solicitante accionante quejoso quejosa
moderador moderadora relator relatora asistente asistentes participante participantes
integrante integrantes firma firmas nombre nombres apellido apellidos cedula cargo entidad
vecino vecina vecinos vecinas joven jovenes menor menores adolescente adolescentes nino nina
ninos ninas hijo hija hijos hijas esposo esposa companero companera hermano hermana madre
padre abuelo abuela tio tia sobrino sobrina primo prima propietario propietaria arrendatario
arrendataria arrendador arrendadora inquilino inquilina senalado senalada capturado capturada
lesionado lesionada implicado implicada afectado afectada acompanante beneficiario beneficiaria
acudiente uniformado uniformada compareciente infractor infractora
""")

# Common words that start a run or appear in headings, institutions and places.
_STOP = _HARD_STOP | _words("""
el la los las lo un una unos unas al del de y o u e ni que quien quienes cual cuales cuyo
cuya donde cuando como porque pues si no se su sus mi mis tu tus este esta estos estas ese
esa esos esas aquel aquella aquellos aquellas esto eso ello ella ellos ellas nosotros usted
ustedes yo en con por para sin sobre entre hacia hasta desde durante mediante segun tras
ante bajo contra pero sino aunque mientras tambien ademas asimismo igualmente finalmente
posteriormente seguidamente luego despues antes ahora hoy ayer siendo teniendo dado visto
considerando resuelve resuelven decreta certifica hace constar manifiesta manifiestan
informa solicita indica senala expresa propone interviene toma pregunta responde agradece
comparece comparecen asisten asiste presente presentes ausente ausentes excusa excusado
excusados total totales otros otras otro otra todos todas todo toda cada mas menos muy bien
mal gracias atentamente cordialmente respetuosamente saludo saludos respetado respetada
respetados estimado estimada estimados apreciado apreciada cordial hola buenos buenas dias
primero primera segundo segunda tercero tercera cuarto cuarta quinto quinta sexto septimo
octavo noveno decimo uno dos tres cuatro cinco seis siete ocho nueve diez unico unica
enero febrero marzo abril junio agosto septiembre setiembre octubre noviembre diciembre
lunes martes miercoles jueves viernes sabado
seguridad convivencia justicia gobierno nacional nacion republica colombia colombiano
colombiana departamento departamental distrito distrital municipio municipal local
localidad localidades comuna comunas corregimiento vereda veredas barrio sector sectores
zona zonas rural urbana urbano junta juntas accion comunal comunales consejo consejos
comite comites metropolitana estacion subestacion cuadrante cuadrantes cai ejercito
armada fuerza fuerzas aerea militar militares batallon brigada contraloria registraduria
icbf bienestar familiar familia familias casa casas instituto institucion educativa
educativo colegio colegios escuela escuelas universidad hospital clinica centro centros salud
eps ips ese unidad unidades oficina oficinas despacho direccion subdireccion gerencia grupo
grupos equipo equipos programa programas plan planes proyecto proyectos estrategia politica
politicas publica publico sistema red redes ruta rutas atencion integral mujer mujeres genero
infancia adolescencia juventud juventudes adulto adultos discapacidad diversidad lgbti lgbtiq
reconciliacion derechos humanos dih ciudadania participacion desarrollo economico cultura
cultural deporte deportes recreacion ambiente ambiental movilidad transito transporte hacienda
planeacion educacion obras infraestructura vivienda gestion riesgo emergencia emergencias
bomberos roja defensa civil migracion migrantes migrante venezolano venezolana extranjero
acta actas informe informes reunion reuniones orden dia desarrollo compromisos compromiso
asistencia listado lista anexo anexos constancia certificado certificacion formato formulario
registro registros resolucion decreto ley leyes articulo articulos paragrafo numeral literal
capitulo titulo inciso acuerdo circular sentencia auto expediente radicado proceso procesos
caso casos oficio memorando asunto referencia respuesta solicitud peticion queja quejas
reclamo denuncia denuncias querella tutela pqrs pqrsd fecha hora lugar objetivo objeto temas
tema agenda puntos punto varios proposiciones conclusiones observaciones observacion telefono
telefonos celular correo correos electronico direccion dependencia pagina paginas numero nro
codigo version vigencia aprobado aprobo elaboro reviso proyecto proyecta elaborado revisado
tabla figura grafico cuadro fuente nota notas datos dato anexo verificacion lectura aprobacion
quorum inicio cierre balance seguimiento evaluacion diagnostico resultados resultado metas
meta indicadores indicador recursos presupuesto contrato contratos convenio convenios
mesa mesas operativo operativos recorrido recorridos jornada jornadas visita visitas
audiencia audiencias conciliacion equidad comisaria denunciado denunciada presunto presunta
agresor agresora hechos hecho descripcion motivo narracion relato antecedentes consideraciones
bogota medellin cali barranquilla cartagena bucaramanga cucuta manizales ibague marta
villavicencio pasto monteria neiva armenia popayan sincelejo valledupar tunja riohacha quibdo
yopal mocoa inirida mitu carreno guaviare soacha itagui envigado rionegro palmira buenaventura
tulua cartago jamundi dosquebradas barrancabermeja girardot zipaquira facatativa fusagasuga
chia duitama sogamoso apartado turbo caucasia antioquia atlantico boyaca caqueta casanare
cauca choco cundinamarca guainia huila guajira magdalena narino norte santander putumayo
quindio risaralda andres sucre tolima vaupes vichada amazonas usaquen chapinero usme
tunjuelito bosa kennedy fontibon engativa suba teusaquillo martires sumapaz aranjuez
manrique laureles poblado guayabal unidos ciudad pais region provincia sur oriente occidente
este oeste nororiental noroccidental suroriental suroccidental nororiente noroccidente
suroriente suroccidente alto alta bajo baja san santa santo nueva nuevo viejo vieja fe
porvenir esperanzas jardin jardines bosque bosques lomas colinas alamos palmas
dios jesucristo virgen nuestra sagrado corazon divino santisima bendito
hotel restaurante tienda almacen drogueria panaderia ferreteria taller inversiones
distribuidora comercializadora constructora sociedad asociados hermanos hnos cia ltda sas sa
servicios consultores abogados empresa empresas fundacion corporacion asociacion cooperativa
federacion confederacion sindicato club liga iglesia parroquia templo mision cancha canchas
parque parques plazoleta carrera avenida av diagonal transversal autopista via vias carretera
kilometro km manzana lote apartamento apto torre torres bloque interior edificio conjunto
urbanizacion piso oficina puente portal terminal aeropuerto estadio coliseo teatro museo
biblioteca auditorio salon sala
whatsapp facebook instagram twitter google microsoft word excel pdf internet web email
jac jal upz upl pot sijin dijin gaula esmad unp cti uri dane sisben rut nit sic sena dps
jep ubpd mebog meval mecal mebar mecuc spoa caivas cavif ccj pmu ong ongs onu
si ok na
dijo hizo puso tuvo vino intervino estuvo fue fueron quiso trajo condujo propuso dispuso
expuso supo pudo hubo produjo obtuvo mantuvo detuvo sostuvo previno convino atrajo
expone pide agrega aclara afirma reitera refiere relata narra declara sostiene comenta
explica anota recuerda insiste acepta reside vive llega llegan entonces asi alli aqui ahi
""")

# In a list, but also ordinary words or places: they count half as evidence.
_AMBIGUOUS = _words("""
luz rosa flor cielo gloria victoria esperanza consuelo dolores amparo socorro rocio pilar
mercedes angeles concepcion piedad clemencia aurora azucena margarita iris perla pastora
regina carmen domingo julio cesar leticia florencia belen candelaria santiago angel jesus marina
alba francia lucero nieves paz cruz reyes santos rey mesa calle campo campos castillo cuervo
lobo leal blanco rico bravo franco guerra luna vega montes rios parra pena salas sierra toro
vela flores fuentes iglesias leon mora pinto rocha villa arroyo bello bueno caballero cano
cortes plata puerta rueda cadena correa rubio pardo prieto vaca hoyos cuesta barrios ramos
palacio granada cuenca toledo madrid salamanca pereira cordoba cordova bolivar castilla
lagos llanos llano largo infante conde crespo calvo colorado contento dorado escudero fierro
gallo gallardo garrido hidalgo jurado ladino palma pino polo rada reina robles vidal nino
plaza lara maya moya real valle casas manrique
""")

# Historical figures whose names are places (localities, avenues, schools, parks).
_HISTORICAL = frozenset(normalize(n) for n in """
Antonio Nariño|Rafael Uribe Uribe|Rafael Uribe|Simón Bolívar|Francisco José de Caldas|
Jorge Eliécer Gaitán|Camilo Torres|Camilo Torres Restrepo|Policarpa Salavarrieta|
José María Córdova|José María Córdoba|Gabriel García Márquez|Luis Carlos Galán|
Luis Carlos Galán Sarmiento|Carlos Lleras|Carlos Lleras Restrepo|Alfonso López|
Alfonso López Pumarejo|Eduardo Santos|Marco Fidel Suárez|Rafael Núñez|José Antonio Galán|
Antonio José de Sucre|Francisco de Paula Santander|Manuela Beltrán|Atanasio Girardot|
José Celestino Mutis|Andrés Bello|Jorge Isaacs|Tomás Carrasquilla|Pedro Nel Gómez|
Débora Arango|Gustavo Rojas Pinilla|Rafael Reyes|Alberto Lleras Camargo|Laureano Gómez|
Mariano Ospina Pérez|José Asunción Silva|José Martí|Cristóbal Colón|Virgilio Barco|
Julio Mario Santo Domingo|Gonzalo Jiménez de Quesada|Sebastián de Belalcázar|
Pedro de Heredia|Rodrigo Lara Bonilla|Guillermo Cano|Jaime Garzón|Enrique Olaya Herrera|
Olaya Herrera|Gustavo Restrepo|Pablo Tobón Uribe|Jorge Tadeo Lozano|Antonio Ricaurte|
José Prudencio Padilla|Juan José Nieto|Benkos Biohó|Diego Luis Córdoba|Manuel Murillo Toro|
Tomás Cipriano de Mosquera|Pedro Justo Berrío|Juan del Corral|José Félix de Restrepo|
Marco Fidel Suárez|Julio César Turbay|Misael Pastrana|Misael Pastrana Borrero|
Francisco Pizarro|Roberto Payán|Carlos E. Restrepo|Jorge Gaitán Cortés|Juan Rey|
Juan José Rondón|Pablo VI|Juan Pablo II|Gustavo Uribe Botero|Eduardo Umaña Mendoza
""".replace("\n", "").split("|"))

# --- accent- and case-insensitive patterns ------------------------------------------------

_VARIANTS = {
    "a": "aAáÁàÀâÂäÄ", "e": "eEéÉèÈêÊëË", "i": "iIíÍìÌîÎïÏ", "o": "oOóÓòÒôÔöÖ",
    "u": "uUúÚùÙûÛüÜ", "n": "nNñÑ", "c": "cCçÇ",
}


def _ci(pattern: str) -> str:
    """Turn a lowercase ASCII pattern into one that ignores case and accents.

    Lowercase letters outside escapes match any case and any accent (inside a
    character class too, unless part of a range); an uppercase letter matches
    that letter in either case but never accented ("secretarIa" is the role,
    not the office "Secretaría"). A space matches any run of whitespace, line
    breaks included, and " ?" an optional one.
    """
    out = []
    in_class = False
    k = 0
    n = len(pattern)
    while k < n:
        ch = pattern[k]
        nxt = pattern[k + 1] if k + 1 < n else ""
        if ch == "\\":
            out.append(pattern[k : k + 2])
            k += 2
            continue
        if in_class:
            ranged = nxt == "-" or (k and pattern[k - 1] == "-")
            if "a" <= ch <= "z" and not ranged:
                out.append(_VARIANTS.get(ch, ch + ch.upper()))
            else:
                out.append(ch)
            if ch == "]":
                in_class = False
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " ":
            if nxt == "?":
                out.append(r"\s*")
                k += 1
            else:
                out.append(r"\s+")
        elif "a" <= ch <= "z":
            out.append(f"[{_VARIANTS.get(ch, ch + ch.upper())}]")
        elif "A" <= ch <= "Z":
            out.append(f"[{ch.lower()}{ch}]")
        else:
            out.append(ch)
        k += 1
    return "".join(out)


_UP = "A-ZÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÄËÏÖÇ"
_LO = "a-záéíóúüñàèìòùâêîôûäëïöçß"
_LET = _UP + _LO

# Tokens: initials, capitalised words (a line-end or inline hyphen continues the word), particles.
_TOKEN_RE = re.compile(
    rf"(?<![{_LET}0-9@._])(?<![{_LET}]-)(?:"
    rf"(?P<i>[{_UP}]\.(?:[ \t]?[{_UP}]\.)*)"
    rf"|(?P<w>[{_UP}][{_LET}]*(?:['’][{_LET}]+)?(?:-(?:[ \t]*\r?\n[ \t]*)?[{_LET}]+)*)"
    rf"|(?P<p>(?:de|del|la|las|los|y|e|da|das|do|dos|van|von|der|di))"
    rf")(?![{_LET}0-9@])"
)
_LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")

# Person cues right before a name (window ends at the name).
_PERSON_CUE_WORDS = (
    r"senor(?:a|ita|es|as)?(?: ?\( ?a ?\))?|sr(?:a|ta|es|as| ?\( ?a ?\))?\.?|don|dona|dr(?:a)?\."
    r"|doctor(?:a)?"
    r"|ing\.|lic\.|abg\.|ciudadan[oa]s?|joven(?:es)?|menor(?:es)?(?: de edad)?|adolescente|nin[oa]"
    r"|vecin[oa]s?|usuari[oa]|denunciante|querellante|querellad[oa]|quejos[oa]|convocante"
    r"|convocad[oa]|testigo|victima|peticionari[oa]|solicitante|accionante|accionad[oa]"
    r"|afectad[oa]|presunt[oa] agresor(?:a)?|agresor(?:a)?|implicad[oa]|senalad[oa]"
    r"|indiciad[oa]|capturad[oa]|lesionad[oa]|occis[oa]|fallecid[oa]|desaparecid[oa]|hij[oa]"
    r"|espos[oa]|companer[oa](?: sentimental| permanente)?|herman[oa]|madre|padre|abuel[oa]"
    r"|propietari[oa]|arrendatari[oa]|arrendador(?:a)?|inquilin[oa]|apoderad[oa]"
    r"|conciliador(?:a)?(?: en equidad)?|mediador(?:a)?|comerciante"
    r"|lider(?:esa)?(?: comunal| social)?"
    r"|president(?:e|a)(?: de la (?:junta(?: de accion comunal)?|jac))?|patruller[oa]"
    r"|subintendente|intendente|subteniente|teniente|capitan|coronel|sargento|cabo|agente"
    r"|uniformad[oa]|compareciente|acompanante|el senor\(a\)"
)
_PERSON_CUE = re.compile(
    rf"(?<![{_LET}])(?P<cue>{_ci(_PERSON_CUE_WORDS)})[ \t]*[,:]?[ \t]*\r?\n?[ \t]*\Z"
)
# Labels ("Nombre:", "Firma:", "Proyectó:") and closings ("Atentamente,").
# Who a "Nombre del …:" label may be about.
_PERSON_NOUNS = (
    r"(?:denunciante|ciudadan[oa]|solicitante|peticionari[oa]|usuari[oa]|asistente|participante"
    r"|funcionari[oa]|contratista|beneficiari[oa]|victima|agresor(?:a)?|menor|adolescente|nin[oa]"
    r"|padre|madre|acudiente|representante(?: legal)?|testigo|propietari[oa]|arrendatari[oa]"
    r"|conductor(?:a)?|infractor(?:a)?|quejos[oa]|afectad[oa]|presunt[oa] agresor(?:a)?"
    r"|responsable|lider|president[ea]|inspector(?:a)?|comisari[oa]|profesional|servidor(?:a)?"
    r"|remitente|destinatari[oa]|firmante|declarante|convocante|convocad[oa]|entrevistad[oa]"
    r"|encuestad[oa]|interesad[oa]|accionante|querellante|querellad[oa]|denunciad[oa]"
    r"|implicad[oa]|capturad[oa]|retenid[oa]|lesionad[oa]|difunt[oa]|fallecid[oa]|apoderad[oa]"
    r"|abogad[oa]|conciliador(?:a)?|mediador(?:a)?|(?:la |el )?persona(?: que \w+)?)"
)
_LABEL_WORDS = (
    r"nombres?(?: completos?)?(?: y apellidos?)?|apellidos? y nombres?"
    rf"|nombres? (?:y apellidos? )?(?:del|de la|de los|de las) {_PERSON_NOUNS}"
    r"|firma(?: del? \w+)?|firmado(?: por)?"
    r"|proyecto|proyectado por|proyecto y elaboro|elaboro|elaborado por|reviso|revisado por"
    r"|aprobo|aprobado por|transcribio|redacto|digito|vo\.? ?bo\.?|denunciante|denunciad[oa]"
    r"|querellante|querellad[oa]|convocante|convocad[oa]|solicitante|peticionari[oa]|accionante"
    r"|victima|agresor(?:a)?|presunt[oa] agresor(?:a)?|testigo|acompanante|atendid[oa](?: por)?"
    r"|usuari[oa]|ciudadan[oa]|beneficiari[oa]|responsable|contacto|propietari[oa]"
    r"|representante legal|apoderad[oa]|asistente|participante|quejos[oa]|afectad[oa]"
    r"|moderador(?:a)?|relator(?:a)?|secretarI[oa](?: de la reunion| ad hoc)?|president[ea]"
    r"|funcionari[oa]|profesional|remitente|destinatari[oa]|atiende|recibe|recibido por"
    r"|entrega|entregado por|diligenciado por|reporta|reportado por|quien reporta|dirigido a"
)
_LABEL_CUE = re.compile(
    rf"(?<![{_LET}])(?P<cue>(?:{_ci(_LABEL_WORDS)})[ \t]*:"
    rf"|{_ci('atentamente|cordialmente|respetuosamente')}[ \t]*,?)"
    rf"[\s_.:-]*\Z"
)
# Cues right after a name: an identity document follows.
_ID_CUE = re.compile(
    r"[ \t]*[,;(]?[ \t]*\r?\n?[ \t]*(?P<cue>"
    + _ci(
        r"identificad[oa]s?(?: ?\( ?a ?\))?(?: con)?|quien se identifica|portador(?:a)?"
        r"|mayor(?:es)? de edad"
        r"|con (?:c\.? ?c\.?|cedula|documento|t\.? ?i\.?|c\.? ?e\.?|ppt|pasaporte|nit)"
        r"|c\.? ?c\.?|cc|c\.? ?e\.?|t\.? ?i\.?|ppt|pep|pasaporte|nuip|cedula(?: de ciudadania)?"
        r"|nit|documento de identidad|doc\. identidad"
    )
    + rf")(?![{_LET}])"
)
# Public roles: an official named in their role.
_OFFICIAL_ROLE_WORDS = (
    r"(?:sub)?secretarI[oa](?! de la (?:junta|jac|asociacion|mesa)| del comite)"
    r"(?: (?:general|privad[oa]|de despacho|de \w+))?"
    r"|alcalde(?:sa)?(?: (?:local|mayor|municipal|distrital|\(e\)))?"
    r"|personer[oa](?: (?:delegad[oa]|municipal|distrital))?"
    r"|(?:sub)?comandante(?: de (?:policia|estacion|la estacion|cuadrante|distrito))?"
    r"|(?:sub)?director(?:a)?(?: (?:de|del) \w+)?|gobernador(?:a)?|concejal(?:a)?|edil(?:esa)?"
    r"|inspector(?:a)?(?: de policia)?|comisarI[oa](?: de familia)?|corregidor(?:a)?"
    r"|defensor(?:a)? del pueblo|procurador(?:a)?|fiscal(?! de la junta)|juez(?:a)?|magistrad[oa]"
    r"|(?:vice)?ministr[oa]|gerente|jef[ea](?: de (?:oficina|grupo|area|division))?"
    r"|coordinador(?:a)?"
    r"|asesor(?:a)?|profesional(?: universitari[oa]| especializad[oa]| de apoyo)?"
    r"|tecnic[oa] (?:administrativ[oa]|operativ[oa])|auxiliar administrativ[oa]|patruller[oa]"
    r"|subintendente|intendente|subteniente|teniente|capitan|mayor(?! de edad)|coronel|general"
    r"|brigadier|sargento|agente de policia|servidor(?:a)? public[oa]|funcionari[oa] public[oa]"
)
_OFFICIAL_ROLE = _ci(_OFFICIAL_ROLE_WORDS)
_OTHER_ROLE = _ci(
    r"lider(?:esa)?|president[ea]|representante|vocer[oa]|delegad[oa]|apoderad[oa]"
    r"|conciliador(?:a)?|abogad[oa]|psicolog[oa]|trabajador(?:a)? social|promotor(?:a)?"
    r"|gestor(?:a)?"
    r"|enlace|contratista|c\.? ?c\.?|cc|cedula|t\.? ?p\.?|tarjeta profesional|ciudadan[oa]"
    r"|denunciante|querellante|convocante|convocad[oa]|testigo|usuari[oa]|comerciante"
    r"|propietari[oa]|cargo|firma|tesorer[oa]|vocal|fiscal|secretarI[oa]"
)
_ROLE_AFTER = re.compile(
    rf"[ \t]*(?:,|\(|–|-|\r?\n)?[ \t]*(?:\r?\n[ \t]*)?(?P<role>{_OFFICIAL_ROLE})(?![{_LET}])"
)
_NEXT_LINE_ROLE = re.compile(
    rf"[ \t]*\r?\n[ \t]*(?:(?P<official>{_OFFICIAL_ROLE})|{_OTHER_ROLE})(?![{_LET}])"
)
# A role before the name: "el Secretario de Seguridad, Convivencia y Justicia, <name>".
_ROLE_VOCAB = _ci(
    r"de|del|la|las|los|el|y|e|en|para|seguridad|convivencia|justicia|gobierno|policia|estacion"
    r"|metropolitana|nacional|distrital|municipal|departamental|local|cuadrante|comando|despacho"
    r"|encargad[oa]|interior|hacienda|salud|educacion|cultura|desarrollo|social|integracion"
    r"|planeacion|movilidad|transito|ambiente|participacion|mujer|mujeres|familia|infancia"
    r"|juventud|paz|victimas|derechos|humanos|oficina|asuntos|zona|rural|urbana|territorial"
    r"|comuna|localidad|municipio|ciudad|departamento|distrito|gestion|riesgo|seccional"
    r"|coronel|mayor|capitan|teniente|intendente|subintendente|patrullero|sargento|general"
    r"|doctor(?:a)?|dr\.|dra\.|a|al|acceso|apoyo|atencion|ciudadana|convivencia"
)
_ROLE_BEFORE = re.compile(
    rf"(?<![{_LET}])(?P<role>{_OFFICIAL_ROLE})"
    rf"(?:[ \t\r\n,]+(?:{_ROLE_VOCAB}|[{_UP}][{_LET}]*|\( ?[eE] ?\)|\d+)(?![{_LET}]))*"
    rf"[ \t\r\n,]*\Z"
)
# Places named after people: "Localidad Antonio Nariño", "Colegio José Antonio Galán".
_PLACE_WORDS = (
    r"localidad|avenida|av\.?|avda\.?|calle|cll\.?|cl\.?|carrera|cra\.?|kr\.?|diagonal|dg\.?"
    r"|transversal|tv\.?|autopista|troncal|via|barrio|urbanizacion|conjunto|edificio|parque|plaza"
    r"|plazoleta|colegio|escuela|liceo|gimnasio|institucion educativa|i\. ?e\.?|ie|iet|ied"
    r"|universidad|hospital|clinica|centro de salud|puesto de salud|biblioteca|estadio|coliseo"
    r"|polideportivo|teatro|auditorio|aeropuerto|terminal|estacion|portal|puente|vereda"
    r"|corregimiento|municipio|comuna|sector|fundacion|corporacion|asociacion|premio|orden"
    r"|catedra|batallon|brigada|fuerte|escuadron|sede|hogar|jardin infantil|jardin"
    r"|casa de la cultura|salon|sala|ciudadela|unidad deportiva|cancha|ley|decreto|programa"
    r"|proyecto|operacion|plan|estrategia|catedral|iglesia|parroquia|capilla|monumento|museo"
    r"|centro comercial|centro|distrito|departamento|provincia|hotel|club|concejo|edificio"
)
_PLACE_BEFORE = re.compile(
    rf"(?<![{_LET}])(?:{_ci(_PLACE_WORDS)})"
    rf"(?:[ \t]+(?:[{_UP}][{_LET}]*|de|del|la|las|los|el|y))*[ \t]*\Z"
)
# "los barrios Carlos Lleras, Jorge Gaitán Cortés y Alfonso López": a list of places.
_PLACES_WORDS = (
    "localidades|avenidas|calles|carreras|barrios|urbanizaciones|conjuntos|parques|colegios"
    "|escuelas|hospitales|veredas|comunas|sectores|upz|estaciones"
)
_PLACES_BEFORE = re.compile(
    rf"(?<![{_LET}])(?:{_ci(_PLACES_WORDS)})"
    rf"(?:[ \t]+(?:[{_UP}][{_LET}]*|de|del|la|las|los|el|y)|[ \t]*,)*[ \t]*\Z"
)
# A table column of names: a header line that is only this title.
_HEADER_RE = re.compile(
    r"^[ \t]*(?P<h>"
    + _ci(
        r"nombres?(?: completos?)?(?: y apellidos?)?|apellidos? y nombres?|nombre y apellidos?"
        r"|nombre (?:del|de la) (?:asistente|participante|funcionari[oa]|contratista"
        r"|beneficiari[oa]"
        r"|ciudadan[oa]|usuari[oa])|asistentes?|participantes?"
    )
    + r")[ \t]*:?[ \t]*\r?$",
    re.MULTILINE,
)
_LIST_CUE_RE = re.compile(
    rf"(?<![{_LET}])(?P<h>"
    + _ci(r"asistentes|participantes|asistieron|integrantes|convocados|presentes|invitados")
    + r")[ \t]*:"
)
_REGION_WORDS = ("nombre", "apellido", "asisten", "particip", "integrant", "convocad", "present",
                 "invitad", "asistier")
_AND_BEFORE = re.compile(r"(?<![^\W\d_])[yeYE][ \t]+\Z")
_UNDERSCORES = re.compile(r"_{3,}[ \t]*\r?\n[ \t]*\Z")
_LIST_END = re.compile(rf"\.[ \t]+[{_UP}][{_LO}]*[ \t]+[{_LO}]{{2,}}")

# U tokens that look like ordinary words (nouns, verbs, adverbs), not names.
_COMMON_SUFFIXES = (
    "cion", "sion", "dad", "mente", "aron", "ieron", "ando", "iendo", "ismo", "able", "ible",
    "ncia", "miento", "torio", "ados", "adas", "idos", "idas", "ivo", "iva", "ivos", "ivas",
    "ales", "ares", "ores", "nte", "ntes", "ado", "ada", "ido", "ida", "ados", "adas", "ario",
    "arios", "ura", "uras", "eza", "ezas", "ismo", "aje", "ajes", "eron",
)
_ACCENTED_END = frozenset("óáúíÓÁÚÍ")

# --- tokens -------------------------------------------------------------------------------

G, S, GS, U, I, P, X = "G", "S", "GS", "U", "I", "P", "X"
_NAMEISH = frozenset((G, S, GS, U, I))


@functools.lru_cache(maxsize=1 << 16)
def _word_class(n: str) -> tuple[str, bool]:
    """(class, ambiguous) of a folded word."""
    if n in _HARD_STOP:
        return X, False
    given, surnames = _given_names(), _surnames()
    in_g, in_s = n in given, n in surnames
    if in_g or in_s:
        return (GS if in_g and in_s else G if in_g else S), n in _AMBIGUOUS
    if "-" in n:
        parts = [p for p in n.split("-") if p]
        classes = [_word_class(p)[0] for p in parts]
        if parts and all(c in (G, S, GS) for c in classes):
            return (S if any(c in (S, GS) for c in classes) else G), False
        if any(c == X for c in classes):
            return X, False
        return U, False
    if n in _STOP:
        return X, False
    return U, False


@functools.lru_cache(maxsize=1 << 16)
def _classify(kind: str, text: str) -> tuple[str, str, bool, bool | None, int, int]:
    """(folded form, class, ambiguous, ALL CAPS or None, letters, end offset of the last letter)."""
    if kind == "p":
        return text, P, False, None, 1, 0
    if kind == "i":
        n = normalize(text)
        count = sum(1 for c in text if c.isalpha())
        if n.replace(" ", "") in _ID_INITIALS:
            return n, X, False, None, count, 0
        return n, I, False, None, count, -1  # an initial ends before its dot
    joined = _LINE_HYPHEN.sub("", text) if "\n" in text else text
    n = normalize(joined)
    letters = joined.replace("-", "").replace("'", "").replace("’", "")
    caps = letters.isupper() if len(letters) > 1 else None
    if n in _PARTICLES and len(n) <= 3:
        return n, P, False, (None if n in ("y", "e") else caps), 1, 0
    if len(letters) == 1:
        # A capital without a dot: a one-letter word, a list marker, a unit; initials have dots.
        return n, X, False, caps, 1, 0
    cls, amb = _word_class(n)
    if cls == U and not _looks_like_name(joined, n):
        cls = X
    return n, cls, amb, caps, 1, 0


class _Tok:
    __slots__ = ("start", "end", "text", "n", "cls", "amb", "caps", "count", "last", "nl")

    def __init__(self, start: int, end: int, text: str, kind: str):
        self.start, self.end, self.text = start, end, text
        self.n, self.cls, self.amb, self.caps, self.count, offset = _classify(kind, text)
        self.last = end + offset  # end of the last letter
        self.nl = False  # a line break between this token and the previous one


_ID_INITIALS = frozenset(
    "c.c. t.i. c.e. r.c. n.i.t. e.s.e. s.a.s. s.a. e.u. l.t.d.a. j.a.c. j.a.l. i.e. i.e.d. "
    "p.p.t. p.e.p. t.p. a.m. p.m. vo.bo. v.b. ee.uu. n.n. i.c.b.f. c.a.i. u.p.z. d.c. s.s."
    .split()
)


def _looks_like_name(text: str, n: str) -> bool:
    if len(n) < 2 or not n.replace("-", "").replace("'", "").isalpha():
        return False
    if text[-1] in _ACCENTED_END:
        return False  # "Manifestó", "Bogotá": names rarely end in a stressed vowel
    if text.isupper() and len(n) <= 3:
        return False  # acronyms: "JAC", "CAI", "UPZ"
    letters = set(n)
    if not letters & set("aeiouy"):
        return False
    return not n.endswith(_COMMON_SUFFIXES)


def _tokens(source: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group(), m.lastgroup) for m in _TOKEN_RE.finditer(source)]


def _runs(source: str, toks: list[_Tok]) -> tuple[list[list[_Tok]], list[bool]]:
    """Tokens grouped into runs; and, for each run, whether a comma links it to the next one."""
    runs: list[list[_Tok]] = []
    comma_next: list[bool] = []
    current: list[_Tok] = []
    style = None
    prev = None
    for tok in toks:
        join = False
        comma = False
        if prev is not None:
            gap = source[prev.end : tok.start]
            if not gap or gap.isspace():
                newlines = gap.count("\n")
                tok.nl = newlines > 0
                if newlines == 0:
                    join = True
                elif newlines == 1:
                    # Across a line break only if the writing style goes on (a name in
                    # ALL CAPS over a role line in Title Case is two things).
                    join = style is None or tok.caps is None or tok.caps == style
            elif gap.strip() == ",":
                comma = True
        if join:
            current.append(tok)
        else:
            if current:
                runs.append(current)
                comma_next.append(comma)
            current = [tok]
            style = None
        if tok.caps is not None:
            style = tok.caps
        prev = tok
    if current:
        runs.append(current)
        comma_next.append(False)
    return runs, comma_next


# --- parsing a run into names ------------------------------------------------------------


class _Cand:
    __slots__ = ("lo", "hi", "form", "unknown", "initials", "gscore", "sscore")

    def __init__(self, toks, lo, hi, form, given_hi):
        self.lo, self.hi, self.form = lo, hi, form
        gscore = sscore = 0.0
        unknown = initials = 0
        for k in range(lo, hi):
            t = toks[k]
            if t.cls == P:
                continue
            in_given = (k < given_hi) if form != "surnames_first" else (k >= given_hi)
            weight = 0.5 if t.amb else 1.0
            if t.cls == U:
                unknown += 1
            elif t.cls == I:
                initials += t.count
            elif in_given and t.cls in (G, GS):
                gscore += weight
            elif not in_given and t.cls in (S, GS):
                sscore += weight
            elif t.cls == G and not in_given:
                gscore += weight / 2  # a given name in the surname slot: weak evidence
            elif t.cls == S and in_given:
                sscore += weight / 2
        self.gscore, self.sscore = gscore, sscore
        self.unknown, self.initials = unknown, initials

    def content(self, toks) -> int:
        return sum(toks[k].count for k in range(self.lo, self.hi) if toks[k].cls != P)


def _given_first(toks: list[_Tok], k: int, hi: int, loose: bool) -> _Cand | None:
    """Given name(s) then surname(s) from toks[k]; `loose` accepts unknown words as given names."""
    first = toks[k]
    given_ok = (G, GS, I, U) if loose else (G, GS, I)
    if first.cls not in given_ok:
        return None
    j = k
    givens = 0
    while j < hi and givens < 3:
        t = toks[j]
        if t.cls in given_ok:
            givens += t.count if t.cls == I else 1
            j += 1
            continue
        if (t.cls == U and givens and j + 2 < hi and toks[j + 1].cls in (S, GS)
                and toks[j + 2].cls in (S, GS, U) and not toks[j + 1].nl
                and (j + 3 >= hi or toks[j + 3].cls not in (S, GS, U))):
            # "Angélica Bibiana Castro Pinto": an unknown word before two surnames is a given name.
            givens += 1
            j += 1
            continue
        # "María de los Ángeles", "María del Carmen": a particle then a known given name.
        if t.cls == P and t.n in _GIVEN_PARTICLES and givens:
            m = j
            while m < hi and toks[m].cls == P and toks[m].n in _GIVEN_PARTICLES and m - j < 2:
                m += 1
            if m < hi and toks[m].cls == G and m + 1 < hi and toks[m + 1].cls in (S, GS, U, I):
                j = m
                continue
        break
    given_hi = j
    surnames = 0
    last = j
    limit = 2
    while j < hi and surnames < limit:
        t = toks[j]
        if t.cls in (S, GS, U) or (t.cls == G and surnames == 0 and loose):
            surnames += 1
            j += 1
            last = j
            continue
        if t.cls == I and surnames >= 1:
            # "Gómez A.": a surname's initial closes the name.
            surnames += 1
            j += 1
            last = j
            break
        if (t.cls == I and surnames == 0 and t.count == 1 and j + 1 < hi
                and toks[j + 1].cls in (S, GS)):
            # "Luz D. Gómez": the initial was still a given name.
            j += 1
            given_hi = j
            continue
        if t.cls == P and t.n in _SURNAME_PARTICLES:
            m = j
            while m < hi and toks[m].cls == P and toks[m].n in _SURNAME_PARTICLES and m - j < 2:
                m += 1
            if m < hi and (toks[m].cls in (S, GS) or (surnames >= 1 and toks[m].cls == U)):
                if surnames >= 1:
                    limit = 3  # "Gómez de Ruiz": a married name after the two surnames
                j = m  # "de la Hoz"
                continue
        break
    j = last
    if surnames == 0:
        # "Juan Martín": the last given name may have been a surname.
        if given_hi - k >= 2 and toks[given_hi - 1].cls in (GS, U) and (
            toks[given_hi - 1].cls == GS or loose
        ):
            given_hi -= 1
            j = given_hi + 1
        else:
            return None
    # A given-name slot left holding only a particle ("de") is no name.
    while j > k and toks[j - 1].cls == P:
        j -= 1
    cand = _Cand(toks, k, j, "given_first", given_hi)
    if cand.content(toks) < 2 or cand.content(toks) > 6:
        return None
    return cand


def _surnames_first(source: str, toks: list[_Tok], k: int, hi: int) -> _Cand | None:
    """"GÓMEZ ARANGO LUZ DARY": two known surnames then known given names, on one line."""
    if k + 2 >= hi or toks[k].cls not in (S, GS) or toks[k + 1].cls not in (S, GS):
        return None
    j = k + 2
    givens = 0
    while j < hi and givens < 2 and toks[j].cls in (G, GS):
        givens += 1
        j += 1
    if not givens or (j < hi and toks[j].cls in (S, U)):
        return None
    if "\n" in source[toks[k].start : toks[j - 1].end]:
        return None
    cand = _Cand(toks, k, j, "surnames_first", k + 2)
    if cand.sscore < 1.5 or cand.gscore < 1:
        return None
    return cand


def _list_backed(c: _Cand) -> bool:
    if c.form == "surnames_first":
        return True
    if c.initials and c.gscore == 0:
        # "L. D. Gómez Arango": initials need two surnames, one of them known.
        return c.sscore >= 1 and (c.hi - c.lo - c.unknown) >= 3
    return c.gscore >= 0.5 and c.sscore >= 0.5 and c.gscore + c.sscore >= 1.5


# --- context ------------------------------------------------------------------------------


def _sentence_like(line: str) -> bool:
    """A line of running text: it ends a table column or a list of names."""
    if len(line) > 100:
        return True
    words = line.split()
    lowers = sum(1 for w in words if len(w) >= 3 and w.isalpha() and w.islower()
                 and w not in _PARTICLES)
    if lowers >= 3:
        return True
    # ALL CAPS text has no lowercase words: count common words instead.
    common = sum(1 for w in words if w.isalpha() and normalize(w) in _STOP)
    return common >= 4


class _Page:
    """One page being read: its text, runs and the regions that hold lists of names."""

    def __init__(self, source: str):
        self.source = source
        self.regions: list[tuple[int, int, str]] = []
        self._find_regions()

    def _find_regions(self) -> None:
        source = self.source
        found = []
        folded = source.lower()
        if not any(word in folded for word in _REGION_WORDS):
            return
        for m in _HEADER_RE.finditer(source):
            end = self._region_end(m.end(), table=True)
            header = " ".join(m.group("h").split())
            found.append((m.end(), end, f"columna «{header}»"))
        for m in _LIST_CUE_RE.finditer(source):
            end = self._region_end(m.end(), table=False)
            found.append((m.end(), end, "lista de asistentes"))
        found.sort()
        self.regions = found

    def _region_end(self, pos: int, table: bool) -> int:
        source = self.source
        limit = min(len(source), pos + 6000)
        line_start = pos
        first = True
        while line_start < limit:
            nl = source.find("\n", line_start)
            line_end = limit if nl < 0 or nl > limit else nl
            line = source[line_start:line_end]
            if not first or table:
                if _sentence_like(line):
                    return line_start
                if not table and not line.strip():
                    return line_start
            else:
                stop = _LIST_END.search(line)
                if stop:
                    return line_start + stop.start() + 1
            first = False
            line_start = line_end + 1
        return limit

    def region_at(self, pos: int) -> int | None:
        """Index in self.regions of the column or list holding `pos`."""
        for index, (start, end, _reason) in enumerate(self.regions):
            if start <= pos < end:
                return index
        return None

    def at_line_start(self, pos: int) -> bool:
        k = pos - 1
        source = self.source
        while k >= 0 and source[k] in " \t\r":
            k -= 1
        return k < 0 or source[k] == "\n"

    def at_line_end(self, pos: int) -> bool:
        source = self.source
        k = pos
        n = len(source)
        while k < n and source[k] in " \t\r":
            k += 1
        return k >= n or source[k] == "\n"

    def before(self, pos: int, width: int = 70) -> str:
        return self.source[max(0, pos - width) : pos]

    def person_cue(self, pos: int) -> str | None:
        window = self.before(pos, 56)
        m = _PERSON_CUE.search(window) or _LABEL_CUE.search(window)
        if not m:
            return None
        cue = " ".join(m.group("cue").split())
        return f"tras «{cue}»"

    def id_cue(self, pos: int) -> str | None:
        m = _ID_CUE.match(self.source, pos, min(len(self.source), pos + 60))
        if not m:
            return None
        return f"antes de «{' '.join(m.group('cue').split())}»"

    def signature(self, start: int, end: int) -> tuple[bool, str | None]:
        """(is a signature block, official role) for a name alone on its line(s)."""
        if not (self.at_line_start(start) and self.at_line_end(end)):
            return False, None
        m = _NEXT_LINE_ROLE.match(self.source, end, min(len(self.source), end + 80))
        if m:
            role = m.group("official")
            if role:
                return True, _public_role(self.source, m.start("official"), role)
            return True, None
        if _UNDERSCORES.search(self.before(start, 80)):
            return True, None
        return False, None

    def official_role(self, start: int, end: int) -> str | None:
        m = _ROLE_AFTER.match(self.source, end, min(len(self.source), end + 80))
        if m:
            return _public_role(self.source, m.start("role"), m.group("role"))
        if self.at_line_start(start) and self.at_line_end(end):
            return None  # a signature line: its role is the line below, not the one above
        window = self.before(start, 110)
        if _AND_BEFORE.search(window):
            return None  # "el Secretario y <name>": two people
        m = _ROLE_BEFORE.search(window)
        if m:
            return _public_role(window, m.start("role"), m.group("role"))
        return None

    def place_before(self, pos: int) -> bool:
        window = self.before(pos, 90)
        return (_PLACE_BEFORE.search(window, max(0, len(window) - 60)) is not None
                or _PLACES_BEFORE.search(window) is not None)


def _is_institution(role: str) -> bool:
    """"Secretaría", "Comisaría" (the office) against "Secretaria", "Comisaria" (the person)."""
    head = role.split()[0].lower()
    return head.endswith(("ría", "rÍa")) or "RÍA" in role.split()[0]


_ROLE_TEXT_END = re.compile(r"[,;:.\n(]")


# A role in a civic body (a JAC's secretary, a residents' association's president) is no office.
_CIVIC_BODY = re.compile(
    _ci(r"junta|jac|jal|comite|asociacion|comunal|fundacion|corporacion|empresa|conjunto"
        r"|copropiedad|iglesia|parroquia|cooperativa|sindicato|colectivo|club")
)


def _role_text(text: str, pos: int) -> str:
    m = _ROLE_TEXT_END.search(text, pos, pos + 60)
    role = text[pos : m.start() if m else min(len(text), pos + 60)]
    return " ".join(role.split())


def _public_role(text: str, pos: int, head: str) -> str | None:
    """The role printed at text[pos] if it is a public office, else None."""
    if _is_institution(head):
        return None
    role = _role_text(text, pos)
    tail = text[pos : pos + 80]
    if _CIVIC_BODY.search(tail.split("\n", 1)[0]):
        return None
    return role


# --- find_names ---------------------------------------------------------------------------


def find_names(source: str) -> list[NameMatch]:
    """Personal names of natural persons in `source` (raw page text), in text order."""
    found = _find_names(source)
    extra = [m for m in _addressed_names(source)
             if not any(f.start <= m.end - 1 and m.start <= f.end - 1 for f in found)]
    return sorted(found + extra, key=lambda m: m.start) if extra else found


# "la señora kelly johana" (typed in lower case), "Respetada señora Zuleta:" (a surname
# alone): after a form of address, a person is named even when the general rules,
# which need capitals and two words, do not see it.
_ADDRESS_CUE = re.compile(
    r"(?<![^\W\d_])(?:señor(?:a|ita)?|senor(?:a|ita)?|sr\.|sra\.|srta\.|don|doña|dona)"
    r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
    r"(?P<name>[^\W\d_][\w'’-]*(?:(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
    r"(?:de[ \t]+la|del|de|[^\W\d_][\w'’-]*)){0,4})",
    re.IGNORECASE,
)


def _addressed_names(source: str) -> list[NameMatch]:
    out = []
    given, surnames = _given_names(), _surnames()
    for m in _ADDRESS_CUE.finditer(source):
        name = m.group("name")
        spans = [(w.group(), w.end()) for w in re.finditer(r"\S+", name)]
        starts = [w.start() for w in re.finditer(r"\S+", name)]
        kept: list[str] = []
        for k, (word, _end) in enumerate(spans):
            n = normalize(word).strip("'’-")
            known = n in given or n in surnames
            capital = word[0].isupper()
            if (n in _STOP or len(n) < 3) and not known:
                break  # "la señora C.C. …", "el señor de la casa"
            if k and "\n" in name[spans[k - 1][1] : starts[k]] and not known:
                break  # a new line goes on with the name only with a word the lists know
            if not (known or (capital and not kept) or (capital and kept and kept[-1][0].isupper())):
                break
            kept.append(word)
        while kept and normalize(kept[-1]) in _PARTICLES:
            kept.pop()
        if not kept:
            continue
        if len(kept) == 1 and not kept[0][0].isupper() and normalize(kept[0]) not in surnames:
            continue  # "la señora presidenta": one lower-case word is not a name
        start = m.start("name")
        end = start + spans[len(kept) - 1][1]
        known_all = all(normalize(w) in given or normalize(w) in surnames for w in kept)
        out.append(NameMatch(start, end, 0.85 if known_all else 0.6,
                             f"tras «{m.group()[: m.start('name') - m.start()].strip()}»"))
    return out


def _find_names(source: str) -> list[NameMatch]:
    if not source or source.islower() or not source.strip():
        return []
    toks = _tokens(source)
    if len(toks) < 2:
        return []
    page = _Page(source)
    runs, comma_next = _runs(source, toks)
    found: list[NameMatch] = []
    # Tokens already taken by a surnames-first-with-comma name: (run index, first free, last free).
    bounds = [[0, len(run)] for run in runs]
    for r in range(len(runs) - 1):
        if comma_next[r]:
            match = _comma_form(page, runs, bounds, r)
            if match:
                found.append(match)
    # Names of unknown words vouched for by their column or list only, with its index.
    column_only: list[tuple[NameMatch, int]] = []
    for r, run in enumerate(runs):
        lo, hi = bounds[r]
        if hi - lo >= 1:
            for match, region in _names_in_run(page, run, lo, hi):
                if region is None:
                    found.append(match)
                else:
                    column_only.append((match, region))
    if column_only:
        # A column or list of names holds at least one name with a known word; one that
        # does not is a column of something else ("Nombre" of a form, of a task...).
        confirmed = {page.region_at(m.start) for m in found}
        found.extend(m for m, region in column_only if region in confirmed)
    found.sort(key=lambda m: m.start)
    return found


def _comma_form(page: _Page, runs, bounds, r: int) -> NameMatch | None:
    """"GÓMEZ ARANGO, Luz Dary": surnames, a comma, then given names only."""
    left, right = runs[r], runs[r + 1]
    lo, hi = bounds[r]
    rlo, rhi = bounds[r + 1]
    if hi - lo < 1 or rhi - rlo < 1 or hi != len(left) or rlo != 0:
        return None
    # The left part: up to three surname-like tokens ending the run, nothing name-like before.
    k = hi
    content = 0
    while k > lo and content < 3 and left[k - 1].cls in (S, GS, U, P):
        k -= 1
        if left[k].cls != P:
            content += 1
    while k < hi and left[k].cls == P:
        k += 1
    if k == hi or (k > lo and left[k - 1].cls in (G, GS, I, U, S)):
        return None
    # The right part: given names (or initials), then nothing name-like.
    j = 0
    givens = 0
    while j < rhi and givens < 3 and right[j].cls in (G, GS, I, U) and not (j and right[j].nl):
        givens += right[j].count
        j += 1
    if not givens or (j < rhi and not right[j].nl and right[j].cls in (S, GS, U, G)):
        return None
    tail = [t for t in left[k:hi] if t.cls != P]
    head = right[:j]
    sscore = sum(0.5 if t.amb else 1.0 for t in tail if t.cls in (S, GS))
    gscore = sum(0.5 if t.amb else 1.0 for t in head if t.cls in (G, GS))
    initials = sum(t.count for t in head if t.cls == I)
    if sscore < 1 or (gscore < 0.5 and not initials) or sscore + gscore < 1.5 and not initials:
        return None
    if any(t.cls == U for t in head) and sscore < 2:
        return None
    start, end = left[k].start, head[-1].last
    bounds[r][1] = k
    bounds[r + 1][0] = j
    region = page.region_at(start)
    cue = (page.person_cue(start) or page.id_cue(head[-1].end)
           or (page.regions[region][2] if region is not None else None))
    role = page.official_role(start, head[-1].end)
    reason = cue or "apellidos y nombre conocidos"
    if role and not cue:
        reason = f"junto al cargo «{role}»"
    return NameMatch(start, end, 0.93 if cue else 0.9, reason, bool(role))


def _list_candidate(source: str, run: list[_Tok], k: int, hi: int) -> _Cand | None:
    """A name at run[k] backed by the lists of given names and surnames."""
    if run[k].cls not in _NAMEISH:
        return None
    cand = _given_first(run, k, hi, loose=False)
    if cand is not None and _list_backed(cand):
        return cand
    return _surnames_first(source, run, k, hi)


def _names_in_run(page: _Page, run: list[_Tok], lo: int,
                  hi: int) -> list[tuple[NameMatch, int | None]]:
    """Names in run[lo:hi], each with the index of the region that alone vouches for it."""
    out: list[tuple[NameMatch, int | None]] = []
    k = lo
    while k < hi:
        t = run[k]
        if t.cls not in _NAMEISH:
            k += 1
            continue
        # Where context may start a name: a run's start, after a breaker, a line's start.
        fresh = k == lo or run[k - 1].cls in (X, P) or t.nl
        vouched_by_region = None
        cand = _list_candidate(page.source, run, k, hi)
        loose = _loose_candidate(page.source, run, k, hi) if cand is None and fresh else None
        chosen = cand or loose
        if chosen is None:
            k += 1
            continue
        # Context, looked at only where a name could be.
        cue = page.person_cue(t.start) if fresh else None
        region_index = page.region_at(t.start) if fresh and page.regions else None
        region = page.regions[region_index][2] if region_index is not None else None
        if region and region.startswith("columna") and not page.at_line_start(t.start):
            region = region_index = None
        start = run[chosen.lo].start
        end = run[chosen.hi - 1].last
        after = run[chosen.hi - 1].end
        id_cue = page.id_cue(after) if chosen.hi == hi else None
        signature, sig_role = page.signature(start, after)
        reason = cue or id_cue or region or ("bloque de firma" if signature else None)
        role = sig_role or page.official_role(start, after)
        if cand is None:
            # Context only: the words are in no list (or too few of them are).
            if reason is None and role:
                reason = f"junto al cargo «{role}»"
            if reason is None:
                k += 1
                continue
            known = loose.gscore + loose.sscore
            if not known and not _strong_cue(cue, id_cue, signature):
                if region_index is not None:
                    # Only its column says so: kept if the column holds a name the lists know.
                    vouched_by_region = region_index
                elif _all_caps(run, loose):
                    # In capitals ordinary words look like names ("EL USUARIO PUEDE ENTRAR"):
                    # with no known word, a label, a title, an ID or a signature must say so.
                    k += 1
                    continue
            confidence = 0.6 if known < 1 else 0.72
            if loose.unknown == 0 and loose.initials == 0 and known >= 1.5:
                confidence = 0.8
        else:
            both_known = cand.gscore >= 1 and cand.sscore >= 1
            confidence = 0.9 if both_known or cand.form == "surnames_first" else 0.78
            if cand.initials:
                confidence -= 0.05
            confidence -= 0.05 * cand.unknown
            if reason:
                confidence = min(0.97, confidence + 0.06)
            else:
                reason = ("apellidos y nombre conocidos" if cand.form == "surnames_first"
                          else "nombre y apellido conocidos")
        person_cue = cue is not None or id_cue is not None
        if not person_cue and _not_a_person(page, run, chosen, start):
            k = chosen.hi
            continue
        if role and reason in ("nombre y apellido conocidos", "apellidos y nombre conocidos"):
            reason = f"junto al cargo «{role}»"
        match = NameMatch(start, end, round(max(0.3, confidence), 2), reason, bool(role))
        out.append((match, vouched_by_region if cand is None else None))
        k = chosen.hi
    return out


def _loose_candidate(source: str, run: list[_Tok], k: int, hi: int) -> _Cand | None:
    """Two to five capitalised words from run[k], for a context to vouch for."""
    loose = _given_first(run, k, hi, loose=True)
    if loose is None or loose.content(run) > 5:
        return None
    for m in range(k + 1, loose.hi):
        if _list_candidate(source, run, m, hi):
            # A known name starts further on: "Transmilenio Felipe Ramírez",
            # "XIOMY KASSANDRA" / "LUZ DARY GÓMEZ ARANGO" in consecutive cells.
            while m > k and run[m - 1].cls == P:
                m -= 1
            loose = _Cand(run, k, m, loose.form, min(m, k + 1))
            if loose.content(run) < 2:
                return None
            break
    if not _two_words_on_a_line(run, loose):
        return None  # "Comentario\nBloqueado": one word per line is a list of words
    return _first_line_if_rest_unknown(run, loose)


def _first_line_if_rest_unknown(run: list[_Tok], cand: _Cand) -> _Cand:
    """A context-only name stops at a line end when the next line brings only unknown words.

    "Don Manuel Belgrano" / "Paso a la ...": the next line's first word is a
    sentence's, not a surname; a known surname there ("Xiomy Kassandra" /
    "Quejada Ruiz") still continues the name.
    """
    first_line_words = 0
    for k in range(cand.lo, cand.hi):
        t = run[k]
        if t.nl and k > cand.lo:
            rest = [run[m] for m in range(k, cand.hi) if run[m].cls != P]
            if first_line_words >= 2 and all(r.cls in (U, I) for r in rest):
                end = k
                while end > cand.lo and run[end - 1].cls == P:
                    end -= 1
                return _Cand(run, cand.lo, end, cand.form, min(end, cand.lo + 1))
            return cand
        if t.cls != P:
            first_line_words += t.count
    return cand


def _all_caps(run: list[_Tok], cand: _Cand) -> bool:
    return all(run[k].caps for k in range(cand.lo, cand.hi) if run[k].caps is not None)


_STRONG_PERSON_CUE = re.compile(
    _ci(r"tras «(?:senor|senora|senorita|sr|sra|srta|don|dona|dr|dra|doctor|doctora|el senor)")
)
_WEAK_ID_CUE = re.compile(_ci(r"antes de «(?:nit|mayor|portador)"))


def _strong_cue(cue: str | None, id_cue: str | None, signature: bool) -> bool:
    """A cue that vouches for unknown words even in capitals."""
    if signature:
        return True
    if cue and (cue.rstrip("»").endswith((":", ",")) or _STRONG_PERSON_CUE.match(cue)):
        return True  # "Nombre:", "Atentamente,", "señora"
    return bool(id_cue and not _WEAK_ID_CUE.match(id_cue))


def _two_words_on_a_line(run: list[_Tok], cand: _Cand) -> bool:
    on_line = 0
    for k in range(cand.lo, cand.hi):
        t = run[k]
        if t.nl:
            on_line = 0
        if t.cls != P:
            on_line += t.count
            if on_line >= 2:
                return True
    return False


def _not_a_person(page: _Page, run: list[_Tok], cand: _Cand, start: int) -> bool:
    """A historical figure or a place named after one."""
    words = " ".join(run[k].n for k in range(cand.lo, cand.hi))
    if words in _HISTORICAL:
        return True
    return page.place_before(start)


# --- variants of a listed name --------------------------------------------------------------

_TERM_WORD = re.compile(r"^[a-z'’.-]+$")


def _hyphenable(word: str) -> str:
    """A word that a line end may have cut with a hyphen ("go- mez" once normalised)."""
    if len(word) <= 2:
        return re.escape(word)
    return r"(?:- )?".join(re.escape(ch) for ch in word)


def _initial(word: str) -> str:
    return re.escape(word[0]) + r"\."


def _units(words: list[str]) -> list[str] | None:
    """Words with their particles: ["maria", "de los angeles"], ["gomez", "de la hoz"]."""
    units: list[str] = []
    pending: list[str] = []
    for w in words:
        if w in _PARTICLES and w not in ("y", "e"):
            pending.append(w)
            continue
        units.append(" ".join([*pending, w]))
        pending = []
    return None if pending else units


def _split_name(words: list[str]) -> tuple[list[str], list[str]] | None:
    """Given names and surnames of a name written given names first."""
    units = _units(words)
    if units is None or len(units) < 2:
        return None
    given, surnames = _given_names(), _surnames()
    n = len(units)
    if n == 2:
        k = 1
    elif n == 3:
        second = units[1].split()[-1]
        k = 2 if second in given and second not in surnames else 1
    else:
        k = 0
        while k < n - 1 and units[k].split()[-1] in given and (
            units[k].split()[-1] not in surnames or k < n - 2
        ):
            k += 1
        if k == 0:
            k = n - 2
        k = max(1, min(k, n - 1, 3))
    return units[:k], units[k:]


def listed_name_variants(term_text: str) -> re.Pattern | None:
    """listed_name_variants_source(), compiled."""
    source = listed_name_variants_source(term_text)
    return None if source is None else compile_variants(source)


@functools.lru_cache(maxsize=4096)
def listed_name_variants_source(term_text: str) -> str | None:
    """A regex over normalised text for the usual ways of writing a listed person's name.

    For "Luz Dary Gómez Arango": any case or accents; surnames first with or
    without a comma ("gomez arango, luz dary"); initials for the given names
    ("l. d. gomez arango", "l.d. gomez arango", "luz d. gomez arango"); all
    given names with the first surname, whole or followed by the second's
    initial ("luz dary gomez", "luz dary gomez a."); one given name with both
    surnames ("luz gomez arango"); and any word cut by a line-end hyphen
    ("go- mez"). Whole words only. None for a term that is not a person's name
    (one word, digits, or ordinary words such as an institution).
    """
    normal = normalize(term_text).strip()
    if not normal or any(ch.isdigit() for ch in normal):
        return None
    surname_first = "," in normal
    if normal.count(",") > 1:
        return None
    parts = [p.strip() for p in normal.split(",")]
    words = [w for w in " ".join(parts).split(" ") if w]
    if not 2 <= len(words) <= 10 or not all(_TERM_WORD.match(w) for w in words):
        return None
    if any("." in w for w in words):
        return None  # already abbreviated: nothing sensible to vary
    given_set, surname_set = _given_names(), _surnames()
    content = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(content) <= 6 or words[0] in _PARTICLES or words[-1] in _PARTICLES:
        return None
    if any(w in _STOP and w not in given_set and w not in surname_set for w in content):
        return None
    if surname_first:
        surname_units = _units([w for w in parts[0].split(" ") if w])
        given_units = _units([w for w in parts[1].split(" ") if w])
        if not surname_units or not given_units:
            return None
        givens, surnames = given_units, surname_units
    else:
        split = _split_name(words)
        if split is None:
            return None
        givens, surnames = split
    return _variants_source(givens, surnames)


def _unit(unit: str) -> str:
    return _SEP.join(_hyphenable(w) for w in unit.split(" "))


def _unit_initial(unit: str) -> str:
    return _initial(unit.split(" ")[-1])


_SEP = r"\s*-?\s*"  # between words: spaces, none ("JuanPérez"), or a hyphen ("Gómez-Arango")


def _variants_source(givens: list[str], surnames: list[str]) -> str:
    """One regex for the variants of a name; no capturing groups (callers may combine it)."""
    sep = _SEP
    full_given = sep.join(_unit(g) for g in givens)
    abbreviated = [sep.join(_unit_initial(g) for g in givens)]  # "l. d.", "l.d."
    if len(givens) >= 2:
        abbreviated.append(_unit(givens[0]) + sep + sep.join(_unit_initial(g) for g in givens[1:]))
        abbreviated.extend(_unit(g) for g in givens)  # one of the given names
    abbreviated_given = "|".join(abbreviated)
    if len(surnames) >= 2:
        first = _unit(surnames[0])
        rest = sep.join(_unit(s) for s in surnames[1:])
        second_initial = _unit_initial(surnames[1])
        given_first = (
            # Every given name, the first surname, then the others whole or as an initial, or not.
            rf"{full_given}{sep}{first}(?:{sep}(?:{rest}|{second_initial}))?"
            # Initials, or one given name: with both surnames (the second maybe as an initial).
            rf"|(?:{abbreviated_given}){sep}{first}{sep}(?:{rest}|{second_initial})"
        )
        if len(givens) >= 2:
            # "l. gomez arango"
            given_first += rf"|{_unit_initial(givens[0])}{sep}{first}{sep}{rest}"
        surname_first = rf"{first}{sep}{rest}\s*,?{sep}(?:{full_given}|{abbreviated_given})"
    else:
        surname = _unit(surnames[0])
        given_first = rf"(?:{full_given}|{abbreviated_given}){sep}{surname}"
        surname_first = rf"{surname}\s*,?{sep}(?:{full_given}|{abbreviated_given})"
    return rf"(?<!\w)(?:{given_first}|{surname_first})(?!\w)"
