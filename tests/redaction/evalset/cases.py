"""Fake but realistic Colombian personal data for the evaluation set, generated deterministically.

Everything here is invented. Values are drawn with a seeded random.Random, so
a case is the same bytes on every run (given the same library versions).

Two constraints keep the leak rules of `measure` unambiguous:

* within one scope (a page, or a whole small document) no two people share a
  surname, so "Arango" left in the output points at one person;
* within one scope no two planted numbers share a 4-digit window, and no
  planted number shares one with the public numbers the documents and the
  redaction labels print (years, decree numbers, "Ley 1581/2012"), so four
  digits left in the output point at one planted value.
"""

from __future__ import annotations

import random
import re
import unicodedata

from stdnum.co import nit as stdnum_nit

# Numbers that appear in the documents' ordinary text or in the pipeline's box
# labels ("Ley 1581/2012", "Ley 1712/2014 art. 18 lit. b"): no planted value may
# contain four consecutive digits of any of them.
PUBLIC_NUMBERS = (
    "1581", "2012", "1712", "2014", "1801", "2016", "1755", "2015", "1081", "2026", "2025",
    "1098", "2011", "1257", "2008", "0014", "0123", "0412", "2300", "1800",
)

GIVEN = (
    "Luz Dary", "Wilmer", "Yesenia", "Jhon Fredy", "Marta Lucía", "Diego Alejandro",
    "Leidy Johana", "Carlos Andrés", "Ana Milena", "Jorge Eliécer", "Deisy Carolina",
    "Óscar Iván", "María Fernanda", "Luis Alberto", "Yuliana", "Jhonatan", "Sandra Patricia",
    "Edwin Mauricio", "Gloria Stella", "Héctor Fabio", "Paola Andrea", "John Jairo",
    "Diana Marcela", "Wilson", "Nelly", "Fredy Alonso", "Blanca Nubia", "Yamile", "Arley",
    "Dairo", "Claudia Patricia", "Juan Camilo", "Sebastián", "Angie Lorena", "Yeison",
    "Luz Marina", "José Gregorio", "Kelly Johana", "Rubiela", "Brayan Stiven",
)

# No surname is also an ordinary Spanish word or a place used in the templates
# (no "Mesa", "Torres", "Rincón", "Valencia"...): leak checks look for them as words.
SURNAMES = (
    "Gómez", "Arango", "Asprilla", "Mosquera", "Palacios", "Rentería", "Ospina", "Zapata",
    "Quiñones", "Cardona", "Henao", "Villamizar", "Ortega", "Restrepo", "Gaviria", "Pineda",
    "Londoño", "Betancur", "Giraldo", "Mejía", "Sepúlveda", "Murillo", "Perea", "Chaverra",
    "Moreno", "Hurtado", "Caicedo", "Benítez", "Tabares", "Agudelo", "Bedoya", "Cuéllar",
    "Cifuentes", "Galeano", "Jaramillo", "Montoya", "Osorio", "Posada", "Quintero", "Rendón",
    "Salgado", "Tamayo", "Uribe", "Velásquez", "Yepes", "Zuluaga", "Ibargüen", "Lozano",
    "Maturana", "Palomino", "Ramírez", "Sánchez", "Gutiérrez", "Buitrago", "Castrillón",
    "Echeverri", "Marulanda", "Orozco", "Patiño", "Arboleda", "Bermúdez", "Carmona", "Duque",
    "Escobar", "Fajardo", "Herrera", "Isaza", "Lopera", "Muñoz", "Ocampo", "Quiroz", "Serna",
    "Urrego", "Vélez", "Arbeláez", "Cárdenas", "Valoyes", "Cuartas", "Holguín", "Barrientos",
)

MALE = {
    "Wilmer", "Jhon Fredy", "Diego Alejandro", "Carlos Andrés", "Jorge Eliécer", "Óscar Iván",
    "Luis Alberto", "Jhonatan", "Edwin Mauricio", "Héctor Fabio", "John Jairo", "Wilson",
    "Fredy Alonso", "Arley", "Dairo", "Juan Camilo", "Sebastián", "Yeison", "José Gregorio",
    "Brayan Stiven", "Hernando José",
}

MAIL_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.es", "outlook.com", "hotmail.es")

ROLES = (
    ("Secretario de Seguridad, Convivencia y Justicia", "Hernando José Villamizar Ortega"),
)

