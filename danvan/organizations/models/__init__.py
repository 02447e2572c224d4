"""Organisations: administrative areas, the field taxonomy, units, competences and memberships."""

from danvan.organizations.models.areas import DivisionType, Province, Ward
from danvan.organizations.models.fields import Field

__all__ = ["DivisionType", "Field", "Province", "Ward"]
