"""StreamField blocks shared by the portal's page types.

Every part of a process card or procedure is a structured block so that it
can be edited, counted, queried and served headless, never a pasted blob.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from records.roles import STAFF_ROLES
from records.services import rules

PHVA_PHASES = [
    ("P", "Planear"),
    ("H", "Hacer"),
    ("V", "Verificar"),
    ("A", "Actuar"),
]
SIGNATORY_ROLES = [
    ("drafted", "Elaboró"),
    ("reviewed", "Revisó"),
    ("approved", "Aprobó"),
]


class TextItemBlock(blocks.TextBlock):
    """One numbered item of a list (policy, legal basis, general condition)."""

    class Meta:
        icon = "list-ol"
        label = "Ítem"


class PHVARowBlock(blocks.StructBlock):
    providers_internal = blocks.TextBlock(label="Proveedores internos", required=False)
    providers_external = blocks.TextBlock(label="Proveedores externos", required=False)
    inputs = blocks.TextBlock(label="Entradas", required=False)
    phase = blocks.ChoiceBlock(choices=PHVA_PHASES, label="Ciclo PHVA")
    activity = blocks.TextBlock(label="Actividad")
    outputs = blocks.TextBlock(label="Salidas", required=False)
    users_internal = blocks.TextBlock(label="Usuarios internos", required=False)
    users_external = blocks.TextBlock(label="Usuarios externos", required=False)

    class Meta:
        icon = "table"
        label = "Fila PHVA"


class InformationLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Elemento")
    value = blocks.TextBlock(label="Descripción", required=False)
    url = blocks.URLBlock(label="Enlace", required=False)

    class Meta:
        icon = "link"
        label = "Información general"


class ResourceBlock(blocks.StructBlock):
    category = blocks.CharBlock(label="Categoría")
    items = blocks.ListBlock(blocks.CharBlock(label="Recurso"), label="Recursos")

    class Meta:
        icon = "cog"
        label = "Recursos"


class SignatoryBlock(blocks.StructBlock):
    role = blocks.ChoiceBlock(choices=SIGNATORY_ROLES, label="Rol")
    name = blocks.CharBlock(label="Nombre")
    position = blocks.CharBlock(label="Cargo", required=False)
    date = blocks.DateBlock(label="Fecha", required=False)

    class Meta:
        icon = "user"
        label = "Formalización"


STEP_CODE_HELP = ("Un código corto que no cambia aunque la actividad se renumere, por ejemplo "
                  "«pacto» o «evaluacion»: las decisiones y los casos la nombran por él.")


class OutcomeBlock(blocks.StructBlock):
    answer = blocks.CharBlock(label="Respuesta", help_text="Por ejemplo «Sí» o «No».")
    next_step = blocks.CharBlock(
        label="Pasa a la actividad", required=False,
        help_text="El código de la actividad siguiente; vacío si el procedimiento termina.",
    )


def condition_block():
    return blocks.ChoiceBlock(
        choices=[(key, label.capitalize()) for key, (label, _test) in rules.CONDITIONS.items()],
        required=False, label="Solo", help_text="Vacío: siempre.")


DATE_CHOICES = [(key, label.capitalize()) for key, (label, _attr) in rules.FIELDS.items()]


class RequirementBlock(blocks.StructBlock):
    record_type = blocks.ChoiceBlock(
        choices=[(key, value.label.capitalize()) for key, value in rules.RECORD_TYPES.items()],
        label="Registro que exige")
    minimum = blocks.IntegerBlock(label="Cantidad mínima", min_value=1, max_value=1000, default=1)
    condition = condition_block()

    class Meta:
        label = "Exige registros"
        icon = "doc-full"


class RecordedDateBlock(blocks.StructBlock):
    field = blocks.ChoiceBlock(
        choices=DATE_CHOICES,
        label="Dato")
    condition = condition_block()

    class Meta:
        label = "Exige una fecha registrada"
        icon = "date"


class DueBlock(blocks.StructBlock):
    business_days = blocks.IntegerBlock(label="Días hábiles", min_value=1, max_value=365)
    after = blocks.ChoiceBlock(
        choices=DATE_CHOICES,
        label="Contados desde")

    class Meta:
        label = "Plazo en días hábiles"
        icon = "time"


class CertificateBlock(blocks.StructBlock):
    validity_years = blocks.IntegerBlock(label="Vigencia del certificado (años)", min_value=1,
                                         max_value=10)

    class Meta:
        label = "Al completar el caso, expide el certificado de territorio seguro"
        icon = "success"


class ClosingRoleBlock(blocks.StructBlock):
    role = blocks.ChoiceBlock(choices=[(name, name) for name in STAFF_ROLES], label="Rol")

    class Meta:
        label = "Solo este rol cierra la actividad"
        icon = "user"


class RulesBlock(blocks.StreamBlock):
    """What a step needs before it closes and what closing it does (records.services.rules)."""

    requiere = RequirementBlock()
    dato = RecordedDateBlock()
    evaluacion_favorable = blocks.StaticBlock(
        admin_text="Exige que la evaluación del caso sea favorable.",
        label="Exige una evaluación favorable", icon="tick")
    compromisos_cerrados = blocks.StaticBlock(
        admin_text="Exige todos los compromisos cerrados o cerrados con justificación.",
        label="Exige los compromisos cerrados", icon="tick")
    plazo = DueBlock()
    certificado = CertificateBlock()
    cierra = ClosingRoleBlock()


class BranchBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="Pregunta", help_text="Por ejemplo «¿Cumple con los requisitos?»")
    outcomes = blocks.ListBlock(OutcomeBlock(), label="Respuestas")


class StepBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label="Número", min_value=1)
    # Starts with a letter: a code never reads as a step number (older content names steps
    # by number).
    code = blocks.RegexBlock(
        regex=r"^[a-z][a-z0-9-]*$", label="Código", required=False, max_length=40,
        help_text=STEP_CODE_HELP,
        error_messages={"invalid": "Empiece con una letra y use minúsculas, números y guiones, "
                                   "por ejemplo «firma-pacto»."})
    description = blocks.TextBlock(label="Descripción de la actividad")
    responsible_area = blocks.CharBlock(label="Área responsable", required=False)
    responsible_role = blocks.CharBlock(label="Cargo responsable", required=False)
    # Empty by default: a new step starts with no record and no decision to fill in or delete.
    records = blocks.ListBlock(blocks.CharBlock(label="Registro"), label="Registros", required=False,
                               default=[])
    branches = blocks.ListBlock(BranchBlock(), label="Decisiones", required=False, default=[])
    rules = RulesBlock(label="Reglas", required=False)
    notes = blocks.TextBlock(label="Observaciones", required=False)

    class Meta:
        icon = "order"
        label = "Actividad"


def resolve_step(target, steps) -> int | None:
    """The number of the step an outcome names by code (or, in older content, by number)."""
    target = ("" if target is None else str(target)).strip()
    if not target:
        return None
    for step in steps:
        if step.get("code") and step["code"] == target:
            return step["number"]
    if target.isascii() and target.isdigit() and any(step["number"] == int(target) for step in steps):
        return int(target)
    raise KeyError(target)


def successors(step, steps) -> set:
    """Where closing ``step`` can lead: branch targets, else the next step; None is the end."""
    outcomes = [outcome["next_step"] for branch in step["branches"] for outcome in branch["outcomes"]]
    if outcomes:
        return {resolve_step(target, steps) for target in outcomes}
    last = max(s["number"] for s in steps)
    return {None if step["number"] == last else step["number"] + 1}


def procedure_errors(steps: list[dict]) -> list[str]:
    """Everything that would keep a case from following these steps, in Spanish."""
    numbers = [step["number"] for step in steps]
    if numbers != list(range(1, len(numbers) + 1)):
        return ["Las actividades deben numerarse 1, 2, 3… en orden y sin saltos."]
    errors = []
    codes = [step.get("code") for step in steps if step.get("code")]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(f"Dos actividades tienen el código «{code}»: cada código nombra una sola.")
    for step in steps:
        # The engine asks one question per step and needs distinct answers to it.
        if len(step["branches"]) > 1:
            errors.append(f"La actividad {step['number']} tiene {len(step['branches'])} decisiones: "
                          "una actividad hace a lo sumo una pregunta.")
        for branch in step["branches"]:
            answers = [rules.fold(outcome["answer"]) for outcome in branch["outcomes"]]
            if not answers:
                errors.append(f"La decisión de la actividad {step['number']} no tiene respuestas.")
            elif len(set(answers)) < len(answers):
                errors.append(f"La decisión de la actividad {step['number']} repite una respuesta "
                              "(sin contar mayúsculas ni tildes).")
    graph = {}
    for step in steps:
        try:
            graph[step["number"]] = successors(step, steps)
        except KeyError as missing:
            errors.append(f"La actividad {step['number']} remite a la actividad «{missing.args[0]}», "
                          "que no existe.")
    if not errors:
        reaches_end, changed = set(), True
        while changed:
            changed = False
            for number, targets in graph.items():
                if number not in reaches_end and (None in targets or targets & reaches_end):
                    reaches_end.add(number)
                    changed = True
        trapped = sorted(set(graph) - reaches_end)
        if trapped:
            errors.append("Las actividades " + ", ".join(map(str, trapped)) + " forman un ciclo sin "
                          "salida: ninguna de sus respuestas lleva al final del procedimiento.")
    certificates = [step["number"] for step in steps
                    for rule in step.get("rules", []) if rule["type"] == "certificado"]
    if len(certificates) > 1:
        errors.append("Solo una actividad puede expedir el certificado; lo expiden las actividades "
                      + ", ".join(map(str, certificates)) + ".")
    for step in steps:
        for rule in step.get("rules", []):
            if rule["type"] == "certificado" and not rule.get("validity_years"):
                errors.append(f"La actividad {step['number']} expide el certificado: indique su "
                              "vigencia en años.")
            if rule["type"] != "requiere":
                continue
            if rule["record_type"] == "registros":
                if not step["records"]:
                    errors.append(f"La actividad {step['number']} exige sus registros documentales "
                                  "pero no nombra ninguno.")
            elif not rules.creatable(rule["record_type"]):
                errors.append(f"La actividad {step['number']} exige "
                              f"{rules.RECORD_TYPES[rule['record_type']].label}, que ningún rol puede "
                              "registrar.")
    return errors


def step_rules(value) -> list[dict]:
    """A step block's rules as the snapshot stores them: {"type": ..., **parameters}."""
    return [{"type": rule.block_type, **(dict(rule.value) if rule.value else {})}
            for rule in value.get("rules") or []]


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    def clean(self, value):
        value = super().clean(value)
        steps = [{**child.value, "rules": step_rules(child.value)} for child in value]
        errors = procedure_errors(steps)
        if errors:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(message) for message in errors]))
        return value


class AnnexBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="Nombre")
    code = blocks.CharBlock(label="Código", required=False)
    document = DocumentChooserBlock(label="Documento", required=False)

    class Meta:
        icon = "doc-full"
        label = "Anexo"


class WithheldPartBlock(blocks.StructBlock):
    """A part of a public document that was withheld, and why (Ley 1712/2014 art. 18-19, 21)."""

    ground = blocks.ChoiceBlock(
        label="Fundamento legal",
        choices=[
            ("ley1581", "Ley 1581 de 2012 — datos personales (Ley 1712/2014 art. 18 a)"),
            ("art18_vida", "Ley 1712 de 2014 art. 18 b — vida, salud o seguridad de las personas"),
            ("art19_seguridad", "Ley 1712 de 2014 art. 19 — seguridad pública"),
            ("art19_investigacion", "Ley 1712 de 2014 art. 19 — investigaciones en curso"),
            ("art19_ninos", "Ley 1712 de 2014 art. 19 — derechos de niños, niñas y adolescentes"),
        ],
    )
    description = blocks.CharBlock(label="Qué se retiró", help_text="Sin reproducir el dato retirado.")

    class Meta:
        icon = "lock"
        label = "Parte retirada"


class TransparencyItemBlock(blocks.StructBlock):
    number = blocks.CharBlock(label="Numeral", help_text="Por ejemplo 1.1")
    title = blocks.CharBlock(label="Título")
    description = blocks.TextBlock(label="Descripción", required=False)
    link_page = blocks.PageChooserBlock(label="Página del portal", required=False)
    link_url = blocks.URLBlock(label="Enlace externo", required=False)
    document = DocumentChooserBlock(label="Documento", required=False)
    not_applicable = blocks.BooleanBlock(label="No aplica a la entidad", required=False)
    not_applicable_reason = blocks.TextBlock(label="Por qué no aplica", required=False)
    # A numeral not yet answered says who publishes it and by when (Ley 1712 de 2014).
    responsible = blocks.CharBlock(label="Dependencia que lo publicará", required=False)
    due_date = blocks.DateBlock(label="Se publicará a más tardar el", required=False)

    def clean(self, value):
        value = super().clean(value)
        if value["not_applicable"] and not value["not_applicable_reason"].strip():
            raise ValidationError("Indique por qué el numeral no aplica a la entidad.")
        answered = value["link_page"] or value["link_url"] or value["document"]
        if not answered and not value["not_applicable"] and not (
                value["responsible"].strip() and value["due_date"]):
            raise ValidationError(
                "Enlace la página, el documento o la dirección que responde este numeral; si "
                "aún no existe, indique la dependencia que lo publicará y la fecha límite.")
        return value

    class Meta:
        icon = "list-ul"
        label = "Numeral"
