"""The entity's own data, shown in every page's footer as gov.co asks of entity portals.

Editors change it in /cms/ (Configuración → Datos de la entidad): the address,
hours, phones and e-mails change more often than the templates do.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class EntitySettings(BaseSiteSetting):
    entity_name = models.CharField(
        "nombre de la entidad", max_length=160,
        default="Secretaría de Seguridad, Convivencia y Justicia")
    address = models.CharField("dirección de la sede", max_length=200, blank=True)
    opening_hours = models.CharField(
        "horario de atención", max_length=200, blank=True,
        help_text="Por ejemplo: lunes a viernes de 7:00 a. m. a 4:30 p. m.")
    phone = models.CharField("teléfono (conmutador)", max_length=60, blank=True)
    toll_free = models.CharField("línea gratuita", max_length=60, blank=True)
    email = models.EmailField("correo institucional", blank=True)
    judicial_email = models.EmailField(
        "correo de notificaciones judiciales", blank=True,
        help_text="El buzón exclusivo para notificaciones judiciales que exige la ley.")
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="política de tratamiento de datos personales")
    terms_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="términos y condiciones de uso")
    copyright_text = models.CharField(
        "derechos de autor", max_length=300, blank=True,
        default="Los contenidos de este portal pueden reutilizarse citando la fuente, salvo "
                "indicación en contrario.")

    panels = [
        FieldPanel("entity_name"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("opening_hours")],
                        heading="Sede y horario"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("toll_free"), FieldPanel("email"),
                         FieldPanel("judicial_email")], heading="Canales de contacto"),
        MultiFieldPanel([FieldPanel("privacy_page"), FieldPanel("terms_page"),
                         FieldPanel("copyright_text")], heading="Políticas"),
    ]

    class Meta:
        verbose_name = "datos de la entidad"
        verbose_name_plural = "datos de la entidad"
