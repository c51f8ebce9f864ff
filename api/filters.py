"""django-filter filter sets for the public lists."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend

from records.models import Certificate, IndicatorValue, Territory
from records.selectors import STATUS_LABELS
from records.services.public_status import computed_for_missing


class FilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the query string names none of the filters.

    Building a filter set's form deep-copies every field; on an unfiltered page
    of the busiest lists that was a fifth of the request for the same result.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            param.startswith(name) for param in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class TerritoryFilter(django_filters.FilterSet):
    locality = django_filters.CharFilter(field_name="locality__code", label="Código de la localidad")
    status = django_filters.ChoiceFilter(
        choices=list(STATUS_LABELS.items()), method="filter_status", label="Estado en la ruta"
    )

    class Meta:
        model = Territory
        fields = ["locality", "status"]

    def filter_status(self, queryset, name, value):
        # On the stored status (records.TerritoryPublicStatus), with the calendar applied
        # here: a certificate lapses the day after its "vigente hasta".
        today = timezone.localdate()
        if value in ("certificado", "vencido"):
            lapsed = Q(public_status__certificate_valid_until__lt=today)
            stored = Q(public_status__status="certificado") & (lapsed if value == "vencido" else ~lapsed)
        else:
            stored = Q(public_status__status=value)
        missing = list(queryset.filter(public_status__isnull=True).values_list("pk", flat=True))
        computed = computed_for_missing(missing, today)
        return queryset.filter(stored | Q(pk__in=[pk for pk in missing if computed[pk].status == value]))


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
