"""The «my work» panel at the top of /admin/: what waits for the person who logged in,
each count a link to the list it counts."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from citizens.models import Petition
from citizens.services import pqrsd
from citizens.services.permissions import sees_all, visible_petitions
from records import workspace
from records.services.permissions import sees_all_territories

register = template.Library()

URGENCIES = [("vencida", "PQRSD vencidas"), ("por_vencer", "PQRSD que vencen en 3 días hábiles o menos"),
             ("abiertas", "PQRSD abiertas")]


@register.inclusion_tag("admin/includes/my_work.html", takes_context=True)
def my_work(context):
    user = context["request"].user
    panel = {"cases": [], "commitments": None, "petitions": [], "territories": [], "units": []}
    if user.has_perm("records.view_case"):
        panel["cases"] = workspace.my_cases_by_step(user)
    if user.has_perm("records.view_commitment"):
        panel["commitments"] = workspace.overdue_commitments(user)
    if sees_all_territories(user) and user.has_perm("records.view_case"):
        panel["territories"] = workspace.territory_overview(user)
    if user.has_perm("citizens.view_petition"):
        today = timezone.localdate()
        petitions = visible_petitions(user, Petition.objects.all())
        changelist = reverse("admin:citizens_petition_changelist")
        panel["petitions"] = [
            workspace.Count(label, pqrsd.by_urgency(petitions, key, today).count(),
                            f"{changelist}?{urlencode({'vencimiento': key})}",
                            urgent=key != "abiertas")
            for key, label in URGENCIES]
        if sees_all(user):
            panel["units"] = _by_unit(petitions, today, changelist)
    panel["empty"] = not any(panel[k] for k in ("cases", "petitions", "territories")) and not (
        panel["commitments"] and panel["commitments"].count)
    return panel


def _by_unit(petitions, today, changelist):
    rows = {}
    for key in ("abiertas", "vencida"):
        for unit_id, name in pqrsd.by_urgency(petitions, key, today).values_list(
                "unit_id", "unit__name"):
            row = rows.setdefault(unit_id, {"name": name or "Sin asignar", "abiertas": 0,
                                            "vencida": 0})
            row[key] += 1
    for unit_id, row in rows.items():
        query = {"vencimiento": "abiertas"}
        if unit_id is not None:
            query["unit__id__exact"] = unit_id
        row["url"] = f"{changelist}?{urlencode(query)}"
    return sorted(rows.values(), key=lambda r: (-r["vencida"], r["name"]))
