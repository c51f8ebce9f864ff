"""What a case's page shows the person working it (reads only).

The current step with what it still needs (declared records not yet filed, the
first rule that refuses to close it, in the engine's own Spanish words), the
decision it asks for, and the timeline of past steps with who and when.  The
rules themselves live in records.services (cases, rules): this module only asks
them, so the page and the engine can never disagree.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from records.models import Case, CaseStep, Transition
from records.services import cases as engine
from records.services import rules


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
