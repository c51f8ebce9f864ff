"""Demo content for citizen services: the pages at /atencion/, units and a few petitions
in every state, so the staff queue and the monthly report have something to show."""

import datetime
import zoneinfo

from django.conf import settings

from citizens import roles
from citizens.models import (
    CitizenServicesIndexPage,
    EnrolmentFormPage,
    Petition,
    PetitionFormPage,
    PetitionReportPage,
    PetitionTrackingPage,
    Unit,
)
from citizens.services import permissions, pqrsd
from content.demo.loader import upsert_child

CONSENT = (
    "De acuerdo con la Ley 1581 de 2012 y el Decreto 1377 de 2013, autorizo a la Secretaría "
    "de Seguridad, Convivencia y Justicia a tratar los datos personales de este formulario "
    "con la única finalidad de tramitar y responder mi solicitud y de informarme sobre su "
    "estado. Puedo conocer, actualizar, rectificar y suprimir mis datos escribiendo a la "
    "Oficina de Atención al Ciudadano. Los datos no se publican ni se entregan a terceros."
)
UNITS = [
    ("atencion-ciudadano", "Oficina de Atención al Ciudadano"),
    ("convivencia", "Dirección de Convivencia Ciudadana"),
    ("seguridad", "Dirección de Seguridad"),
    ("justicia", "Dirección de Acceso a la Justicia"),
]
# Demo unit accounts (content.demo.accounts) and the unit each one works.
UNIT_ACCOUNTS = {"atencion": "atencion-ciudadano", "convivencia": "convivencia"}


def load_pages(home):
    index = upsert_child(home, CitizenServicesIndexPage, slug="atencion", fields={
        "title": "Atención al ciudadano", "show_in_menus": True,
        "search_description": "PQRSD, consulta de solicitudes, informes e inscripción de barrios.",
        "intro": ("Presente peticiones, quejas, reclamos, sugerencias, denuncias y "
                  "felicitaciones; consulte su estado y los informes de atención; inscriba su "
                  "barrio en la ruta de certificación de territorios seguros."),
    })
    form = upsert_child(index, PetitionFormPage, slug="pqrsd", fields={
        "title": "Peticiones, quejas, reclamos, sugerencias y denuncias (PQRSD)",
        "search_description": "Radique una PQRSD ante la Secretaría y reciba un número de radicado.",
        "intro": ("Escriba su solicitud. Al radicarla recibirá un número de radicado y un "
                  "código de consulta, y la fecha en que vence el término legal de respuesta."),
        "consent_text": CONSENT,
        "anonymous_note": ("Las denuncias pueden presentarse sin datos personales. En ese caso "
                           "consulte la respuesta en el portal con el radicado y el código."),
        "confirmation_text": ("Si la solicitud no es competencia de la Secretaría, la "
                              "trasladaremos a la entidad competente dentro de los cinco días "
                              "hábiles siguientes y se lo informaremos."),
    })
    upsert_child(form, PetitionTrackingPage, slug="consulta", fields={
        "title": "Consulta de PQRSD",
        "search_description": "Consulte el estado y la respuesta de su PQRSD.",
        "intro": "Escriba el número de radicado y el código de consulta que recibió al radicar.",
    })
    upsert_child(form, PetitionReportPage, slug="informes", fields={
        "title": "Informes de PQRSD",
        "search_description": "Informe mensual de solicitudes recibidas, tiempos de respuesta y "
                              "traslados.",
        "intro": ("Solicitudes recibidas por tipo, canal y dependencia; porcentaje respondido a "
                  "tiempo; días hábiles promedio de respuesta; traslados y solicitudes de "
                  "información negadas."),
    })
    upsert_child(index, EnrolmentFormPage, slug="inscribe-tu-barrio", fields={
        "title": "Inscribe tu barrio",
        "search_description": "Solicite que su barrio entre a la ruta de certificación de "
                              "territorio seguro.",
        "intro": ("Cualquier comunidad organizada puede pedir que su barrio entre a la ruta "
                  "comunitaria de certificación de territorios seguros (procedimiento "
                  "MM-GSC-P-003). Cuéntenos quiénes son y por qué; la Coordinación estudiará la "
                  "solicitud y le responderá."),
        "consent_text": CONSENT,
    })
    return index


