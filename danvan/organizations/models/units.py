"""Units of the political system and the dated tree that joins them (DOMAIN.md §9)."""

from __future__ import annotations

import datetime as dt
from typing import Final, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import NO_PERSONAL_DATA, Retention, RetentionClass
from danvan.organizations.models.areas import Province, Ward
from danvan.organizations.models.dated import Dated, DatedQuerySet, dated_constraints

#: Cấp huyện was abolished when two-level local government began (DOMAIN.md §8).
DISTRICT_LEVEL_ABOLISHED_ON: Final = dt.date(2025, 7, 1)


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")  # cấp ủy, đảng ủy
    PARTY_BOARD = "party_board", _("Board of a party committee")  # e.g. Ban Tuyên giáo và Dân vận
    INSPECTION_COMMITTEE = "inspection_committee", _("Party inspection committee")  # UBKT
    PARTY_OFFICE = "party_office", _("Office of a party committee")  # Văn phòng cấp ủy
    PARTY_ORGANISATION = "party_organisation", _("Party organisation")  # đảng bộ
    PARTY_CELL = "party_cell", _("Party cell")  # chi bộ
    PEOPLES_COUNCIL = "peoples_council", _("People's council")  # HĐND
    PEOPLES_COMMITTEE = "peoples_committee", _("People's committee")  # UBND
    STATE_DEPARTMENT = "state_department", _("Specialised department")  # sở, phòng
    STATE_OFFICE = "state_office", _("State office")  # văn phòng
    INSPECTORATE = "inspectorate", _("Inspectorate")  # thanh tra
    FRONT_COMMITTEE = "front_committee", _("Fatherland Front committee")  # Ủy ban MTTQ
    # Under the Front since NQ 203/2025/QH15 (Constitution Art. 9 as amended).
    SOCIO_POLITICAL = "socio_political", _("Socio-political organisation")
    # Historical: the Đảng ủy Khối ended in 2025 (DOMAIN.md §9).
    SECTOR_PARTY_COMMITTEE = "sector_party_committee", _("Sector party committee (historical)")
    OTHER = "other", _("Other")


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    # Historical: abolished on 01/7/2025 (two-level local government).
    DISTRICT = "district", _("District (historical)")
    COMMUNE = "commune", _("Commune")
    OTHER = "other", _("Other")


class DocumentFormat(models.TextChoices):
    """Which rules a unit's documents follow (DOMAIN.md §5)."""

    ND30 = "nd30", _("State format (Decree 30/2020/NĐ-CP)")
    HD36 = "hd36", _("Party format (Guidance 36-HD/VPTW)")


PARTY_KINDS: Final = frozenset(
    {
        UnitKind.PARTY_COMMITTEE,
        UnitKind.PARTY_BOARD,
        UnitKind.INSPECTION_COMMITTEE,
        UnitKind.PARTY_OFFICE,
        UnitKind.PARTY_ORGANISATION,
        UnitKind.PARTY_CELL,
        UnitKind.SECTOR_PARTY_COMMITTEE,
    }
)
HISTORICAL_KINDS: Final = frozenset({UnitKind.SECTOR_PARTY_COMMITTEE})
HISTORICAL_LEVELS: Final = frozenset({UnitLevel.DISTRICT})


class UnitQuerySet(DatedQuerySet["Unit"]):
    pass


