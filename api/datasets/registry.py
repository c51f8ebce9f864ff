"""Every open dataset, once: its columns (machine name, Spanish title, type, unit), where
its rows come from, how often it changes and what it is about.

The names of the columns are the vocabulary of the dataset everywhere: the full
downloads, the API's CSV and JSON (nested objects flatten as ``parent_child``) and the
portal's CSV use them; the Spanish titles live in the data dictionary.
"""

from dataclasses import dataclass, field

from api.datasets import rows


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str  # Frictionless Table Schema type: string, integer, number, date, boolean, yearmonth
    description: str = ""
    unit: str = ""
    required: bool = False
    enum: tuple = ()


@dataclass(frozen=True)
class Dataset:
    identifier: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: object  # callable(today) -> iterable of tuples in the order of fields
    frequency: str  # EU frequency authority code: DAILY, MONTHLY, QUARTERLY, IRREG
    themes: tuple[str, ...]  # EU data-theme codes
    keywords: tuple[str, ...]
    api_url_name: str  # the paged API list the dataset is also served by
    primary_key: tuple[str, ...] = ()
    geojson: bool = False  # also downloadable as GeoJSON (territories)
    audited_models: tuple[str, ...] = ()  # AuditEntry.model labels whose changes change it
    page_models: tuple[str, ...] = ()  # Wagtail page models (app_label.Model) it is read from
    petitions: bool = False  # changes with petition events
    temporal: object = None  # callable() -> (first date, last date or None) of the data
    notes: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


ROUTE_STATUSES = ("sin_ruta", "en_ruta", "certificado", "vencido", "revocado")

