"""Vietnam's administrative units (two levels since 01/7/2025), loaded from a maintained package."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass


class DivisionType(models.TextChoices):
    # Provincial level (NQ 202/2025/QH15): 28 provinces and 6 centrally-run cities.
    PROVINCE = "tinh", _("Province")
    CENTRAL_CITY = "thanh_pho_trung_uong", _("Centrally-run city")
    # Commune level: communes, wards and special zones.
    COMMUNE = "xa", _("Commune")
    WARD = "phuong", _("Ward")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


class Province(models.Model):
    """A provincial-level unit. ``code`` is the GSO code as a zero-padded string ("01")."""

    retention = Retention(
        RetentionClass.NONE,
        not_personal={"name": "the province's name", "phone_code": "the province's area code"},
    )

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=30, choices=DivisionType.choices)
    codename = models.CharField(_("code name"), max_length=100)
    phone_code = models.PositiveSmallIntegerField(_("phone area code"), null=True, blank=True)
    data_version = models.CharField(_("data version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A commune-level unit (xã, phường, đặc khu). ``code`` is the GSO code, five digits."""

    retention = Retention(RetentionClass.NONE, not_personal={"name": "the commune's name"})

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="wards"
    )
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=30, choices=DivisionType.choices)
    codename = models.CharField(_("code name"), max_length=100)
    data_version = models.CharField(_("data version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    # Attributes the law needs (DOMAIN.md §8): set by administrators, never by the import.
    remote_area = models.BooleanField(_("remote or disadvantaged area"), default=False)
    border_area = models.BooleanField(_("border area"), default=False)
    island = models.BooleanField(_("island"), default=False)
    mountainous = models.BooleanField(_("mountainous"), default=False)
    ethnic_minority_area = models.BooleanField(_("ethnic minority area"), default=False)

    class Meta:
        ordering = ["province_id", "code"]
        verbose_name = _("commune-level unit")
        verbose_name_plural = _("commune-level units")

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"