def load_units():
    return {code: Unit.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in UNITS}


def grant_demo_units(units, actor=None):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for username, code in UNIT_ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user and not user.has_perm("citizens.view_unit", units[code]):
            permissions.grant_unit(units[code], to=user, by=actor)


def _at(day: str, hour=10):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour),
                                     tzinfo=zone)


# (filed, type, subject, unit, steps): steps as (action, day, extra).
DEMO_PETITIONS = [
    ("2026-09-02", "peticion", "Horario de la casa de justicia del norte", "justicia",
     [("answer", "2026-09-15", {})]),
    ("2026-09-10", "documentos", "Copia del pacto de convivencia de Villa Esperanza", "convivencia",
     [("answer", "2026-09-22", {})]),
    ("2026-09-18", "queja", "Demora en la atención de la línea de convivencia", "atencion-ciudadano",
     [("answer", "2026-10-16", {})]),
    ("2026-10-01", "consulta", "Requisitos para la certificación de territorio seguro", "convivencia",
     [("answer", "2026-11-06", {})]),
    ("2026-10-05", "documentos", "Informe de la miniauditoría del barrio El Prado", "seguridad",
     [("answer", "2026-10-14", {"refusal": "reservada"})]),
    ("2026-10-09", "reclamo", "Cobro indebido en trámite de tránsito", None,
     [("transfer", "2026-10-13", {})]),
    ("2026-10-20", "sugerencia", "Más iluminación en el parque lineal", "seguridad", []),
    ("2026-10-28", "felicitacion", "Buena atención del gestor territorial", "atencion-ciudadano",
     [("answer", "2026-11-03", {})]),
    ("2026-11-04", "denuncia", "Venta de licor a menores en el sector", "seguridad",
     [("extend", "2026-11-20", {})]),
    ("2026-11-09", "peticion", "Solicitud de acompañamiento a junta de acción comunal", "convivencia",
     []),
    ("2026-11-17", "peticion", "Información sobre los talleres de convivencia", None, []),
]


# Distinctive personal data, so tests that walk every public surface can look for it.
PLANTED_PETITIONER = {"name": "Gloria Inés Barrera Quintero", "id_type": "CC",
                      "id_number": "1098765432", "phone": "3157654321",
                      "address": "Carrera 45 # 12-30 Apto 201"}


def load_petitions(units, actor=None):
    if Petition.objects.exists():
        return  # demo petitions are loaded once; the queue then belongs to the user
    for filed, kind, subject, unit, steps in DEMO_PETITIONS:
        anonymous = kind == "denuncia"
        fields = {"petition_type": kind, "subject": subject,
                  "description": f"{subject}. Solicitud de demostración del portal Convive.",
                  "anonymous": anonymous, "reply_channel": "portal" if anonymous else "correo"}
        if not anonymous:
            fields.update(PLANTED_PETITIONER, reply_channel="portal")
        petition, _code = pqrsd.file_petition(fields=fields, consent=not anonymous,
                                              now=_at(filed))
        if unit:
            pqrsd.assign(petition, unit=units[unit], by=actor)
            pqrsd.start(petition, by=actor)
        for action, day, extra in steps:
            day = datetime.date.fromisoformat(day)
            if action == "answer":
                pqrsd.answer(petition, text=("Respuesta de demostración: la Secretaría atendió "
                                             "la solicitud y remitió la información pedida."),
                             by=actor, refusal=extra.get("refusal", ""), today=day)
                pqrsd.close(petition, by=actor)
            elif action == "transfer":
                pqrsd.transfer(petition, entity="Secretaría de Movilidad",
                               reason="El asunto es competencia de la autoridad de tránsito.",
                               by=actor, today=day)
            elif action == "extend":
                until = pqrsd.max_extension(petition)
                pqrsd.extend(petition, until=until, today=day, by=actor,
                             reason="Se requiere verificar en terreno con la Policía.")


def load(home, *, actor=None):
    load_pages(home)
    roles.ensure_citizen_groups()
    units = load_units()
    grant_demo_units(units, actor)
    load_petitions(units, actor)
