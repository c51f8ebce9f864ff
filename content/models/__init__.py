"""Page types of the public portal, one module per section."""

from content.models.base import HomePage, MissionPage, StrategicObjective
from content.models.documents import DocumentIndexPage, DocumentPage
from content.models.processes import (
    GlossaryTerm,
    ProcedureDefinition,
    ProcedurePage,
    ProcessCardPage,
    ProcessMapPage,
    VersionNote,
)
from content.models.territories import TerritoryIndexPage, TerritoryPage
from content.models.transparency import TransparencyCategoryPage, TransparencyIndexPage

__all__ = [
    "DocumentIndexPage",
    "DocumentPage",
    "GlossaryTerm",
    "HomePage",
    "MissionPage",
    "ProcedureDefinition",
    "ProcedurePage",
    "ProcessCardPage",
    "ProcessMapPage",
    "StrategicObjective",
    "TerritoryIndexPage",
    "TerritoryPage",
    "TransparencyCategoryPage",
    "TransparencyIndexPage",
    "VersionNote",
]
