"""Keep records.TerritoryPublicStatus equal to what the records say.

Every save or delete of a record the public status is derived from rewrites
the affected territories' rows in the same transaction, through the signal
handlers below.  Writes that skip signals (bulk_create, QuerySet.update, raw
SQL) must call refresh() or run ``manage.py refresh_public_status``; readers
still answer correctly without the row (they compute it and log a warning),
only more slowly.
"""

import json
import logging
from dataclasses import replace

from django.db import connections
from django.db.models import Case as CaseWhen
from django.db.models import F, Q, When
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone

from records.geometry import geometry_problem
from records.models import Case, Certificate, Locality, ProcedureVersion, Territory, TerritoryPublicStatus
from records.selectors import PublicStatus, public_status_for, recorded_status_and_sources

logger = logging.getLogger(__name__)
BATCH = 1000
# Raise when feature_of or item_of changes what they write: migrate then rewrites
# every row stored with an older shape (refresh_missing).
SHAPE = 1
_UPDATED = ["status", "current_step", "total_steps", "certificate_number", "certificate_date",
            "certificate_valid_until", "revoked_on", "revocation_reason", "case_id_source",
            "certificate_id_source", "feature", "lapsed_feature", "item", "lapsed_item", "shape",
            "refreshed_at"]


def _json(value) -> str:
    # The same bytes DRF's JSONRenderer writes: compact, UTF-8 rather than \u escapes.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def feature_of(code, name, locality, geometry, status: PublicStatus) -> str:
    """One territory as a GeoJSON Feature, serialised (the map's unit of text)."""
    if geometry_problem(geometry):
        geometry = None  # stored before the rules (or by SQL): listed, not drawn
    return _json({"type": "Feature", "id": code, "geometry": geometry,
                  "properties": {"code": code, "name": name, "locality": locality,
                                 "status": status.status, "current_step": status.current_step}})


def item_of(code, name, locality, locality_code, population, status: PublicStatus) -> str:
    """One territory as an item of the API list (api.serializers.TerritorySerializer's shape)."""
    return _json({"code": code, "name": name, "locality": locality, "locality_code": locality_code,
                  "population": population, "route": status.as_route()})


def refresh(territory_ids) -> int:
    """Rewrite the stored public status of these territories; returns how many rows."""
    ids = sorted({pk for pk in territory_ids if pk is not None})
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        territories = Territory.objects.filter(pk__in=chunk).values_list(
            "pk", "code", "name", "locality__name", "locality__code", "population", "geometry")
        statuses = recorded_status_and_sources(chunk)
        rows = []
        for pk, code, name, locality, locality_code, population, geometry in territories:
            status, case_id, certificate_id = statuses[pk]
            lapsed = replace(status, status="vencido") if status.status == "certificado" else None
            listed = (code, name, locality, locality_code, population)
            rows.append(TerritoryPublicStatus(
                territory_id=pk, status=status.status, current_step=status.current_step,
                total_steps=status.total_steps, certificate_number=status.certificate_number,
                certificate_date=status.certificate_date,
                certificate_valid_until=status.certificate_valid_until, revoked_on=status.revoked_on,
                revocation_reason=status.revocation_reason, case_id_source=case_id,
                certificate_id_source=certificate_id,
                feature=feature_of(code, name, locality, geometry, status),
                lapsed_feature=feature_of(code, name, locality, geometry, lapsed) if lapsed else "",
                item=item_of(*listed, status), lapsed_item=item_of(*listed, lapsed) if lapsed else "",
                shape=SHAPE, refreshed_at=timezone.now(),
            ))
        TerritoryPublicStatus.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["territory"], update_fields=_UPDATED)
        written += len(rows)
    return written


def refresh_missing() -> int:
    """Rows for territories that have none, or whose row has an older shape."""
    return refresh(Territory.objects.filter(Q(public_status__isnull=True) | ~Q(public_status__shape=SHAPE))
                   .values_list("pk", flat=True))


def computed_for_missing(territory_ids, today) -> dict[int, PublicStatus]:
    """Readers' fallback for territories whose row is missing: compute, and say so."""
    if not territory_ids:
        return {}
    logger.warning("%d territories have no stored public status; run manage.py refresh_public_status",
                   len(territory_ids))
    return public_status_for(territory_ids, today=today)


def live_texts(territory_ids, today) -> dict[int, tuple[str, str]]:
    """Today's feature and list item of territories without a stored row, computed now."""
    statuses = computed_for_missing(territory_ids, today)
    return {
        pk: (feature_of(code, name, locality, geometry, statuses[pk]),
             item_of(code, name, locality, locality_code, population, statuses[pk]))
        for pk, code, name, locality, locality_code, population, geometry in Territory.objects
        .filter(pk__in=territory_ids)
        .values_list("pk", "code", "name", "locality__name", "locality__code", "population", "geometry")
    }


