"""What the open-data API reads about each territory, stored instead of recomputed.

A territory's public route status is derived from its newest certification
case and certificate.  Computing it costs two queries and a Python loop per
page, and every territory at once for the GeoJSON map; at open-data volumes
that was most of an uncached answer.  So the derived row is stored here and
rewritten in the same transaction as any record it is derived from
(records.services.public_status).  Only the calendar changes a status without
a write (a certificate lapses), so the row keeps the recorded status and the
reader applies the date: see PublicStatus.as_of.
"""

from django.db import models


class TerritoryPublicStatus(models.Model):
    RECORDED_STATUSES = [("sin_ruta", "Sin ruta"), ("en_ruta", "En ruta"),
                         ("certificado", "Certificado"), ("revocado", "Revocado")]

    territory = models.OneToOneField("records.Territory", on_delete=models.CASCADE, primary_key=True,
                                     related_name="public_status", verbose_name="territorio")
    status = models.CharField("estado registrado", max_length=20, choices=RECORDED_STATUSES)
    current_step = models.PositiveSmallIntegerField("actividad actual", null=True)
    total_steps = models.PositiveSmallIntegerField("total de actividades", null=True)
    certificate_number = models.CharField("número del certificado", max_length=30, blank=True)
    certificate_date = models.DateField("fecha de expedición", null=True)
    certificate_valid_until = models.DateField("vigente hasta", null=True)
    revoked_on = models.DateField("revocado el", null=True)
    revocation_reason = models.TextField("motivo de la revocatoria", blank=True)
    # Where the status was read from: when a case or certificate changes territory,
    # the row of the territory it left is found through these.
    case_id_source = models.BigIntegerField(null=True, db_index=True)
    certificate_id_source = models.BigIntegerField(null=True, db_index=True)
    # The GeoJSON Feature as text, and the same feature once the certificate has
    # lapsed, so the map is a concatenation instead of 10,000 serialisations.
    feature = models.TextField("elemento GeoJSON")
    lapsed_feature = models.TextField("elemento GeoJSON con la certificación vencida", blank=True)
    # The territory as one item of the API list, likewise in two versions, so a page
    # is a join of 50 texts instead of 50 dictionaries built and rendered.
    item = models.TextField("elemento del listado", blank=True)
    lapsed_item = models.TextField("elemento del listado con la certificación vencida", blank=True)
    # Version of the stored texts' shape: when the code changes what a feature or an
    # item contains, it raises the version and migrate rewrites every older row.
    shape = models.PositiveSmallIntegerField("versión del formato", default=0)
    refreshed_at = models.DateTimeField("actualizado el", auto_now=True)

    class Meta:
        verbose_name = "estado público de un territorio"
        verbose_name_plural = "estados públicos de los territorios"
        default_permissions = ()  # derived data: nobody edits it, the admin does not list it

    def __str__(self):
        return f"{self.territory_id}: {self.status}"

    def as_public_status(self):
        from records.selectors import PublicStatus  # the selectors import the models

        return PublicStatus(
            status=self.status, current_step=self.current_step, total_steps=self.total_steps,
            certificate_number=self.certificate_number, certificate_date=self.certificate_date,
            certificate_valid_until=self.certificate_valid_until, revoked_on=self.revoked_on,
            revocation_reason=self.revocation_reason,
        )


class RowCount(models.Model):
    """How many rows a table holds, kept exact by database triggers.

    The open-data list reports how many territories there are on every page.
    PostgreSQL counts by reading every row (10,000 territories: about 1 ms,
    more than the rest of the page), so triggers installed by
    records.services.row_counts keep the number here instead, in the same
    transaction as each insert, delete or truncate, whatever wrote it (the
    ORM, bulk_create, raw SQL).
    """

    table_name = models.CharField("tabla", max_length=63, primary_key=True)
    row_count = models.BigIntegerField("filas")

    class Meta:
        verbose_name = "conteo de filas"
        verbose_name_plural = "conteos de filas"
        default_permissions = ()

    def __str__(self):
        return f"{self.table_name}: {self.row_count}"
