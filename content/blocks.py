"""StreamField blocks shared by the portal's page types.

Every part of a process card or procedure is a structured block so that it
can be edited, counted, queried and served headless, never a pasted blob.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

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


class OutcomeBlock(blocks.StructBlock):
    answer = blocks.CharBlock(label="Respuesta", help_text="Por ejemplo «Sí» o «No».")
    next_step = blocks.IntegerBlock(
        label="Pasa a la actividad", required=False, min_value=1,
        help_text="Déjelo vacío si el procedimiento termina.",
    )


class BranchBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="Pregunta", help_text="Por ejemplo «¿Cumple con los requisitos?»")
    outcomes = blocks.ListBlock(OutcomeBlock(), label="Respuestas")


class StepBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label="Número", min_value=1)
    description = blocks.TextBlock(label="Descripción de la actividad")
    responsible_area = blocks.CharBlock(label="Área responsable", required=False)
    responsible_role = blocks.CharBlock(label="Cargo responsable", required=False)
    records = blocks.ListBlock(blocks.CharBlock(label="Registro"), label="Registros", required=False)
    branches = blocks.ListBlock(BranchBlock(), label="Decisiones", required=False)
    notes = blocks.TextBlock(label="Observaciones", required=False)

    class Meta:
        icon = "order"
        label = "Actividad"


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    def clean(self, value):
        value = super().clean(value)
        numbers = [child.value["number"] for child in value]
        if numbers != list(range(1, len(numbers) + 1)):
            raise self._error("Las actividades deben numerarse 1, 2, 3… en orden y sin saltos.")
        for child in value:
            for branch in child.value["branches"]:
                for outcome in branch["outcomes"]:
                    target = outcome["next_step"]
                    if target is not None and target not in numbers:
                        raise self._error(
                            f"La actividad {child.value['number']} remite a la actividad "
                            f"{target}, que no existe."
                        )
        return value

    @staticmethod
    def _error(message):
        return blocks.StreamBlockValidationError(
            non_block_errors=ErrorList([ValidationError(message)])
        )


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

    def clean(self, value):
        value = super().clean(value)
        if value["not_applicable"] and not value["not_applicable_reason"].strip():
            raise ValidationError("Indique por qué el numeral no aplica a la entidad.")
        return value

    class Meta:
        icon = "list-ul"
        label = "Numeral"
