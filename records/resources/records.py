"""The importable record types: which columns a file carries and what names each row."""

from django.core.exceptions import ValidationError

from records.models import Activity, Attendee, Commitment, CommitteeMember, IndicatorValue, Territory
from records.resources.base import PermissionAwareResource


class TerritoryResource(PermissionAwareResource):
    class Meta:
        model = Territory
        import_id_fields = ["code"]
        fields = ["code", "name", "locality", "population", "geometry"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class IndicatorValueResource(PermissionAwareResource):
    class Meta:
        model = IndicatorValue
        import_id_fields = ["territory", "indicator", "period"]
        fields = ["territory", "indicator", "period", "value"]
        skip_unchanged = True
        clean_model_instances = True
        use_bulk = True
        batch_size = 1000


class CommitteeMemberResource(PermissionAwareResource):
    class Meta:
        model = CommitteeMember
        fields = ["id", "territory", "full_name", "id_number", "phone", "email", "address",
                  "role", "active"]
        skip_unchanged = True
        clean_model_instances = True


class ActivityResource(PermissionAwareResource):
    # Named by its code; a new row leaves the code empty and gets the next one on save.
    # City-wide activities have no territory; only those who see all may file them.
    class Meta:
        model = Activity
        import_id_fields = ["code"]
        fields = ["code", "kind", "title", "date", "territory", "place", "description"]
        skip_unchanged = True
        clean_model_instances = True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "code":
            return  # assigned by the record itself, never by a file
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        code = str(row.get(self.fields["code"].column_name) or "").strip()
        if instance is None and code:
            raise ValidationError(f"La actividad «{code}» no existe o no tiene permiso sobre "
                                  "ella. Deje «Código» vacío para crear una actividad nueva.")
        return instance


class AttendeeResource(PermissionAwareResource):
    class Meta:
        model = Attendee
        import_id_fields = ["activity", "id_number"]
        fields = ["activity", "full_name", "id_number", "phone", "email", "organization"]
        skip_unchanged = True
        clean_model_instances = True
        use_bulk = True
        batch_size = 1000


class CommitmentResource(PermissionAwareResource):
    class Meta:
        model = Commitment
        fields = ["id", "case", "description", "institution", "due_date", "status", "justification"]
        skip_unchanged = True
        clean_model_instances = True
