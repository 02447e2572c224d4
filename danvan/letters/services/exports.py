"""Exports of the letters list (the register as XLSX or CSV) with no cap on the rows.

A list of up to ``INLINE_ROWS`` letters is written during the request. A longer one becomes an
``ExportJob``: the background task (``tasks.export_register``) reads the letters again, in the
person's scope at that time, writes the file with its progress on the job, and only the person
who asked may download it, until it expires (``purge_expired``).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Mapping, Sequence
from typing import Final

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.actors import Viewer
from danvan.letters import exports, selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.exports import ExportFormat
from danvan.letters.forms.staff import LetterFilterForm
from danvan.letters.models import ExportJob, ExportStatus, Letter

logger = logging.getLogger(__name__)

#: Lists up to this many letters are written during the request; longer ones in the background.
INLINE_ROWS: Final = 2_000
#: Rows between two progress updates of a background export.
PROGRESS_EVERY: Final = 1_000
#: Filter names kept with a job (the letters list's query string; the export is in register
#: order, so sorting and paging are dropped, as is anything unknown).
QUERY_KEYS: Final = frozenset(LetterFilterForm.base_fields)

Query = Mapping[str, Sequence[str]]


def query_of(data: QueryDict) -> dict[str, list[str]]:
    """The list filters of a query string, as stored with a job (paging and unknown names
    dropped)."""
    return {k: data.getlist(k) for k in sorted(data) if k in QUERY_KEYS and any(data.getlist(k))}


def letters_for(
    *, viewer: Viewer, query: Query | None = None, ids: Sequence[int] = ()
) -> QuerySet[Letter]:
    """The letters an export writes: the ``ids`` chosen on the list, or the list filtered by
    ``query`` (an invalid value filters nothing), only ever those ``viewer`` may see."""
    if ids:
        return selectors.letter_list(viewer=viewer).filter(pk__in=list(ids))
    data = QueryDict(mutable=True)
    for key, values in (query or {}).items():
        data.setlist(key, list(values))
    filters = LetterFilterForm.for_viewer(data, viewer).filters()
    return selectors.letter_list(viewer=viewer, filters=filters)


def file_name(fmt: ExportFormat, on: dt.date | None = None) -> str:
    stamp = (on or timezone.localdate()).strftime("%Y%m%d")
    return f"so-don-{stamp}.{fmt.value}"


@transaction.atomic
def queue_export(
    *, viewer: Viewer, fmt: ExportFormat, query: Query | None = None, ids: Sequence[int] = ()
) -> ExportJob:
    """Record an export of the letters ``letters_for`` gives and start it in the background
    once this transaction commits."""
    from danvan.letters import tasks

    if viewer.pk is None:  # only a signed-in person has exports to come back to
        raise PermissionDenied
    total = letters_for(viewer=viewer, query=query, ids=ids).count()
    job = ExportJob.objects.create(
        user_id=viewer.pk,
        fmt=fmt.value,
        query={k: list(v) for k, v in (query or {}).items()},
        ids=list(ids),
        rows_total=total,
    )
    audit.record(
        action=AuditAction.REGISTER_EXPORT_QUEUED,
        actor=viewer,
        target=job,
        extra={"rows": total, "format": fmt.value},
    )
    # robust: a queue that cannot be reached leaves the job waiting; the page says so.
    transaction.on_commit(lambda: tasks.export_register.enqueue(job_id=job.pk), robust=True)
    return job


def run_export(job_id: int) -> ExportJob | None:
    """Write the file of a waiting job, its progress saved as it goes; None when there is no
    such job or it has already been started (a task delivered twice)."""
    started = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not started:
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    fmt = ExportFormat(job.fmt)
    user = job.user
    letters = letters_for(viewer=user, query=job.query, ids=job.ids)
    total = letters.count()
    ExportJob.objects.filter(pk=job_id).update(rows_total=total)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(rows_done=done)

    try:
        with tempfile.TemporaryFile() as out:
            rows = exports.write_register(
                out, viewer=user, letters=letters, fmt=fmt, progress=progress,
                every=PROGRESS_EVERY,
            )  # fmt: skip
            out.seek(0)
            job.file.save(file_name(fmt, job.created_at.date()), File(out), save=False)
    except Exception:
        # The person sees that it failed and may ask again; the cause goes to the log only.
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.FAILED,
            error=_("The file could not be written. Please try again."),
            finished_at=timezone.now(),
        )
    else:
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.DONE,
            file=job.file.name,
            rows_total=rows,
            rows_done=rows,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def jobs_of(viewer: Viewer) -> QuerySet[ExportJob]:
    """The exports a person asked for and may still download or follow (newest first)."""
    if viewer.pk is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user_id=viewer.pk, expires_at__gt=timezone.now()).order_by(
        "-created_at"
    )


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the expired exports and their files; return how many."""
    expired = ExportJob.objects.filter(expires_at__lte=now or timezone.now())
    removed = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
