"""Serializers of the authenticated records API.

Related-object fields only accept objects the user may see (anything else is
"does not exist"), personal-data fields are dropped for users without that
permission, and model validation runs on every write, so the API enforces
the same rules as the admin.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from records import models
from records.services import rules
from records.services.permissions import can_see_personal_data, check_within_reach, visible

VISIBLE_RELATIONS = {models.Territory, models.Case, models.CaseStep, models.Activity}


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is not None and queryset.model in VISIBLE_RELATIONS:
            queryset = visible(queryset, request.user)
        return queryset


class RecordSerializer(serializers.ModelSerializer):
    serializer_related_field = VisiblePrimaryKeyField

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        hide = request is not None and not can_see_personal_data(request.user)
        for name in getattr(self.Meta.model, "PERSONAL_FIELDS", ()):
            if hide:
                fields.pop(name, None)
            elif name in fields:
                # Absent for users without the personal-data permission, so the schema
                # cannot promise it; the model still refuses a blank value on writes.
                fields[name].required = False
                fields[name].help_text = "Dato personal: se omite para quien no tiene permiso."
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        for key, value in attrs.items():
            setattr(instance, key, value)
        try:
            instance.full_clean(validate_unique=True, validate_constraints=True)
            request = self.context.get("request")
            if request is not None:
                # Same rule as the admin and imports: never into another's territory, nor
                # out of every territory (the writer could not see the record afterwards).
                check_within_reach(request.user, instance)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error))
        return attrs


def record_serializer(model, fields="__all__", read_only=()):
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": list(read_only)})
    # "Record…" keeps schema component names apart from the public serializers.
    return type(f"Record{model.__name__}Serializer", (RecordSerializer,),
                {"Meta": meta, "__module__": __name__})


TerritorySerializer = record_serializer(models.Territory)
IndicatorValueSerializer = record_serializer(models.IndicatorValue)
CommitteeMemberSerializer = record_serializer(models.CommitteeMember)
CommitmentSerializer = record_serializer(models.Commitment)
ActivitySerializer = record_serializer(models.Activity)
AttendeeSerializer = record_serializer(models.Attendee)
CertificateSerializer = record_serializer(
    models.Certificate, read_only=["case", "territory", "number", "issued_on", "valid_until",
                                   "issued_by", "revoked_on", "revocation_reason", "revoked_by"])


class CaseStepSerializer(serializers.ModelSerializer):
    description = serializers.SerializerMethodField()
    required_records = serializers.SerializerMethodField()

    class Meta:
        model = models.CaseStep
        fields = ["number", "status", "description", "required_records", "closed_at", "closed_by"]

    def get_description(self, step) -> str:
        return step.definition["description"]

    def get_required_records(self, step) -> list[str]:
        # What the step needs now, its rules' conditions applied (e.g. only outside the city).
        return rules.required_records(step)


class RecordCaseSerializer(RecordSerializer):
    procedure_key = serializers.CharField(write_only=True, help_text="Código o slug del procedimiento.")
    procedure = serializers.StringRelatedField(read_only=True)
    steps = CaseStepSerializer(many=True, read_only=True)

    class Meta:
        model = models.Case
        fields = ["id", "kind", "procedure_key", "procedure", "territory", "title", "current_step",
                  "status", "opened_at", "opened_by", "steps"]
        read_only_fields = ["current_step", "status", "opened_at", "opened_by"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # As in the admin: a case keeps its kind and territory; moving one would skip
            # the opening rules (one open certification per territory, the writer's reach).
            for name in ("kind", "territory", "procedure_key"):
                fields[name].read_only = True
        return fields

    def validate(self, attrs):
        return attrs  # opening rules live in the engine (records.services.cases.open_case)


class CloseStepSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=False,
                                   help_text="Respuesta a la decisión de la actividad, p. ej. «Sí».")
    note = serializers.CharField(required=False, allow_blank=True)


class RecordCaseRecordSerializer(RecordSerializer):
    class Meta:
        model = models.CaseRecord
        fields = ["id", "step", "kind", "description", "created_at", "created_by"]
        read_only_fields = ["created_at", "created_by"]


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField()