def _affected_territories(sender, instance) -> set:
    if sender is Territory:
        return {instance.pk}
    if sender is Locality:
        return set(Territory.objects.filter(locality_id=instance.pk).values_list("pk", flat=True))
    if sender is ProcedureVersion:
        return set(Case.objects.filter(procedure_id=instance.pk).values_list("territory_id", flat=True))
    source = "case_id_source" if sender is Case else "certificate_id_source"
    # A case or certificate may have moved: the territory it left must be rewritten too.
    affected = set(TerritoryPublicStatus.objects.filter(**{source: instance.pk})
                   .values_list("territory_id", flat=True))
    if sender is Certificate or instance.kind == Case.Kind.CERTIFICATION:
        affected.add(instance.territory_id)
    return affected


def _on_change(sender, instance, **kwargs):
    refresh(_affected_territories(sender, instance))


def _on_delete(sender, instance, **kwargs):
    if sender is not Territory:  # a territory's own row goes with it (CASCADE)
        refresh(_affected_territories(sender, instance))


def _on_migrate(app_config, using="default", **kwargs):
    # Rows for territories that arrived without signals (fixtures, bulk loads, or
    # before this table existed). Skipped when migrating back past the table.
    if app_config.name == "records" and (
        TerritoryPublicStatus._meta.db_table in connections[using].introspection.table_names()
    ):
        refresh_missing()


def connect():
    for model in (Territory, Locality, ProcedureVersion, Case, Certificate):
        label = model._meta.label
        post_save.connect(_on_change, sender=model, dispatch_uid=f"public-status-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"public-status-delete-{label}")
    post_migrate.connect(_on_migrate, dispatch_uid="public-status-migrate")


# Reading the stored rows (the portal's pages) and texts (the API's territory list, its map
# and the full downloads).

STATUS_COLUMNS = ("territory_id", "status", "current_step", "total_steps", "certificate_number",
                  "certificate_date", "certificate_valid_until", "revoked_on",
                  "revocation_reason")


def status_of_columns(values, today) -> PublicStatus:
    """The public status today from a stored row's values of ``STATUS_COLUMNS[1:]``."""
    return PublicStatus(**dict(zip(STATUS_COLUMNS[1:], values))).as_of(today)


def todays_statuses(territory_ids, today=None) -> dict[int, PublicStatus]:
    """Public route status of these territories today, from their stored rows: one narrow
    query, where computing it reads every case (with its procedure's steps) and certificate.
    Territories without a row yet are computed, and logged."""
    today = today or timezone.localdate()
    ids = [pk for pk in territory_ids if pk is not None]
    statuses = {}
    for row in TerritoryPublicStatus.objects.filter(territory_id__in=ids).values_list(*STATUS_COLUMNS):
        pk, *fields = row
        statuses[pk] = status_of_columns(fields, today)
    statuses.update(computed_for_missing([pk for pk in ids if pk not in statuses], today))
    return statuses


def with_stored_status(queryset, prefix="public_status__"):
    """``queryset`` (of territories, or of what leads to one through ``prefix``) with each
    row's stored status read in the same query, for ``stored_status``."""
    return queryset.annotate(**{f"stored_{column}": F(f"{prefix}{column}")
                                for column in STATUS_COLUMNS[1:]})


def stored_status(row, today) -> PublicStatus:
    """The public status today of a row read through ``with_stored_status`` (one that has
    a stored status)."""
    return PublicStatus(**{column: getattr(row, f"stored_{column}")
                           for column in STATUS_COLUMNS[1:]}).as_of(today)


ITEM_COLUMNS = ("pk", "public_status__item", "public_status__lapsed_item",
                "public_status__certificate_valid_until")


def todays_items(rows, today) -> list[str]:
    """Each row's stored item as of today, computing those not stored yet."""
    missing = [pk for pk, item, _lapsed, _until in rows if not item]
    computed = live_texts(missing, today) if missing else {}
    items = []
    for pk, item, lapsed_item, valid_until in rows:
        if not item:
            items.append(computed[pk][1])
        elif lapsed_item and valid_until < today:
            items.append(lapsed_item)
        else:
            items.append(item)
    return items


def lapsing_feature(today, prefix="public_status__"):
    """Today's version of a stored feature: the lapsed one once its certificate has expired."""
    return CaseWhen(
        When(**{f"{prefix}status": "certificado", f"{prefix}certificate_valid_until__lt": today},
             then=F(f"{prefix}lapsed_feature")),
        default=F(f"{prefix}feature"),
    )
