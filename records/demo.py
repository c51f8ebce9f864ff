"""Demo records: territories, cases driven through the engine, activities.

The demo deliberately contains personal data (committee members,
attendance lists) so tests can prove none of it reaches a public surface.
Idempotent: nothing is created twice.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from records.models import (
    Activity,
    Attendee,
    Case,
    Commitment,
    CommitteeMember,
    Evaluation,
    Indicator,
    IndicatorValue,
    Locality,
    MiniAudit,
    TechnicalAssistance,
    Territory,
)
from records.services import cases as engine
from records.services.permissions import assign_territory

# The procedures the demo opens cases on, as the demo's pages publish them
# (content/demo_data): the certification route by its code, technical assistance by its slug.
ROUTE = "MM-GSC-P-003"
ASSISTANCE = "asesoria-asistencia-tecnica"

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
WORKED_ON = datetime.date(2026, 6, 1)  # records of the routes still under way
LOCALITIES = {"Localidad Norte": "LN", "Localidad Sur": "LS"}
MANAGERS = {"Localidad Norte": "gestor_norte", "Localidad Sur": "gestor_sur"}
INDICATORS = [
    ("ISCB-HOM", "Homicidios por cada 100.000 habitantes", "tasa"),
    ("ISCB-HUR", "Hurto a personas por cada 100.000 habitantes", "tasa"),
    ("ISCB-RIN", "Riñas reportadas", "casos"),
]
# Planted personal data: the no-leak tests look for these exact strings.
PLANTED_PEOPLE = [
    ("Marta Lucía Restrepo Gaviria", "1.023.456.789", "310 555 0101", "marta.restrepo@example.org",
     "Calle 45 # 12-30 Apto 201"),
    ("Jorge Eliécer Pineda Rojas", "79.888.777", "(601) 555 0102", "jorge.pineda@example.org",
     "Carrera 7 No. 80-15 Torre 2"),
    ("Ana Isabel Cuesta Mosquera", "52.345.678", "+57 315 555 0103", "ana.cuesta@example.org",
     "Diagonal 22 Sur # 5-40 Casa 3"),
]


def _read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load(*, actor=None) -> dict[str, Territory]:
    territories = {}
    for row in _read("territories.json"):
        locality, _ = Locality.objects.get_or_create(
            name=row["locality"], defaults={"code": LOCALITIES[row["locality"]]}
        )
        territory, _ = Territory.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "locality": locality, "population": row["population"],
                      "geometry": row["geometry"]},
        )
        territories[row["code"]] = territory
        _indicators(territory)
        _committee(territory)
        _route(territory, row, actor)
        _activity(territory)
    _assign_managers(territories, actor)
    _assistance(actor)
    return territories


def _indicators(territory):
    base = Decimal(len(territory.code) + int(territory.code[-1]))
    for index, (code, name, unit) in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.get_or_create(code=code, defaults={"name": name, "unit": unit})
        for quarter in range(4):
            IndicatorValue.objects.get_or_create(
                territory=territory, indicator=indicator,
                period=datetime.date(2026, 1 + 3 * quarter, 1),
                defaults={"value": base * (index + 1) - Decimal(quarter)},
            )


def _committee(territory):
    if territory.committee_members.exists():
        return
    offset = int(territory.code[-1]) % len(PLANTED_PEOPLE)
    for role, (name, id_number, phone, email, address) in zip(
        ("Presidente", "Secretaria"), PLANTED_PEOPLE[offset:] + PLANTED_PEOPLE[:offset]
    ):
        CommitteeMember.objects.create(
            territory=territory, full_name=name, id_number=id_number, phone=phone, email=email,
            address=address, role=role,
        )


def _route(territory, row, actor):
    if Case.objects.filter(territory=territory, kind=Case.Kind.CERTIFICATION).exists():
        return
    case = engine.open_case(
        procedure_key=ROUTE, kind=Case.Kind.CERTIFICATION, territory=territory, by=actor,
        title=f"Ruta de certificación — {territory.name}",
    )
    target = row["route"]
    last = case.procedure.last_step
    stop_at = last + 1 if target in ("certify", "revoke") else int(target)
    certified_on = _day(row.get("certified_on"))
    # Records of a certified route predate its certificate (commitments fall due before it).
    worked_on = certified_on - datetime.timedelta(days=150) if certified_on else WORKED_ON
    while case.is_open and case.current_step < stop_at:
        _prepare_step(case, actor, worked_on)
        # The certificate bears the day its territory was certified, as its published
        # documents say (Los Almendros: CTS-2025-0001 of 15 Sep 2025), not the load day.
        case = engine.close_step(case=case, by=actor, today=certified_on)
    if target == "revoke":
        engine.revoke_certificate(certificate=case.certificate, by=actor, reason=row["reason"],
                                  today=_day(row.get("revoked_on")))


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def _prepare_step(case, actor, today):
    """Record what the step's rules ask for (records.services.rules), as staff would."""
    step = engine.current_step(case)
    for kind in engine.missing_records(step):
        engine.add_record(step=step, kind=kind, by=actor,
                          description=f"{kind} — registro de demostración.")
    for rule in step.definition.get("rules", []):
        asked = rule.get("record_type") if rule["type"] == "requiere" else rule["type"]
        if asked == "compromisos" and not case.commitments.exists():
            for i, institution in enumerate(("Policía Metropolitana", "Secretaría de Movilidad")):
                Commitment.objects.create(
                    case=case, institution=institution,
                    due_date=today + datetime.timedelta(days=60 * (i + 1)),
                    description=("Patrullajes nocturnos en el parque del barrio" if i == 0
                                 else "Iluminación del corredor peatonal"),
                )
        elif asked == "miniauditorias" and not case.mini_audits.exists():
            MiniAudit.objects.create(case=case, date=today,
                                     findings="Mejoró la percepción de seguridad en el parque.")
        elif asked == "evaluaciones" and not Evaluation.objects.filter(case=case).exists():
            Evaluation.objects.create(case=case, date=today, favourable=True,
                                      summary="Los indicadores del barrio bajaron durante cuatro "
                                              "trimestres.")
        elif asked == "compromisos_cerrados":
            case.commitments.update(status=Commitment.Status.CLOSED)


