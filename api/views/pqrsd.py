"""Citizen services over the API: file a PQRSD, check a legal due date, monthly statistics.

Filing is anonymous, like the portal form, and shares its per-address limit and
all of its validation (citizens.services.pqrsd); the tracking code is returned
once and never stored.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from api.http import PublicEndpointMixin
from api.parsers import SpanishJSONParser
from citizens.models import Petition, PetitionType
from citizens.services import pqrsd, ratelimit
from citizens.services.codes import client_address
from citizens.services.reports import default_month, monthly_report, quarterly_report


class PetitionInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=PetitionType.choices,
                                   help_text="peticion, documentos, consulta, queja, reclamo, "
                                             "sugerencia, denuncia o felicitacion")
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000)
    anonymous = serializers.BooleanField(default=False,
                                         help_text="Solo para denuncias; sin datos de contacto.")
    name = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    id_type = serializers.ChoiceField(choices=Petition.IdType.choices, required=False,
                                      allow_blank=True, default="")
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    # No default: an empty string is not an e-mail, and the schema would say it is one.
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reply_channel = serializers.ChoiceField(choices=Petition.ReplyChannel.choices,
                                            default=Petition.ReplyChannel.EMAIL)
    consent = serializers.BooleanField(
        default=False, help_text="Autorización de tratamiento de datos (Ley 1581 de 2012); "
                                 "obligatoria salvo en denuncias anónimas.")
    attachments = serializers.ListField(child=serializers.FileField(), required=False,
                                        default=list, help_text="Solo en multipart/form-data.")


class PetitionFiledSerializer(serializers.Serializer):
    radicado = serializers.CharField(help_text="Número de radicado AAAA-NNNNNN.")
    tracking_code = serializers.CharField(help_text="Código de consulta; no se puede recuperar.")
    type = serializers.CharField()
    filed_on = serializers.DateField()
    due_date = serializers.DateField()
    business_days = serializers.IntegerField()


class FilingThrottle(AnonRateThrottle):
    scope = "pqrsd"

    def get_rate(self):
        from django.conf import settings

        return f"{settings.PQRSD_RATE_PER_HOUR}/hour"

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        return super().allow_request(request, view)


class PetitionCreateView(APIView):
    """POST /api/pqrsd/: file a petition exactly as the portal form does."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [FilingThrottle]
    parser_classes = [SpanishJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": PetitionInputSerializer,
                 "multipart/form-data": PetitionInputSerializer},
        responses={201: PetitionFiledSerializer},
        summary="Radicar una PQRSD",
    )
    def post(self, request, *args, **kwargs):
        serializer = PetitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = data.pop("consent")
        attachments = data.pop("attachments")
        data["petition_type"] = data.pop("type")
        try:
            ratelimit.hit("pqrsd", client_address(request))
            petition, code = pqrsd.file_petition(fields=data, consent=consent,
                                                 attachments=attachments,
                                                 channel=Petition.Channel.API)
        except ratelimit.RateLimited as exc:
            raise Throttled(wait=exc.retry_after, detail=exc.message) from exc
        except pqrsd.ServiceUnavailable as exc:
            return Response({"detail": " ".join(exc.messages)}, status=503,
                            headers={"Retry-After": "120"})
        except pqrsd.PetitionError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {
                "non_field_errors": exc.messages}
            renamed = {("type" if k == "petition_type" else k): v for k, v in detail.items()}
            raise ValidationError(renamed) from exc
        body = PetitionFiledSerializer({
            "radicado": petition.radicado, "tracking_code": code,
            "type": petition.petition_type, "filed_on": petition.filed_on,
            "due_date": petition.due_date, "business_days": petition.term_days,
        }).data
        return Response(body, status=status.HTTP_201_CREATED)


class DueDateSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    business_days = serializers.IntegerField()


class DueDateQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=PetitionType.choices)
    filed = serializers.DateField(required=False, help_text="AAAA-MM-DD; hoy si se omite.")

    def validate_filed(self, value):
        if not 1900 <= value.year <= 2200:
            raise serializers.ValidationError("Use una fecha entre 1900 y 2200.")
        return value


class DueDateView(PublicEndpointMixin, APIView):
    """GET /api/pqrsd/due-date/: the legal due date of a petition filed on a given day."""

    @extend_schema(
        parameters=[
            OpenApiParameter("type", OpenApiTypes.STR, required=True,
                             enum=PetitionType.values, description="Tipo de PQRSD."),
            OpenApiParameter("filed", OpenApiTypes.DATE, required=False,
                             description="Fecha de radicación (AAAA-MM-DD)."),
        ],
        responses={200: DueDateSerializer},
        summary="Fecha de vencimiento legal",
    )
    def get(self, request, *args, **kwargs):
        query = DueDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filed = query.validated_data.get("filed") or timezone.localdate()
        due, days = pqrsd.due_date_for(query.validated_data["type"], filed)
        return Response(DueDateSerializer({"due_date": due, "business_days": days}).data)


class CountOrFigureField(serializers.FloatField):
    """Counts stay integers (3, not 3.0); a percentage or an average keeps its decimal."""

    def to_representation(self, value):
        return value if isinstance(value, int) else super().to_representation(value)


class PetitionStatisticSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="AAAA-MM o AAAA-TN")
    section = serializers.CharField(help_text="total, tipo, canal, dependencia o negacion")
    code = serializers.CharField()
    label = serializers.CharField()
    value = CountOrFigureField(allow_null=True, help_text="Número de solicitudes; porcentaje o días "
                                                          "hábiles con un decimal")


class PetitionStatisticsQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", required=False,
                                   error_messages={"invalid": "Use el formato AAAA-MM."})
    quarter = serializers.RegexField(r"^\d{4}-T[1-4]$", required=False,
                                     error_messages={"invalid": "Use el formato AAAA-TN (N de 1 a 4)."})

    def validate(self, attrs):
        if attrs.get("month") and attrs.get("quarter"):
            raise serializers.ValidationError("Pida un mes o un trimestre, no ambos.")
        return attrs


class PetitionStatisticsView(PublicEndpointMixin, APIView):
    """GET /api/statistics/pqrsd/: the monthly or quarterly public report as rows (aggregates only)."""

    dataset = "pqrsd-statistics"  # api.datasets.registry

    @extend_schema(
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, required=False,
                             description="AAAA-MM; si se omite, el último mes con solicitudes "
                                         "(como en el portal)."),
            OpenApiParameter("quarter", OpenApiTypes.STR, required=False,
                             description="AAAA-TN, por ejemplo 2026-T4 (informe trimestral)."),
        ],
        responses={200: PetitionStatisticSerializer(many=True)},
        summary="Estadísticas mensuales de PQRSD",
    )
    def get(self, request, *args, **kwargs):
        query = PetitionStatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month, quarter = query.validated_data.get("month"), query.validated_data.get("quarter")
        today = timezone.localdate()
        if quarter:
            year, number = int(quarter[:4]), int(quarter[-1])
        else:
            year, number = (int(p) for p in month.split("-")) if month else default_month(today)
        if not 2000 <= year <= today.year + 1:
            raise ValidationError({"quarter" if quarter else "month": [
                "Use un periodo entre el año 2000 y el año próximo."]})
        report = (quarterly_report(year, number, today=today) if quarter
                  else monthly_report(year, number, today=today))
        rows = [{"period": report.period, "section": s, "code": c, "label": lbl, "value": v}
                for s, c, lbl, v in report.rows()]
        return Response(PetitionStatisticSerializer(rows, many=True).data)