class Unit(Dated):
    """A body of the party, the state, the Front or a socio-political organisation.

    Units are never deleted: a unit that merges or is dissolved gets an ``effective_to`` (and, for
    a merger, ``succeeded_by``), so letters and cases keep pointing at the body valid on their date.
    """

    retention = Retention(
        RetentionClass.NONE,
        not_personal={
            "name": "the body's name",
            "short_name": "the body's short name",
            "identifier_code": "the body's electronic identifier code, not a person's",
            "email": "the office's public address, never a person's",
            "phone": "the office's public telephone, never a person's",
            "address": "the office's address, never a person's",
        },
    )

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("A short unique code used in addresses and exports, e.g. ban-tgdv-tw."),
    )
    identifier_code = models.CharField(
        _("electronic identifier code"),
        max_length=40,
        blank=True,
        help_text=_("The unit's electronic identifier code (mã định danh), if it has one."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=UnitKind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=UnitLevel.choices, default=UnitLevel.OTHER
    )
    document_format = models.CharField(
        _("document format"),
        max_length=10,
        choices=DocumentFormat.choices,
        blank=True,
        help_text=_("Leave empty to follow the kind: party bodies use the party format."),
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("commune-level unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    succeeded_by = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # The office's public contacts, never a person's.
    email = models.EmailField(_("office e-mail"), blank=True)
    phone = models.CharField(_("office telephone"), max_length=30, blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            *dated_constraints("unit"),
            models.UniqueConstraint(
                fields=["identifier_code"],
                condition=~Q(identifier_code=""),
                name="unit_identifier_code_unique",
            ),
        ]
        indexes = [models.Index(fields=["effective_from", "effective_to"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_party_body(self) -> bool:
        return self.kind in PARTY_KINDS

    @property
    def is_historical_kind(self) -> bool:
        return self.kind in HISTORICAL_KINDS or self.level in HISTORICAL_LEVELS

    @property
    def resolved_document_format(self) -> DocumentFormat:
        """The format the unit's documents use: the override, else the kind's default."""
        if self.document_format:
            return DocumentFormat(self.document_format)
        return DocumentFormat.HD36 if self.is_party_body else DocumentFormat.ND30

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        ward: Ward | None = self.ward if self.ward_id is not None else None
        if (
            ward is not None
            and self.province_id is not None
            and ward.province_id != self.province_id
        ):
            errors.setdefault("ward", []).append(
                ValidationError(_("This commune-level unit is not in the chosen province."))
            )
        if ward is not None and self.province_id is None:
            self.province_id = ward.province_id
        start = cast("dt.date | None", self.effective_from)
        if start is not None and self.effective_to is not None and self.effective_to < start:
            errors.setdefault("effective_to", []).append(
                ValidationError(_("A unit cannot end before it starts."))
            )
        if self.kind in HISTORICAL_KINDS and self.effective_to is None:
            errors.setdefault("effective_to", []).append(
                ValidationError(_("This kind of unit no longer exists: give the date it ended."))
            )
        if self.level in HISTORICAL_LEVELS and (
            self.effective_to is None or self.effective_to > DISTRICT_LEVEL_ABOLISHED_ON
        ):
            errors.setdefault("effective_to", []).append(
                ValidationError(
                    _(
                        "The district level was abolished on 01/7/2025: a district unit must end "
                        "on that date or earlier."
                    )
                )
            )
        if self.succeeded_by_id is not None and self.succeeded_by_id == self.pk:
            errors.setdefault("succeeded_by", []).append(
                ValidationError(_("A unit cannot succeed itself."))
            )
        if errors:
            raise ValidationError(errors)


class UnitLinkQuerySet(DatedQuerySet["UnitLink"]):
    pass


class UnitLink(Dated):
    """An edge of the tree: ``child`` sits under ``parent`` from ``effective_from``.

    A child has at most one parent on any date; links never form a cycle; a link lies within both
    units' lives. These rules are checked by ``clean()`` and by the services.
    """

    retention = NO_PERSONAL_DATA

    parent = models.ForeignKey(
        Unit, verbose_name=_("parent unit"), on_delete=models.PROTECT, related_name="child_links"
    )
    child = models.ForeignKey(
        Unit,
        verbose_name=_("subordinate unit"),
        on_delete=models.PROTECT,
        related_name="parent_links",
    )
    #: The parent unit directs the child's work (chỉ đạo): its leaders follow the child's
    #: letters and cases (``organizations.policies.directed_unit_ids``). A link that only places
    #: a unit in the tree (e.g. a body under another for its organisation alone) says False.
    directs = models.BooleanField(
        _("directs its work"),
        default=True,
        help_text=_(
            "The parent unit directs the subordinate unit's work with citizens' letters: its "
            "leaders follow the subordinate unit's letters and cases."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = UnitLinkQuerySet.as_manager()

    class Meta:
        ordering = ["child_id", "effective_from"]
        verbose_name = _("unit link")
        verbose_name_plural = _("unit links")
        constraints = [
            *dated_constraints("unitlink"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("child")), name="unitlink_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "effective_from"]),
            models.Index(fields=["child", "effective_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.parent}"

    def clean(self) -> None:
        from danvan.organizations.validation import check_link

        if None in (cast("int | None", self.parent_id), cast("int | None", self.child_id)):
            return
        if cast("dt.date | None", self.effective_from) is None:
            return
        check_link(
            parent=self.parent,
            child=self.child,
            start=self.effective_from,
            end=self.effective_to,
            exclude_pk=self.pk,
        )
