"""factory_boy factories for the documents context (settings rows; documents are issued through
the service in tests)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from danvan.documents.models import IssuerProfile, PartyTerm
from danvan.organizations.tests.factories import UnitFactory


class IssuerProfileFactory(DjangoModelFactory[IssuerProfile]):
    class Meta:
        model = IssuerProfile

    unit = factory.SubFactory(UnitFactory)
    symbol = "UBND"
    place = "Hà Nội"
    parent_body_line = ""
    signer_authority = "T/M ỦY BAN NHÂN DÂN"
    signer_position = "CHỦ TỊCH"
    signer_name = "Trần Văn Bảo"


class PartyTermFactory(DjangoModelFactory[PartyTerm]):
    class Meta:
        model = PartyTerm

    unit = factory.SubFactory(UnitFactory, kind="party_committee")
    name = "2020-2025"
    starts_on = dt.date(2020, 10, 16)
    ends_on = dt.date(2025, 10, 15)
