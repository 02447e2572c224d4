"""The audit action names the letters context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["AuditAction"]


@unique
class AuditAction(StrEnum):
    #: A letter entered its first status (public form, staff entry, or a split's new letter).
    LETTER_RECEIVED = "letters.letter.received"
    #: A letter moved from one status to another (the letters' workflow).
    LETTER_STATUS = "letters.letter.status"
    #: A case's answer was sent to the letter's senders.
    LETTER_ANSWERED = "letters.letter.answered"
    #: A sender rated the handling of their letter.
    LETTER_RATED = "letters.letter.rated"
    #: An accepted letter opened a case.
    CASE_OPENED = "letters.case.opened"
    #: A case moved from one status to another (the cases' workflow).
    CASE_STATUS = "letters.case.status"
    #: A case was assigned to an officer.
    CASE_ASSIGNED = "letters.case.assigned"
    #: A note was added to a case.
    CASE_NOTE = "letters.case.note"
    #: A case was marked complicated, with its grounds (it may get a longer time limit).
    CASE_COMPLEXITY = "letters.case.complexity"
    #: A case's time limit was extended.
    CASE_EXTENDED = "letters.case.extended"
    #: A written withdrawal (of all or part of the letter) was recorded on a case.
    CASE_WITHDRAWAL = "letters.case.withdrawal"
    #: A case's outcome was published.
    CASE_PUBLISHED = "letters.case.published"
    #: A party case entered the party track.
    PARTY_CASE_OPENED = "letters.party_case.opened"
    #: A party case moved from one status to another (the party track's workflow).
    PARTY_CASE_STATUS = "letters.party_case.status"
    #: A note was added to a party case, or it was linked to a state case.
    PARTY_CASE_CHANGED = "letters.party_case.changed"
    #: A state body recorded that it informed the managing party organisation.
    PARTY_INFORMED = "letters.case.party_informed"
    #: A cluster of letters on the same matter was created.
    CLUSTER_CREATED = "letters.cluster.created"
    #: Letters were added to a cluster.
    CLUSTER_LETTERS_ADDED = "letters.cluster.letters_added"
    #: A redacted copy of an attachment was added.
    ATTACHMENT_REDACTED = "letters.attachment.redacted"
    #: Someone read a protected letter's signers (or opened a file that shows them).
    IDENTITY_READ = "letters.identity.read"
    #: A letter's tracking was locked after too many wrong PINs.
    TRACKING_LOCKED = "letters.tracking.locked"
    #: A signature method was chosen to count, or not, as signing.
    SIGNATURE_METHOD_SET = "letters.signature_method.set"
    #: The register of letters was exported to a workbook.
    REGISTER_EXPORTED = "letters.register.exported"