# Ordinary sentences of the kind every acta and report has. None names a
# person, none carries a number: they must come out verbatim.
SENTENCES = (
    "La mesa acordó realizar el recorrido nocturno el próximo jueves.",
    "Se verificó el quórum y se dio inicio a la sesión.",
    "El comandante del cuadrante presentó el balance de hurtos del último mes.",
    "Los asistentes solicitaron mayor presencia institucional en el parque principal.",
    "Se programó una jornada de recuperación del espacio público con la alcaldía local.",
    "La comunidad manifestó preocupación por el consumo de sustancias en la cancha.",
    "La secretaría se comprometió a enviar el informe de seguimiento a los integrantes de la mesa.",
    "No siendo otro el objeto de la reunión, se da por terminada la sesión.",
    "Se recomienda instalar luminarias en el sendero peatonal que conduce al colegio.",
    "El representante de la junta de acción comunal agradeció el acompañamiento institucional.",
    "Se acordó convocar a los comerciantes del sector a la próxima sesión.",
    "Los casos reportados serán remitidos a la inspección de policía competente.",
    "El equipo territorial realizó visitas puerta a puerta durante la semana.",
    "Se socializó la ruta de atención para víctimas de violencia intrafamiliar.",
    "La próxima reunión se realizará en el mismo lugar y a la misma hora.",
    "El registro fotográfico hace parte integral del presente informe.",
    "Durante el recorrido se identificaron tres puntos críticos de iluminación.",
    "Los líderes del sector pidieron reforzar la vigilancia a la salida del colegio.",
    "La inspección verificará el cumplimiento de los horarios de los establecimientos.",
    "Se dejó constancia de que la información suministrada es confidencial.",
)

# Filler for long reports: ordinary words, no capitals, no digits.
FILLER = (
    "el la de los que en por para con una acta reunión comité seguridad convivencia "
    "ciudadana secretaría territorio barrio sector compromiso seguimiento actividad informe "
    "junta acción comunal mesa plan consejo participación frente sesión recorrido cuadrante "
    "vigilancia prevención comunidad entorno escolar parque"
).split()


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def significant_digits(text: str) -> str:
    """The digits that identify a value: a phone's +57 country code is not part of it."""
    digits = re.sub(r"\D", "", text)
    if re.match(r"\s*(?:\+|00)\s*57", text) and len(digits) > 10:
        digits = digits[-10:]
    return digits


def four_grams(text: str) -> set[str]:
    digits = significant_digits(text)
    return {digits[k : k + 4] for k in range(len(digits) - 3)}


_PUBLIC_GRAMS = set().union(*(four_grams(n) for n in PUBLIC_NUMBERS))


class Person:
    def __init__(self, given: str, surnames: tuple[str, str]):
        self.given = given
        self.surnames = surnames

    @property
    def full(self) -> str:
        return f"{self.given} {' '.join(self.surnames)}"

    @property
    def male(self) -> bool:
        return self.given in MALE

    @property
    def senor(self) -> str:
        """"el señor" or "la señora", as an acta introduces someone."""
        return "el señor" if self.male else "la señora"

    @property
    def Senor(self) -> str:
        """"El señor" or "La señora", to start a sentence."""
        return self.senor.capitalize()

    @property
    def al(self) -> str:
        """"al señor" or "a la señora"."""
        return "al señor" if self.male else "a la señora"

    @property
    def del_(self) -> str:
        """"del señor" or "de la señora"."""
        return "del señor" if self.male else "de la señora"

    @property
    def identificado(self) -> str:
        return "identificado" if self.male else "identificada"

    @property
    def upper_inverted(self) -> str:
        """Attendance-list form: "GÓMEZ ARANGO, Luz Dary"."""
        return f"{' '.join(self.surnames).upper()}, {self.given}"

    @property
    def initials(self) -> str:
        """"L. D. Gómez Arango"."""
        return " ".join(w[0] + "." for w in self.given.split()) + " " + " ".join(self.surnames)

    @property
    def short(self) -> str:
        """"Luz Dary Gómez A."."""
        return f"{self.given} {self.surnames[0]} {self.surnames[1][0]}."

    def __repr__(self) -> str:
        return f"Person({self.full!r})"


