"""django-filter filter sets for the public lists."""

import django_filters

from records.models import Certificate, IndicatorValue, Territory
from records.selectors import STATUS_LABELS, public_status_for


class TerritoryFilter(django_filters.FilterSet):
    locality = django_filters.CharFilter(field_name="locality__code", label="Código de la localidad")
    status = django_filters.ChoiceFilter(
        choices=list(STATUS_LABELS.items()), method="filter_status", label="Estado en la ruta"
    )

    class Meta:
        model = Territory
        fields = ["locality", "status"]

    def filter_status(self, queryset, name, value):
        ids = list(queryset.values_list("pk", flat=True))
        statuses = public_status_for(ids)
        return queryset.filter(pk__in=[pk for pk in ids if statuses[pk].status == value])


class CertificateFilter(django_filters.FilterSet):
    territory = django_filters.CharFilter(field_name="territory__code", label="Código del territorio")
    year = django_filters.NumberFilter(field_name="issued_on", lookup_expr="year", label="Año de expedición",
                                       min_value=1900, max_value=2100)
    revoked = django_filters.BooleanFilter(field_name="revoked_on", lookup_expr="isnull", exclude=True,
                                           label="Revocado")

    class Meta:
        model = Certificate
        fields = ["territory", "year", "revoked"]


class IndicatorValueFilter(django_filters.FilterSet):
    territory = django_filters.CharFilter(field_name="territory__code", label="Código del territorio")
    indicator = django_filters.CharFilter(field_name="indicator__code", label="Código del indicador")
    period_from = django_filters.DateFilter(field_name="period", lookup_expr="gte", label="Desde (AAAA-MM-DD)")
    period_to = django_filters.DateFilter(field_name="period", lookup_expr="lte", label="Hasta (AAAA-MM-DD)")

    class Meta:
        model = IndicatorValue
        fields = ["territory", "indicator", "period_from", "period_to"]
