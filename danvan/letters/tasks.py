"""Background work of the letters context (``danvan db_worker`` runs it in production).

Arguments are ids only: the database task queue stores them, and must hold no personal data.
"""

from __future__ import annotations

from django_tasks import task

from danvan.letters.services import exports


@task()
def export_register(job_id: int) -> str:
    """Write the file of one export of the letters list (``services.exports.queue_export``
    enqueues it on commit). Returns the job's status afterwards, or ``"skipped"`` when there is
    no such job or it was already started."""
    job = exports.run_export(job_id)
    return "skipped" if job is None else str(job.status)
