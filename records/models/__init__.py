"""Internal records of the secretariat (seeds 000, 001 and 004)."""

from records.models.activities import Activity, Attendee
from records.models.assistance import TechnicalAssistance
from records.models.audit import AuditEntry
from records.models.cases import Case, CaseRecord, CaseStep, ProcedureVersion, Transition
from records.models.certification import (
    Certificate,
    Commitment,
    CommitteeMember,
    Evaluation,
    MiniAudit,
)
from records.models.public import RowCount, TerritoryPublicStatus
from records.models.territories import (
    Indicator,
    IndicatorValue,
    Locality,
    Territory,
    TerritoryAssignment,
)

__all__ = [
    "Activity", "Attendee", "AuditEntry", "Case", "CaseRecord", "CaseStep", "Certificate",
    "Commitment", "CommitteeMember", "Evaluation", "Indicator", "IndicatorValue", "Locality",
    "MiniAudit", "ProcedureVersion", "RowCount", "TechnicalAssistance", "Territory", "TerritoryAssignment",
    "TerritoryPublicStatus", "Transition",
]
