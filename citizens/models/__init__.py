from citizens.models.enrolment import EnrolmentRequest
from citizens.models.pages import (
    CitizenServicesIndexPage,
    EnrolmentFormPage,
    PetitionFormPage,
    PetitionReportPage,
    PetitionTrackingPage,
)
from citizens.models.notices import Notice
from citizens.models.pqrsd import (
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionType,
    ResponseTerm,
    Sequence,
    Unit,
)

__all__ = [
    "CitizenServicesIndexPage", "EnrolmentFormPage", "EnrolmentRequest", "Notice", "Petition",
    "PetitionAttachment", "PetitionEvent", "PetitionFormPage", "PetitionReportPage",
    "PetitionTrackingPage", "PetitionType", "ResponseTerm", "Sequence", "Unit",
]
