"""Authenticated CRUD on internal records, with the admin's object-level rules.

Lists contain only what the user may view; another's object answers 404,
exactly like a missing one; write permissions are the model permissions of
the user's role; transitions go through the case engine and a broken rule
is a 400 naming it in Spanish.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api import records_serializers as s
from records.models import AuditEntry
from records.services import cases as engine
from records.services.audit import log_event, reset_actor, set_actor
from records.services.permissions import hidden_personal_fields, visible


class ModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions, reading included (analista reads, never writes)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class RecordsPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _as_drf_error(error: DjangoValidationError):
    return serializers.ValidationError({"detail": error.messages})


class RecordViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, ModelPermissions]
    pagination_class = RecordsPagination
    lookup_value_regex = "[^/]+"  # a malformed id is a JSON 404, not the HTML page
    select_related = ()

    def get_queryset(self):
        queryset = self.serializer_class.Meta.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return visible(queryset, self.request.user).order_by("pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Token-authenticated users are known only here, after DRF authentication.
        self._audit_token = set_actor(request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_audit_token", None)
        if token is not None:
            reset_actor(token)
            self._audit_token = None
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        model = self.serializer_class.Meta.model
        # Only pages that carry a personal field (a record's stored file name is not one).
        shown = set(getattr(model, "PERSONAL_FIELDS", ())) & set(self.get_serializer().fields)
        if shown and not hidden_personal_fields(request.user, model):
            # A page of people (names, ID numbers, phones) is a download like the admin's
            # export: it goes to the audit trail with who, how many and in what format.
            rows = response.data.get("results", []) if isinstance(response.data, dict) else []
            log_event(AuditEntry.Action.EXPORT, model=model._meta.label, actor=request.user,
                      object_repr=f"API: {model._meta.verbose_name_plural}"[:255],
                      changes={"formato": request.accepted_renderer.format, "filas": len(rows),
                               "ruta": request.get_full_path()[:200]})
        return response

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise serializers.ValidationError(
                {"detail": "No se puede eliminar: otros registros dependen de este."}
            )


class TerritoryViewSet(RecordViewSet):
    serializer_class = s.TerritorySerializer
    select_related = ("locality",)


class IndicatorValueViewSet(RecordViewSet):
    serializer_class = s.IndicatorValueSerializer
    select_related = ("territory", "indicator")


class CommitteeMemberViewSet(RecordViewSet):
    serializer_class = s.CommitteeMemberSerializer


class CommitmentViewSet(RecordViewSet):
    serializer_class = s.CommitmentSerializer


class ActivityViewSet(RecordViewSet):
    serializer_class = s.ActivitySerializer


class AttendeeViewSet(RecordViewSet):
    serializer_class = s.AttendeeSerializer


class CertificateViewSet(RecordViewSet):
    serializer_class = s.CertificateSerializer
    http_method_names = ["get", "head", "options", "post"]
    select_related = ("territory",)

    def create(self, request, *args, **kwargs):
        return Response({"detail": "Los certificados se expiden al cerrar la actividad 9 de la ruta."},
                        status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @extend_schema(request=s.RevokeSerializer, responses=s.CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        certificate = self.get_object()
        if not request.user.has_perm("records.change_certificate"):
            self.permission_denied(request)
        payload = s.RevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            engine.revoke_certificate(certificate=certificate, by=request.user,
                                      reason=payload.validated_data["reason"])
        except DjangoValidationError as error:
            raise _as_drf_error(error)
        return Response(self.get_serializer(certificate).data)


class CaseRecordViewSet(RecordViewSet):
    serializer_class = s.RecordCaseRecordSerializer
    select_related = ("step__case__procedure",)

    def perform_create(self, serializer):
        try:
            record = engine.add_record(step=serializer.validated_data["step"],
                                       kind=serializer.validated_data["kind"],
                                       description=serializer.validated_data.get("description", ""),
                                       by=self.request.user)
        except DjangoValidationError as error:
            raise _as_drf_error(error)
        serializer.instance = record


class CaseViewSet(RecordViewSet):
    serializer_class = s.RecordCaseSerializer
    http_method_names = ["get", "head", "options", "post", "patch", "delete"]
    select_related = ("procedure", "territory")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("steps", "steps__case__procedure")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = engine.open_case(
                procedure_key=data["procedure_key"], kind=data["kind"], title=data["title"],
                territory=data.get("territory"), by=self.request.user,
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error)

    def perform_destroy(self, instance):
        try:
            engine.delete_case(case=instance, by=self.request.user)
        except DjangoValidationError as error:
            raise _as_drf_error(error)

    @extend_schema(request=s.CloseStepSerializer, responses=s.RecordCaseSerializer)
    @action(detail=True, methods=["post"], url_path="close-step")
    def close_step(self, request, *args, **kwargs):
        case = self.get_object()
        if not request.user.has_perm("records.change_case"):
            self.permission_denied(request)
        payload = s.CloseStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            case = engine.close_step(case=case, by=request.user, **payload.validated_data)
        except DjangoValidationError as error:
            raise _as_drf_error(error)
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)
