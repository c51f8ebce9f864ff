"""Public (open data) serializers. Only public facts: never people."""

from rest_framework import serializers

from convive.baseurl import public_url
from records.models import Certificate, IndicatorValue, Territory
from records.selectors import public_status_for


class RouteSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="sin_ruta, en_ruta, certificado, vencido o revocado")
    label = serializers.CharField()
    current_step = serializers.IntegerField(allow_null=True)
    total_steps = serializers.IntegerField(allow_null=True)
    certificate_number = serializers.CharField(allow_blank=True)


class TerritorySerializer(serializers.ModelSerializer):
    locality = serializers.CharField(source="locality.name")
    locality_code = serializers.CharField(source="locality.code")
    route = serializers.SerializerMethodField()

    class Meta:
        model = Territory
        fields = ["code", "name", "locality", "locality_code", "population", "route"]

    def get_route(self, territory) -> RouteSerializer:
        return public_status_for([territory.pk])[territory.pk].as_route()


class CertificateSerializer(serializers.ModelSerializer):
    territory = serializers.CharField(source="territory.code")
    territory_name = serializers.CharField(source="territory.name")
    revoked = serializers.BooleanField(source="is_revoked")

    class Meta:
        model = Certificate
        fields = ["number", "territory", "territory_name", "issued_on", "valid_until", "revoked",
                  "revoked_on", "revocation_reason"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    territory = serializers.CharField(source="territory.code")
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")

    class Meta:
        model = IndicatorValue
        fields = ["id", "territory", "indicator", "indicator_name", "unit", "period", "value"]


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    description = serializers.CharField()
    responsible_area = serializers.CharField(allow_blank=True)
    responsible_role = serializers.CharField(allow_blank=True)
    records = serializers.ListField(child=serializers.CharField())


class ProcedureSerializer(serializers.Serializer):
    code = serializers.CharField(allow_blank=True)
    slug = serializers.CharField()
    title = serializers.CharField()
    version = serializers.CharField()
    effective_date = serializers.DateField(allow_null=True)
    objective = serializers.CharField()
    url = serializers.CharField(source="full_url")
    steps = serializers.SerializerMethodField()

    def get_steps(self, page) -> StepSerializer(many=True):
        return [
            {k: block.value[k] for k in ("number", "description", "responsible_area", "responsible_role")}
            | {"records": list(block.value["records"])}
            for block in page.steps
        ]


class ProcessSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    version = serializers.CharField()
    process_type = serializers.CharField()
    responsible_unit = serializers.CharField()
    objective = serializers.CharField()
    url = serializers.CharField(source="full_url")
    procedures = ProcedureSerializer(many=True, source="published_procedures")


class PublicDocumentSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    date = serializers.DateField()
    summary = serializers.CharField()
    territory = serializers.CharField(source="territory.territory.code", allow_null=True, default=None)
    legal_grounds = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(source="full_url")
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, page) -> str | None:
        if page.document is None:
            return None
        # The public address, like the page's own url: never the host a request came in on.
        return public_url(page.document.url)


class ActivityStatisticSerializer(serializers.Serializer):
    month = serializers.CharField()
    kind = serializers.CharField()
    locality = serializers.CharField(allow_null=True)
    activities = serializers.IntegerField()
    attendees = serializers.IntegerField()
