"""Spreadsheets in and out of the records admin (see records.resources.base)."""

from records.resources.base import PermissionAwareResource, resource_for
from records.resources.records import (
    ActivityResource,
    AttendeeResource,
    CommitmentResource,
    CommitteeMemberResource,
    IndicatorValueResource,
    TerritoryResource,
)

__all__ = [
    "ActivityResource", "AttendeeResource", "CommitmentResource", "CommitteeMemberResource",
    "IndicatorValueResource", "PermissionAwareResource", "TerritoryResource", "resource_for",
]
