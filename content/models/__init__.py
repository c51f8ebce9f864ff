"""Page types of the public portal, one module per section."""

from content.models.base import HomePage, InformationPage, MissionPage, StrategicObjective
from content.models.entity import EntitySettings
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
    "EntitySettings",
    "GlossaryTerm",
    "HomePage",
    "InformationPage",
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
