"""Organisations: administrative areas, the field taxonomy, units, competences and memberships."""

from danvan.organizations.models.areas import DivisionType, Province, Ward
from danvan.organizations.models.competences import Competence
from danvan.organizations.models.delegations import Delegation
from danvan.organizations.models.fields import Field
from danvan.organizations.models.memberships import Membership
from danvan.organizations.models.units import (
    DocumentFormat,
    Unit,
    UnitKind,
    UnitLevel,
    UnitLink,
)

__all__ = [
    "Competence",
    "Delegation",
    "DivisionType",
    "DocumentFormat",
    "Field",
    "Membership",
    "Province",
    "Unit",
    "UnitKind",
    "UnitLevel",
    "UnitLink",
    "Ward",
]
