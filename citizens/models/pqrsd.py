"""Petitions, complaints, claims, suggestions, reports and compliments (PQRSD).

Ley 1755 de 2015 sets the terms; Decreto 1081 de 2015 art. 2.1.1.6.2 the public
report.  The radicado and the due date are assigned once, on filing, by
citizens.services.pqrsd.file_petition; every later change of state goes
through that module so the history the citizen sees is complete.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from citizens.validators import validate_plain_text
from convive.storage import private_storage


class PetitionType(models.TextChoices):
    # Codes are fixed: API, CSV and admin filters use them.
    PETICION = "peticion", "Petición general"
    DOCUMENTOS = "documentos", "Petición de documentos o información"
    CONSULTA = "consulta", "Consulta"
    QUEJA = "queja", "Queja"
    RECLAMO = "reclamo", "Reclamo"
    SUGERENCIA = "sugerencia", "Sugerencia"
    DENUNCIA = "denuncia", "Denuncia"
    FELICITACION = "felicitacion", "Felicitación"


class Sequence(models.Model):
    """Last number handed out per series and year (radicados, enrolment requests).

    Numbers are taken with an UPDATE in the same transaction as the row that
    uses them, so concurrent filings queue on the row lock and a rolled-back
    filing gives its number back: no gaps, no duplicates.
    """

    series = models.CharField("serie", max_length=20)
    year = models.PositiveSmallIntegerField("año")
    last = models.PositiveIntegerField("último número", default=0)

    class Meta:
        verbose_name = "consecutivo"
        verbose_name_plural = "consecutivos"
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="unique_sequence")]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last}"


class ResponseTerm(models.Model):
    """Legal term per petition type, in business days; editable by Coordinación."""

    petition_type = models.CharField("tipo", max_length=20, choices=PetitionType.choices,
                                     unique=True)
    business_days = models.PositiveSmallIntegerField(
        "término (días hábiles)", validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    legal_basis = models.CharField("fundamento", max_length=255)

    class Meta:
        ordering = ["petition_type"]
        verbose_name = "término de respuesta"
        verbose_name_plural = "términos de respuesta"

    def __str__(self):
        return f"{self.get_petition_type_display()}: {self.business_days} días hábiles"


class Unit(models.Model):
    """A dependencia of the secretariat. Who sees a unit's petitions is decided per unit
    with django-guardian (citizens.services.permissions)."""

    code = models.SlugField("código", max_length=40, unique=True)
    name = models.CharField("nombre", max_length=160, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"
        permissions = [
            ("view_all_petitions", "Puede ver las PQRSD de todas las dependencias"),
            ("view_petitioner_data", "Puede ver los datos de contacto de los peticionarios"),
        ]

    def __str__(self):
        return self.name


class Petition(models.Model):
    class Status(models.TextChoices):
        FILED = "radicada", "Radicada"
        ASSIGNED = "asignada", "Asignada"
        IN_PROGRESS = "en_tramite", "En trámite"
        EXTENDED = "prorrogada", "Prorrogada"
        TRANSFERRED = "trasladada", "Trasladada a otra entidad"
        ANSWERED = "respondida", "Respondida"
        CLOSED = "cerrada", "Cerrada"

    # No more steps are due on a petition in these states (the queue, the dashboard).
    CLOSED_STATUSES = (Status.ANSWERED, Status.CLOSED, Status.TRANSFERRED)

    class Channel(models.TextChoices):
        WEB = "web", "Portal web"
        API = "api", "Servicio web (API)"
        IN_PERSON = "presencial", "Presencial"
        PHONE = "telefono", "Teléfono"
        MAIL = "correspondencia", "Correspondencia"

    class ReplyChannel(models.TextChoices):
        EMAIL = "correo", "Correo electrónico"
        POSTAL = "fisica", "Dirección física"
        PORTAL = "portal", "Consulta en el portal"

    class IdType(models.TextChoices):
        CC = "CC", "Cédula de ciudadanía"
        CE = "CE", "Cédula de extranjería"
        TI = "TI", "Tarjeta de identidad"
        PPT = "PPT", "Permiso por protección temporal"
        PA = "PA", "Pasaporte"
        NIT = "NIT", "NIT"

    class Refusal(models.TextChoices):
        # Ley 1712 de 2014 arts. 18 and 19: the only grounds to refuse information.
        CLASSIFIED = "clasificada", "Información clasificada (Ley 1712/2014 art. 18)"
        RESERVED = "reservada", "Información reservada (Ley 1712/2014 art. 19)"
        NONEXISTENT = "inexistente", "La información no existe en la entidad"

    # Fixed on filing.
    radicado = models.CharField("radicado", max_length=12, unique=True, editable=False)
    year = models.PositiveSmallIntegerField("año", editable=False)
    number = models.PositiveIntegerField("consecutivo", editable=False)
    tracking_digest = models.CharField(max_length=64, editable=False)
    petition_type = models.CharField("tipo", max_length=20, choices=PetitionType.choices)
    channel = models.CharField("canal de recepción", max_length=20, choices=Channel.choices,
                               default=Channel.WEB)
    filed_at = models.DateTimeField("radicada el", editable=False)
    filed_on = models.DateField("fecha de radicación", editable=False)
    term_days = models.PositiveSmallIntegerField("término (días hábiles)", editable=False)
    due_date = models.DateField("vence el")
    subject = models.CharField("asunto", max_length=200, validators=[validate_plain_text])
    description = models.TextField("descripción", max_length=10000,
                                   validators=[validate_plain_text])

    # Petitioner (personal data, Ley 1581 de 2012): never on a public surface.
    anonymous = models.BooleanField("anónima", default=False)
    name = models.CharField("nombre", max_length=160, blank=True, validators=[validate_plain_text])
    id_type = models.CharField("tipo de documento", max_length=4, choices=IdType.choices,
                               blank=True)
    id_number = models.CharField("número de documento", max_length=20, blank=True,
                                 validators=[validate_plain_text])
    email = models.EmailField("correo electrónico", blank=True)
    phone = models.CharField("teléfono", max_length=30, blank=True,
                             validators=[validate_plain_text])
    address = models.CharField("dirección", max_length=200, blank=True,
                               validators=[validate_plain_text])
    reply_channel = models.CharField("medio de respuesta", max_length=10,
                                     choices=ReplyChannel.choices, default=ReplyChannel.EMAIL)
    consent_at = models.DateTimeField("autorización de tratamiento de datos", null=True,
                                      blank=True, editable=False)

    # Work on it.
    status = models.CharField("estado", max_length=20, choices=Status.choices,
                              default=Status.FILED, editable=False)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="petitions", verbose_name="dependencia",
                             editable=False)
    extended_until = models.DateField("prorrogada hasta", null=True, blank=True, editable=False)
    transferred_to = models.CharField("trasladada a", max_length=200, blank=True, editable=False)
    transfer_due = models.DateField("plazo para trasladar", editable=False)
    transferred_on = models.DateField("trasladada el", null=True, blank=True, editable=False)
    answer = models.TextField("respuesta", blank=True, editable=False)
    answer_document = models.FileField("documento de respuesta", storage=private_storage,
                                       upload_to="pqrsd/respuestas/%Y/", blank=True,
                                       editable=False)
    answered_on = models.DateField("respondida el", null=True, blank=True, editable=False)
    answer_business_days = models.PositiveSmallIntegerField(
        "días hábiles para responder", null=True, blank=True, editable=False
    )
    refusal = models.CharField("negación de información", max_length=20,
                               choices=Refusal.choices, blank=True, editable=False)
    closed_at = models.DateTimeField("cerrada el", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "radicado"]
        verbose_name = "PQRSD"
        verbose_name_plural = "PQRSD"
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_radicado_number"),
        ]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["filed_on"])]

    def __str__(self):
        return f"{self.radicado} · {self.get_petition_type_display()}"

    PERSONAL_FIELDS = ("name", "id_type", "id_number", "email", "phone", "address")
    # Units answer their petitioners: their right is their own, not the records' one.
    PERSONAL_DATA_PERMISSION = "citizens.view_petitioner_data"

    def clean(self):
        super().clean()
        errors = {}
        if self.anonymous:
            if self.petition_type != PetitionType.DENUNCIA:
                errors["anonymous"] = "Solo las denuncias pueden presentarse de forma anónima."
            elif any(getattr(self, field) for field in self.PERSONAL_FIELDS):
                errors["anonymous"] = (
                    "Una denuncia anónima no lleva datos de contacto; quite los datos o "
                    "desmarque la opción de denuncia anónima."
                )
        else:
            if not self.name.strip():
                errors["name"] = "Escriba su nombre, o presente la denuncia de forma anónima."
            if self.reply_channel == self.ReplyChannel.EMAIL and not self.email:
                errors["email"] = "Escriba un correo electrónico para recibir la respuesta."
            if self.reply_channel == self.ReplyChannel.POSTAL and not self.address.strip():
                errors["address"] = "Escriba la dirección a la que se enviará la respuesta."
            if self.id_number and not self.id_type:
                errors["id_type"] = "Indique el tipo de documento."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status not in self.CLOSED_STATUSES

    @property
    def effective_due_date(self):
        return self.extended_until or self.due_date


class PetitionEvent(models.Model):
    """One line of the status history. ``note`` is shown to the citizen: no internal detail."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events",
                                 verbose_name="PQRSD")
    status = models.CharField("estado", max_length=20, choices=Petition.Status.choices)
    at = models.DateTimeField("fecha", auto_now_add=True)
    note = models.TextField("nota para el ciudadano", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+", verbose_name="por")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "evento de PQRSD"
        verbose_name_plural = "historial de PQRSD"

    def __str__(self):
        return f"{self.petition.radicado}: {self.get_status_display()}"


class PetitionAttachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments",
                                 verbose_name="PQRSD")
    file = models.FileField("archivo", storage=private_storage, upload_to="pqrsd/anexos/%Y/")
    original_name = models.CharField("nombre original", max_length=200)
    content_type = models.CharField("tipo", max_length=100)
    size = models.PositiveIntegerField("tamaño (bytes)")

    class Meta:
        verbose_name = "anexo de PQRSD"
        verbose_name_plural = "anexos de PQRSD"

    def __str__(self):
        return self.original_name
