"""The notices addressed to a letter's citizen, and their posting when they go by post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.letters.models.letters import Letter


class CitizenNotice(models.Model):
    """An issued document addressed to the citizen who wrote ``letter`` (the notice of
    acceptance, the decision, the notice of the conclusion...), recorded when it is issued.

    The citizen opens it on the tracking page after confirming a one-time code sent to their
    own contact. One who wrote by post, or left no telephone or e-mail, gets it by post
    (``by_post``): it waits in the unit's outgoing mail until an officer marks it mailed.
    """

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("mailed_by",))

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="citizen_notices")
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("notice"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_post = models.BooleanField(_("sent by post"), default=False)
    mailed_on = models.DateField(_("mailed on"), null=True, blank=True)
    mailed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mailed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice to the citizen")
        verbose_name_plural = _("notices to citizens")
        constraints = [
            models.UniqueConstraint(fields=["letter", "document"], name="citizennotice_unique")
        ]
        indexes = [models.Index(fields=["by_post", "mailed_on"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
