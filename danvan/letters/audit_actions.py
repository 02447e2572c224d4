"""The audit action names the letters context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A letter entered its first status (public form, staff entry, or a split's new letter).
    LETTER_RECEIVED = "letters.letter.received", _("Letter received")
    #: A letter moved from one status to another (the letters' workflow).
    LETTER_STATUS = "letters.letter.status", _("Letter status changed")
    #: A case's answer was sent to the letter's senders.
    LETTER_ANSWERED = "letters.letter.answered", _("Answer sent to the senders")
    #: A sender rated the handling of their letter.
    LETTER_RATED = "letters.letter.rated", _("Handling rated by the sender")
    #: An accepted letter opened a case.
    CASE_OPENED = "letters.case.opened", _("Case opened")
    #: A case moved from one status to another (the cases' workflow).
    CASE_STATUS = "letters.case.status", _("Case status changed")
    #: A case was assigned to an officer.
    CASE_ASSIGNED = "letters.case.assigned", _("Case assigned")
    #: A note was added to a case.
    CASE_NOTE = "letters.case.note", _("Note added to the case")
    #: A case was marked complicated, with its grounds (it may get a longer time limit).
    CASE_COMPLEXITY = "letters.case.complexity", _("Case marked complicated")
    #: A case's time limit was extended.
    CASE_EXTENDED = "letters.case.extended", _("Case time limit extended")
    #: A written withdrawal (of all or part of the letter) was recorded on a case.
    CASE_WITHDRAWAL = "letters.case.withdrawal", _("Withdrawal recorded")
    #: The head assigned verification of a case to a unit and a team.
    CASE_VERIFICATION_ASSIGNED = "letters.case.verification_assigned", _("Verification assigned")
    #: A verifier or the resolver declared their ties (or none) on a case.
    CASE_TIE_DECLARED = "letters.case.tie_declared", _("Ties declared")
    #: Someone was recused from a case for a declared tie.
    CASE_RECUSAL = "letters.case.recusal", _("Person recused from the case")
    #: The verification team's leader submitted the report.
    CASE_VERIFICATION_REPORTED = (
        "letters.case.verification_reported",
        _("Verification report submitted"),
    )
    #: A case's outcome was published.
    CASE_PUBLISHED = "letters.case.published", _("Case outcome published")
    #: A case file was closed (the decision sent and, where required, published).
    CASE_FILE_CLOSED = "letters.case_file.closed", _("Case file closed")
    #: A closed case file was handed to the archive.
    CASE_FILE_ARCHIVED = "letters.case_file.archived", _("Case file archived")
    #: A case file was exported as one PDF.
    CASE_FILE_EXPORTED = "letters.case_file.exported", _("Case file exported")
    #: A party case entered the party track.
    PARTY_CASE_OPENED = "letters.party_case.opened", _("Party case opened")
    #: A party case moved from one status to another (the party track's workflow).
    PARTY_CASE_STATUS = "letters.party_case.status", _("Party case status changed")
    #: A note was added to a party case, or it was linked to a state case.
    PARTY_CASE_CHANGED = "letters.party_case.changed", _("Party case updated")
    #: A state body recorded that it informed the managing party organisation.
    PARTY_INFORMED = "letters.case.party_informed", _("Party organisation informed")
    #: A cluster of letters on the same matter was created.
    CLUSTER_CREATED = "letters.cluster.created", _("Group of letters created")
    #: Letters were added to a cluster.
    CLUSTER_LETTERS_ADDED = "letters.cluster.letters_added", _("Letters added to a group")
    #: A redacted copy of an attachment was added.
    ATTACHMENT_REDACTED = "letters.attachment.redacted", _("Redacted copy of an attachment added")
    #: Someone read a protected letter's signers (or opened a file that shows them).
    IDENTITY_READ = "letters.identity.read", _("Signers' identity read")
    #: A letter's tracking was locked after too many wrong PINs.
    TRACKING_LOCKED = "letters.tracking.locked", _("Letter tracking locked")
    #: A signature method was chosen to count, or not, as signing.
    SIGNATURE_METHOD_SET = "letters.signature_method.set", _("Signature method set")
    #: The register of letters was exported to a workbook.
    REGISTER_EXPORTED = "letters.register.exported", _("Register of letters exported")
    #: An export of a long list of letters was asked for, to be written in the background.
    REGISTER_EXPORT_QUEUED = "letters.register.export_queued", _("Export of letters requested")
    #: A required notice or copy of a denunciation case was recorded as sent.
    CASE_NOTICE_SENT = "letters.case.notice_sent", _("Notice recorded as sent")
    #: A measure ordered by a denunciation conclusion was ordered or recorded as done.
    CASE_MEASURE = "letters.case.measure", _("Conclusion measure recorded")
    #: A file showing signs of a crime was sent to the investigators or the procuracy.
    CRIME_REFERRAL = "letters.letter.crime_referral", _("File sent on signs of a crime")
    #: A denouncer's request for protection was recorded or updated.
    PROTECTION_REQUEST = "letters.letter.protection_request", _("Protection request recorded")
    #: The date the complainant received a decision was recorded (Luật Khiếu nại Art. 33).
    CASE_DECISION_RECEIVED = "letters.case.decision_received", _("Receipt of the decision recorded")
    #: A dialogue invitation, or whether the complainant came, was recorded (Art. 30, 39).
    CASE_DIALOGUE_INVITATION = "letters.case.dialogue_invitation", _("Dialogue invitation recorded")
    #: The execution of the contested decision was suspended, or the suspension lifted (Art. 35).
    CASE_EXECUTION_SUSPENSION = (
        "letters.case.execution_suspension",
        _("Suspension of execution recorded"),
    )
    #: The representatives of a group complaint were recorded (TT 07/2013/TT-TTCP Art. 5).
    LETTER_REPRESENTATIVES = (
        "letters.letter.representatives",
        _("Representatives of a group complaint recorded"),
    )
    #: A one-time code was sent to a letter's signer from the tracking page.
    TRACKING_CODE_SENT = "letters.tracking.code_sent", _("Tracking code sent to the writer")
    #: A signer confirmed the code: the tracking page opened their own letter in full.
    TRACKING_CONFIRMED = "letters.tracking.confirmed", _("Writer confirmed on the tracking page")
    #: A code typed on the tracking page was refused (wrong, expired, used or locked).
    TRACKING_CONFIRM_REFUSED = (
        "letters.tracking.confirm_refused",
        _("Tracking code refused"),
    )
    #: A signer downloaded a notice addressed to them from the tracking page.
    TRACKING_DOCUMENT_DOWNLOADED = (
        "letters.tracking.document_downloaded",
        _("Notice downloaded by the writer"),
    )
    #: A notice addressed to a citizen was recorded as mailed.
    NOTICE_MAILED = "letters.notice.mailed", _("Notice recorded as mailed")