def _activity(territory):
    title = f"Taller de convivencia — {territory.name}"
    activity, created = Activity.objects.get_or_create(
        title=title, defaults={"kind": Activity.Kind.PEDAGOGICAL, "date": datetime.date(2026, 8, 15),
                               "territory": territory, "place": "Salón comunal"},
    )
    if created:
        for name, id_number, phone, email, _ in PLANTED_PEOPLE:
            Attendee.objects.create(activity=activity, full_name=name, id_number=id_number,
                                    phone=phone, email=email)


def _assign_managers(territories, actor):
    User = get_user_model()
    for territory in territories.values():
        manager = User.objects.filter(username=MANAGERS[territory.locality.name]).first()
        if manager is not None:
            assign_territory(territory=territory, user=manager, by=actor)


def _assistance(actor):
    if TechnicalAssistance.objects.exists():
        return
    case = engine.open_case(procedure_key=ASSISTANCE, kind=Case.Kind.ASSISTANCE, by=actor,
                            title="Asistencia técnica — PISCC municipio vecino")
    TechnicalAssistance.objects.create(
        case=case, entity="Alcaldía municipal vecina", channel=TechnicalAssistance.Channel.LETTER,
        received_on=datetime.date(2026, 10, 1), topic="Formulación del PISCC con enfoque de género",
        assigned_to="Profesional del grupo territorial", outside_city=True,
        visit_date=datetime.date(2026, 11, 13),
    )
    step = engine.current_step(case)
    for kind in engine.missing_records(step):
        engine.add_record(step=step, kind=kind, by=actor, description="Solicitud recibida por oficio.")
    engine.close_step(case=case, by=actor)