class Faker:
    """Seeded generator of people and identifiers, unique within the current scope.

    `new_scope()` starts a fresh page (or document) for the uniqueness rules;
    values stay deterministic for a given seed and call sequence.
    """

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.new_scope()

    def new_scope(self) -> None:
        self._surnames: set[str] = set()
        self._grams: set[str] = set(_PUBLIC_GRAMS)
        self._given: set[str] = set()

    def reserve(self, *texts: str) -> None:
        """Mark numbers and surnames printed in this scope by the template as taken."""
        for text in texts:
            self._grams |= four_grams(text)
            self._surnames |= {fold(w) for w in re.findall(r"\w+", text)}

    def _digits_ok(self, value: str) -> bool:
        grams = four_grams(value)
        if grams & self._grams:
            return False
        self._grams |= grams
        return True

    def person(self, given: str | None = None, surnames: tuple[str, str] | None = None) -> Person:
        if given is None:
            choices = [g for g in GIVEN if g not in self._given] or list(GIVEN)
            given = self.rng.choice(choices)
        if surnames is None:
            free = [s for s in SURNAMES if fold(s) not in self._surnames]
            surnames = tuple(self.rng.sample(free, 2))
        self._given.add(given)
        self._surnames |= {fold(s) for s in surnames}
        return Person(given, surnames)

    def _number(self, make) -> str:
        for _ in range(1000):
            value = make()
            if self._digits_ok(value):
                return value
        raise RuntimeError("no free digits left in this scope")

    def cedula(self, style: str | None = None) -> str:
        """"1.023.456.789", "79845123" or "80.112.334"."""
        style = style or self.rng.choice(("dotted10", "plain8", "dotted8"))
        r = self.rng.randint

        def make():
            if style == "dotted10":
                return f"1.0{r(0, 9)}{r(0, 9)}.{r(100, 999)}.{r(100, 999)}"
            if style == "plain8":
                return f"{r(70, 98)}{r(100000, 999999)}"
            if style == "plain10":
                return f"10{r(10000000, 99999999)}"
            return f"{r(10, 98)}.{r(100, 999)}.{r(100, 999)}"

        return self._number(make)

    def phone(self, style: str | None = None) -> str:
        """"300 123 4567", "(601) 345 6789" or "+57 310 555 1234"."""
        style = style or self.rng.choice(("mobile", "landline", "intl"))
        r = self.rng.randint

        def make():
            if style == "mobile":
                return f"3{r(0, 2)}{r(0, 9)} {r(200, 999)} {r(1000, 9999)}"
            if style == "landline":
                return f"(60{self.rng.choice('1245')}) {r(200, 799)} {r(1000, 9999)}"
            return f"+57 3{r(0, 2)}{r(0, 9)} {r(200, 999)} {r(1000, 9999)}"

        return self._number(make)

    def email(self, person: Person) -> str:
        """Long enough to wrap in a narrow column: "luz.dary.gomez.arango1987@gmail.com"."""
        domain = self.rng.choice(MAIL_DOMAINS)
        words = [fold(w) for w in person.given.split() + list(person.surnames)]

        def make():
            return f"{'.'.join(words)}{self.rng.randint(1960, 2004)}@{domain}"

        return self._number(make)

    def nit(self) -> str:
        """A natural person's NIT with a valid check digit: "79.845.123-1"."""
        base = self.cedula("dotted8")
        digits = base.replace(".", "")
        return f"{base}-{stdnum_nit.calc_check_digit(digits)}"

    def plate(self, moto: bool | None = None) -> str:
        moto = self.rng.random() < 0.4 if moto is None else moto
        letters = "".join(self.rng.choice("BCDFGHJKLMNPRSTVWXYZ") for _ in range(3))
        if moto:
            return f"{letters}{self.rng.randint(10, 99)}{self.rng.choice('ABCDEFGH')}"
        return f"{letters}{self.rng.randint(100, 999)}"

    def other_id(self) -> tuple[str, str]:
        """(cue, number) of a foreigner's or a minor's document."""
        kind = self.rng.choice(("C.E.", "PPT", "T.I."))
        r = self.rng.randint
        if kind == "C.E.":
            return kind, self._number(lambda: f"{r(1, 9)}.{r(100, 999)}.{r(100, 999)}")
        if kind == "PPT":
            return "PPT No.", self._number(lambda: f"{r(1000000, 6999999)}")
        return kind, self._number(lambda: f"1.0{r(10, 99)}.{r(100, 999)}.{r(100, 999)}")

    def sentences(self, count: int) -> list[str]:
        return self.rng.sample(SENTENCES, count)
