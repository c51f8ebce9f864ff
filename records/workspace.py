"""What a case's page shows the person working it (reads only).

The current step with what it still needs (declared records not yet filed, the
first rule that refuses to close it, in the engine's own Spanish words), the
decision it asks for, and the timeline of past steps with who and when.  The
rules themselves live in records.services (cases, rules): this module only asks
them, so the page and the engine can never disagree.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count as Total
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from records.models import Case, CaseStep, Commitment, Territory, Transition
from records.services import cases as engine
from records.services import rules
from records.services.permissions import visible


@dataclass
class StepWork:
    step: CaseStep
    code: str
    description: str
    role: str
    declared: list[str]
    filed: list                    # CaseRecord rows of this step
    missing: list[str]
    refusal: str = ""              # why closing would be refused now, if it would
    question: str = ""
    answers: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    @property
    def can_close(self) -> bool:
        return not self.missing and not self.refusal


@dataclass
class CaseWork:
    case: Case
    current: StepWork | None
    steps: list[CaseStep]
    timeline: list[Transition]

    @property
    def progress(self) -> str:
        total = len(self.steps)
        done = sum(1 for s in self.steps if s.status == CaseStep.Status.CLOSED)
        return f"{done} de {total} actividades cerradas"


def case_work(case: Case, user) -> CaseWork:
    steps = list(case.steps.select_related("closed_by").order_by("number"))
    timeline = list(case.transitions.select_related("by").order_by("at", "pk"))
    current = None
    if case.is_open:
        step = next((s for s in steps if s.number == case.current_step), None)
        if step is not None:
            current = _step_work(step, user)
    return CaseWork(case=case, current=current, steps=steps, timeline=timeline)


def _step_work(step: CaseStep, user) -> StepWork:
    definition = step.definition
    missing = engine.missing_records(step)
    refusal = ""
    if not missing:
        try:
            rules.check_close(step, by=user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
    branches = definition.get("branches") or []
    question = branches[0]["question"] if branches else ""
    answers = [o["answer"] for o in branches[0]["outcomes"]] if branches else []
    return StepWork(
        step=step, code=definition.get("code", ""), description=definition["description"],
        role=definition.get("responsible_role", ""), declared=list(definition.get("records", [])),
        filed=list(step.records.select_related("created_by").order_by("created_at")),
        missing=missing, refusal=refusal, question=question, answers=answers,
        rules=[rules.describe(rule) for rule in definition.get("rules", [])],
    )


# --- The «my work» panel of /admin/ --------------------------------------------------


@dataclass
class Count:
    label: str
    count: int
    url: str
    urgent: bool = False


def _case_list(**filters) -> str:
    return reverse("admin:records_case_changelist") + "?" + urlencode(filters)


def my_cases_by_step(user) -> list[Count]:
    """Open cases the user may see, counted by procedure and current step."""
    rows = (visible(Case.objects.filter(status=Case.Status.OPEN), user)
            .values("procedure_key", "procedure__title", "current_step").annotate(n=Total("pk"))
            .order_by("procedure__title", "current_step"))
    # The links filter on the case's own columns: the changelist accepts those in its URL.
    return [Count(f"{row['procedure__title']} · actividad {row['current_step']}", row["n"],
                  _case_list(status__exact=Case.Status.OPEN, current_step=row["current_step"],
                             procedure_key=row["procedure_key"]))
            for row in rows]


def overdue_commitments(user, today=None) -> Count:
    today = today or timezone.localdate()
    count = visible(Commitment.objects.exclude(status__in=Commitment.DONE_STATUSES).filter(due_date__lt=today),
                    user).count()
    url = reverse("admin:records_commitment_changelist") + "?" + urlencode(
        {"due_date__lt": today.isoformat(), "status__in": ",".join(
            s for s in Commitment.Status.values if s not in Commitment.DONE_STATUSES)})
    return Count("Compromisos del pacto vencidos", count, url, urgent=count > 0)


def territory_overview(user) -> list[dict]:
    """Coordinación's view: open cases and overdue commitments, per territory."""
    today = timezone.localdate()
    rows = (visible(Territory.objects.all(), user).order_by("code")
            .annotate(open_cases=Total("cases", filter=Q(cases__status=Case.Status.OPEN),
                                       distinct=True),
                      overdue=Total("cases__commitments", distinct=True, filter=Q(
                          cases__commitments__due_date__lt=today)
                          & ~Q(cases__commitments__status__in=Commitment.DONE_STATUSES))))
    return [{"territory": t, "open_cases": t.open_cases, "overdue": t.overdue,
             "url": _case_list(territory__id__exact=t.pk, status__exact=Case.Status.OPEN)}
            for t in rows if t.open_cases or t.overdue]
