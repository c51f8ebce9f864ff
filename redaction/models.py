"""A public version of an internal record's document, from detection to publication.

The original stays in private storage on the record (records.CaseRecord.file);
this row holds the reviewer's decisions (which proposed areas to withhold and
on what ground), the verified output — also private until approved — and who
did each step.  Removed text is never stored: proposals carry only page,
rectangle, category, ground and a fingerprint (a hash) of what they cover.
"""

from django.conf import settings
from django.db import models

from convive.storage import private_storage


class PublicVersion(models.Model):
    # Terms the reviewer marked are names and passages of the original.
    PERSONAL_FIELDS = ("extra_terms",)

    class Status(models.TextChoices):
        QUEUED_DETECTION = "cola_deteccion", "En cola: detección"
        REVIEW = "revision", "En revisión"
        QUEUED_APPLY = "cola_aplicacion", "En cola: aplicación y verificación"
        PREPARED = "preparada", "Preparada: espera aprobación"
        PUBLISHED = "publicada", "Publicada"
        WITHDRAWN = "retirada", "Retirada"
        FAILED = "fallida", "Falló"

    record = models.ForeignKey("records.CaseRecord", on_delete=models.PROTECT,
                               related_name="public_versions", verbose_name="registro original")
    title = models.CharField("título público", max_length=255)
    kind = models.CharField("tipo de documento", max_length=20)
    document_date = models.DateField("fecha del documento")
    summary = models.TextField("resumen público")
    status = models.CharField("estado", max_length=20, choices=Status.choices,
                              default=Status.QUEUED_DETECTION)
    page_count = models.PositiveIntegerField("páginas", null=True, blank=True)
    # [{"page", "rect", "category", "legal_ground", "fingerprint", "keep"}], page 0-based.
    proposals = models.JSONField("áreas propuestas", default=list, blank=True)
    # Terms the reviewer marked (names, passages): internal, like the original itself.
    extra_terms = models.TextField("términos adicionales", blank=True)
    # [{"page", "rect", "legal_ground"}] drawn by the reviewer.
    extra_areas = models.JSONField("áreas adicionales", default=list, blank=True)
    output = models.FileField("versión pública verificada", storage=private_storage,
                              upload_to="versiones-publicas/%Y/", blank=True)
    report = models.JSONField("informe de redacción", default=dict, blank=True)
    failure = models.TextField("motivo del fallo", blank=True,
                               help_text="Categorías y páginas, nunca el contenido.")
    created_at = models.DateTimeField("creada el", auto_now_add=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name="preparada por")
    prepared_at = models.DateTimeField("preparada el", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name="aprobada por")
    approved_at = models.DateTimeField("aprobada el", null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name="retirada por")
    withdrawn_at = models.DateTimeField("retirada el", null=True, blank=True)
    withdrawal_reason = models.TextField("motivo del retiro", blank=True)
    document_page = models.ForeignKey("content.DocumentPage", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      verbose_name="página publicada")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "versión pública"
        verbose_name_plural = "versiones públicas"
        permissions = [
            ("approve_publicversion", "Puede aprobar y retirar la publicación de versiones públicas"),
        ]

    def __str__(self):
        return self.title

    @property
    def kept_areas(self) -> list[tuple]:
        areas = [(p["page"], tuple(p["rect"]), p["category"], p["legal_ground"])
                 for p in self.proposals if p.get("keep", True)]
        areas += [(a["page"], tuple(a["rect"]), "area", a["legal_ground"])
                  for a in self.extra_areas]
        return areas

    @property
    def dismissed_fingerprints(self) -> frozenset[str]:
        """Values the reviewer called false positives everywhere they occur.

        A value kept in one place and dismissed in another stays forbidden: the
        gate must not accept a copy of something withheld elsewhere.
        """
        dismissed = {p["fingerprint"] for p in self.proposals
                     if not p.get("keep", True) and p.get("fingerprint")}
        kept = {p["fingerprint"] for p in self.proposals
                if p.get("keep", True) and p.get("fingerprint")}
        return frozenset(dismissed - kept)

    @property
    def terms(self):
        """The reviewer's terms; «texto | fundamento» sets a term's legal ground."""
        from redaction.text import parse_terms

        return parse_terms(_bar_to_tab(line) for line in self.extra_terms.splitlines())


def _bar_to_tab(line: str) -> str:
    text, bar, code = line.rpartition("|")
    return f"{text.strip()}\t{code.strip()}" if bar else line
