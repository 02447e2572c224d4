"""The small services the back office added: clusters of letters and redacted copies."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from danvan.core.gate import StaleObjectError
from danvan.core.models import AuditEntry
from danvan.letters.models import Attachment, Letter
from danvan.letters.services import attachments, clusters
from danvan.letters.states import LetterStatus
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> lf.Office:
    return lf.make_office()


def test_cluster_create_groups_letters_bumps_versions_and_is_audited(office):
    lead = lf.receive(office.unit, office.receiver).letter
    other = lf.receive(office.unit, office.receiver, signers=[lf.DENOUNCER]).letter
    cluster = clusters.cluster_create(
        unit=office.unit,
        title="Ngập úng ngõ 12",
        lead=lead,
        letters=[other],
        actor=office.receiver,
        expected_version=lead.version,
    )
    other_version = other.version
    other.refresh_from_db()
    assert other.cluster == cluster
    assert other.version == other_version + 1
    assert cluster.lead == lead
    entry = AuditEntry.objects.get(action="letters.cluster.created")
    assert entry.extra["letters"] == sorted([lead.pk, other.pk])


def test_cluster_create_refuses_a_stale_lead(office):
    lead = lf.receive(office.unit, office.receiver).letter
    old = lead.version
    lf.classify(lead, office.receiver)
    with pytest.raises(StaleObjectError):
        clusters.cluster_create(
            unit=office.unit, title="Cụm", lead=lead, actor=office.receiver, expected_version=old
        )


def test_cluster_refuses_other_units_handled_letters_and_strangers(office):
    elsewhere = lf.make_office("Ủy ban nhân dân xã Khác")
    lead = lf.receive(office.unit, office.receiver).letter
    theirs = lf.receive(elsewhere.unit, elsewhere.receiver).letter
    handled = lf.receive(office.unit, office.receiver, signers=[lf.DENOUNCER]).letter
    Letter.objects.filter(pk=handled.pk).update(status=LetterStatus.ARCHIVED)
    handled.refresh_from_db()
    for bad in (theirs, handled):
        with pytest.raises(clusters.ClusterError):
            clusters.cluster_create(
                unit=office.unit, title="Cụm", lead=lead, letters=[bad], actor=office.receiver
            )
    with pytest.raises(PermissionDenied):
        clusters.cluster_create(unit=office.unit, title="Cụm", lead=lead, actor=office.inspector)
    with pytest.raises(clusters.ClusterError):
        clusters.cluster_create(unit=office.unit, title="  ", lead=lead, actor=office.receiver)


def test_cluster_add_joins_more_letters(office):
    lead = lf.receive(office.unit, office.receiver).letter
    cluster = clusters.cluster_create(
        unit=office.unit, title="Cụm", lead=lead, actor=office.receiver
    )
    later = lf.receive(office.unit, office.receiver, signers=[lf.DENOUNCER]).letter
    clusters.cluster_add(cluster=cluster, letters=[later], actor=office.receiver)
    assert set(cluster.letters.values_list("pk", flat=True)) == {lead.pk, later.pk}
    with pytest.raises(clusters.ClusterError):
        clusters.cluster_add(cluster=cluster, letters=[], actor=office.receiver)
    with pytest.raises(PermissionDenied):
        clusters.cluster_add(cluster=cluster, letters=[later], actor=office.handler)


def test_redacted_copy_replaces_the_earlier_one(office):
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    original = letter.attachments.get()
    first = attachments.attachment_redacted_copy_add(
        attachment=original, actor=office.receiver, upload=lf.png_upload()
    )
    second = attachments.attachment_redacted_copy_add(
        attachment=original, actor=office.receiver, upload=lf.png_upload()
    )
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert Attachment.objects.get(redacted_copy_of=original) == second
    assert AuditEntry.objects.filter(action="letters.attachment.redacted").count() == 2
    with pytest.raises(attachments.AttachmentError):
        attachments.attachment_redacted_copy_add(
            attachment=second, actor=office.receiver, upload=lf.png_upload()
        )


def test_only_identity_readers_redact_and_only_protected_letters(office):
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    original = letter.attachments.get()
    for person in (office.inspector, office.handler):
        with pytest.raises(PermissionDenied):
            attachments.attachment_redacted_copy_add(
                attachment=original, actor=person, upload=lf.png_upload()
            )
    complaint = lf.receive(office.unit, office.receiver, attachments=[lf.png_upload()]).letter
    with pytest.raises(PermissionDenied):
        attachments.attachment_redacted_copy_add(
            attachment=complaint.attachments.get(), actor=office.receiver, upload=lf.png_upload()
        )