DATASETS = {d.identifier: d for d in [
    Dataset(
        "territories", "Territorios y su avance en la ruta de certificación",
        "Barrios y sectores de Bogotá con su localidad, población y estado en la ruta de "
        "certificación como territorio seguro (procedimiento MM-GSC-P-003).",
        fields=(
            Field("code", "Código del territorio", "string", required=True),
            Field("name", "Nombre del territorio", "string", required=True),
            Field("locality", "Localidad", "string", required=True),
            Field("locality_code", "Código de la localidad", "string", required=True),
            Field("population", "Población", "integer", unit="personas"),
            Field("route_status", "Estado en la ruta", "string", required=True, enum=ROUTE_STATUSES,
                  description="sin_ruta, en_ruta, certificado, vencido o revocado"),
            Field("route_label", "Estado en la ruta (texto)", "string", required=True),
            Field("route_current_step", "Actividad actual de la ruta", "integer",
                  description="De 1 a 9 mientras el territorio está en la ruta"),
            Field("route_total_steps", "Actividades de la ruta", "integer"),
            Field("route_certificate_number", "Número del certificado vigente", "string"),
        ),
        rows=rows.territories, frequency="DAILY", themes=("JUST", "REGI"),
        keywords=("territorio seguro", "certificación", "barrios", "convivencia", "seguridad"),
        api_url_name="api:territory-list", primary_key=("code",), geojson=True,
        audited_models=("records.Territory", "records.Locality", "records.Case",
                        "records.Certificate", "records.ProcedureVersion"),
        temporal=rows.territories_period,
    ),
    Dataset(
        "certifications", "Certificados de territorio seguro",
        "Número, territorio, fecha, vigencia y revocatoria de cada certificado de territorio "
        "seguro expedido por la Secretaría.",
        fields=(
            Field("number", "Número del certificado", "string", required=True),
            Field("territory", "Código del territorio", "string", required=True),
            Field("territory_name", "Nombre del territorio", "string", required=True),
            Field("issued_on", "Fecha de expedición", "date", required=True),
            Field("valid_until", "Vigente hasta", "date", required=True),
            Field("revoked", "Revocado", "boolean", required=True),
            Field("revoked_on", "Fecha de revocatoria", "date"),
            Field("revocation_reason", "Motivo de la revocatoria", "string"),
        ),
        rows=rows.certifications, frequency="DAILY", themes=("JUST",),
        keywords=("territorio seguro", "certificados", "convivencia"),
        api_url_name="api:certificate-list", primary_key=("number",),
        audited_models=("records.Certificate",), temporal=rows.certifications_period,
    ),
    Dataset(
        "indicators", "Índice de seguridad y convivencia barrial",
        "Valores de los indicadores del índice por territorio y periodo.",
        fields=(
            Field("id", "Identificador del valor", "integer", required=True),
            Field("territory", "Código del territorio", "string", required=True),
            Field("indicator", "Código del indicador", "string", required=True),
            Field("indicator_name", "Nombre del indicador", "string", required=True),
            Field("unit", "Unidad del indicador", "string"),
            Field("period", "Periodo (primer día)", "date", required=True),
            Field("value", "Valor", "number", required=True,
                  description="En la unidad de la columna «unit»"),
        ),
        rows=rows.indicators, frequency="QUARTERLY", themes=("JUST", "SOCI"),
        keywords=("indicadores", "índice de seguridad", "convivencia", "barrios"),
        api_url_name="api:indicatorvalue-list", primary_key=("id",),
        audited_models=("records.IndicatorValue", "records.Indicator"),
        temporal=rows.indicators_period,
    ),
    Dataset(
        "processes", "Catálogo de procesos y procedimientos",
        "Caracterizaciones de proceso publicadas en el portal, con los procedimientos de cada una.",
        fields=(
            Field("code", "Código del proceso", "string", required=True),
            Field("title", "Nombre del proceso", "string", required=True),
            Field("version", "Versión", "string"),
            Field("process_type", "Tipo de proceso", "string"),
            Field("responsible_unit", "Responsable", "string"),
            Field("objective", "Objetivo", "string"),
            Field("url", "Página en el portal", "string", description="URL"),
            Field("procedures", "Procedimientos", "string",
                  description="Códigos de sus procedimientos publicados, separados por «; »"),
        ),
        rows=rows.processes, frequency="IRREG", themes=("GOVE",),
        keywords=("procesos", "procedimientos", "trámites", "gestión pública"),
        api_url_name="api:process-list", primary_key=("code",),
        page_models=("content.ProcessCardPage", "content.ProcedurePage"),
        temporal=rows.processes_period,
    ),
    Dataset(
        "documents", "Documentos públicos (versiones públicas)",
        "Metadatos y enlaces de descarga de las versiones públicas de los documentos de la ruta, "
        "con el fundamento legal de lo retirado.",
        fields=(
            Field("slug", "Identificador", "string", required=True),
            Field("title", "Título", "string", required=True),
            Field("kind", "Tipo de documento", "string", required=True),
            Field("date", "Fecha del documento", "date", required=True),
            Field("summary", "Resumen", "string"),
            Field("territory", "Código del territorio", "string"),
            Field("legal_grounds", "Fundamento legal de lo retirado", "string",
                  description="Separados por «; »"),
            Field("url", "Página en el portal", "string", description="URL"),
            Field("download_url", "Descarga de la versión pública", "string", description="URL"),
        ),
        rows=rows.documents, frequency="DAILY", themes=("GOVE", "JUST"),
        keywords=("transparencia", "versión pública", "actas", "documentos"),
        api_url_name="api:document-list", primary_key=("slug",),
        page_models=("content.DocumentPage",), temporal=rows.documents_period,
    ),
    Dataset(
        "activity-statistics", "Estadísticas de actividades",
        "Actividades y asistentes por mes, tipo y localidad (solo cifras agregadas).",
        fields=(
            Field("month", "Mes", "yearmonth", required=True),
            Field("kind", "Tipo de actividad", "string", required=True),
            Field("locality", "Localidad", "string"),
            Field("activities", "Actividades", "integer", required=True, unit="actividades"),
            Field("attendees", "Asistentes", "integer", required=True, unit="personas"),
        ),
        rows=rows.activity_statistics, frequency="MONTHLY", themes=("JUST", "SOCI"),
        keywords=("actividades", "participación ciudadana", "convivencia", "estadísticas"),
        api_url_name="api:activity-statistics",
        audited_models=("records.Activity", "records.Attendee"),
        temporal=rows.activities_period,
    ),
    Dataset(
        "pqrsd-statistics", "Informe mensual de PQRSD",
        "Solicitudes recibidas por tipo, canal y dependencia; porcentaje respondido a tiempo; "
        "días hábiles promedio de respuesta; traslados y solicitudes de información negadas, con "
        "su fundamento (Decreto 1081 de 2015, art. 2.1.1.6.2). Un informe por mes con "
        "solicitudes. Solo cifras agregadas.",
        fields=(
            Field("period", "Periodo", "string", required=True, description="AAAA-MM"),
            Field("section", "Sección", "string", required=True,
                  enum=("total", "tipo", "canal", "dependencia", "negacion")),
            Field("code", "Código del concepto", "string", required=True),
            Field("label", "Concepto", "string", required=True),
            Field("value", "Valor", "number",
                  description="Número de solicitudes; porcentaje en porcentaje_a_tiempo; días "
                              "hábiles en promedio_dias_habiles; vacío si no hay con qué calcularlo"),
        ),
        rows=rows.pqrsd_statistics, frequency="MONTHLY", themes=("GOVE",),
        keywords=("PQRSD", "peticiones", "atención a la ciudadanía", "transparencia"),
        api_url_name="api:pqrsd-statistics", primary_key=("period", "section", "code"),
        petitions=True, temporal=rows.petitions_period,
    ),
]}


def get(identifier: str) -> Dataset | None:
    return DATASETS.get(identifier)
