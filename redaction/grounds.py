"""Legal grounds for withholding part of a document (Ley 1712 de 2014, arts. 18, 19 and 21).

Every redaction box carries one of these labels, and the portal lists the grounds
applied to each public version. Codes are stable: they are stored and exported.
"""

from django.db import models


class LegalGround(models.TextChoices):
    # Art. 18 lit. a, clasificada: privacy of natural persons, with Ley 1581 de 2012.
    PERSONAL_DATA = "datos_personales", "Ley 1581/2012"
    # Art. 18 lit. b, clasificada: life, health or safety of a person (victims, witnesses).
    LIFE_SAFETY = "vida_seguridad", "Ley 1712/2014 art. 18 lit. b"
    # Art. 19 lit. b, reservada: public security.
    PUBLIC_SECURITY = "seguridad_publica", "Ley 1712/2014 art. 19"
    # Art. 19 lit. d, reservada: prevention, investigation and prosecution of offences.
    INVESTIGATION = "investigacion", "Ley 1712/2014 art. 19 lit. d"


GROUND_DESCRIPTIONS = {
    LegalGround.PERSONAL_DATA: (
        "Información pública clasificada: datos personales de personas naturales "
        "(Ley 1712 de 2014, art. 18 lit. a; Ley 1581 de 2012)."
    ),
    LegalGround.LIFE_SAFETY: (
        "Información pública clasificada: su divulgación pondría en riesgo la vida, "
        "la salud o la seguridad de una persona (Ley 1712 de 2014, art. 18 lit. b)."
    ),
    LegalGround.PUBLIC_SECURITY: (
        "Información pública reservada: seguridad pública (Ley 1712 de 2014, art. 19 lit. b)."
    ),
    LegalGround.INVESTIGATION: (
        "Información pública reservada: prevención, investigación y persecución de delitos "
        "(Ley 1712 de 2014, art. 19 lit. d)."
    ),
}


class Category(models.TextChoices):
    """What a redaction removed; reported instead of the removed text itself."""

    CEDULA = "cedula", "Cédula de ciudadanía"
    OTHER_ID = "otro_documento", "Otro documento de identidad"
    NIT = "nit", "NIT"
    PHONE = "telefono", "Teléfono"
    EMAIL = "correo", "Correo electrónico"
    ADDRESS = "direccion", "Dirección"
    PLATE = "placa", "Placa de vehículo"
    PROFILE = "perfil_red_social", "Perfil en redes sociales"
    TERM = "termino", "Término marcado"
    NAME = "nombre", "Nombre de persona"
    BOX = "recuadro_previo", "Recuadro previo sobre texto"
    AREA = "area", "Área marcada"


DEFAULT_GROUND = {
    Category.CEDULA: LegalGround.PERSONAL_DATA,
    Category.OTHER_ID: LegalGround.PERSONAL_DATA,
    Category.NIT: LegalGround.PERSONAL_DATA,
    Category.PHONE: LegalGround.PERSONAL_DATA,
    Category.EMAIL: LegalGround.PERSONAL_DATA,
    Category.ADDRESS: LegalGround.PERSONAL_DATA,
    Category.PLATE: LegalGround.PERSONAL_DATA,
    Category.PROFILE: LegalGround.PERSONAL_DATA,
    Category.TERM: LegalGround.PERSONAL_DATA,
    Category.NAME: LegalGround.PERSONAL_DATA,
    Category.BOX: LegalGround.PUBLIC_SECURITY,
    Category.AREA: LegalGround.PUBLIC_SECURITY,
}
