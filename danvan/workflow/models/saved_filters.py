"""A person's saved filters of a work list: a name for a query string they use again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass

#: The longest name and query string kept (a query longer than any filter form needs is refused).
NAME_MAX_LENGTH = 80
QUERY_MAX_LENGTH = 2000


class SavedFilter(models.Model):
    """``owner``'s filters of the work list ``list_key`` (``WorkList.name``) saved as ``name``:
    the list's query string (its filters and sort, never a page cursor). Only the owner sees,
    applies or deletes it; applying it opens the list with the query, which the list's own
    filter form validates again (a filter that no longer fits is reported beside its field)."""

    retention = Retention(
        RetentionClass.ACCOUNT,
        personal_fields=("owner", "query"),
        not_personal={"name": "the name a person gives their filters, not a person's name"},
        note=(
            "A preference of the account, kept while it is: the query may hold the words a "
            "person searched for (a name, a phone number), so it is personal data."
        ),
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    list_key = models.CharField(_("work list"), max_length=100)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    query = models.CharField(_("filters"), max_length=QUERY_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_key", "name"], name="savedfilter_one_name_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.list_key}: {self.name}"
