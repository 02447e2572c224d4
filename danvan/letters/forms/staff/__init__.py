"""Back-office forms of the letters context."""

from danvan.letters.forms.staff.case_actions import (
    ArchiveFileForm,
    AssignForm,
    CloseFileForm,
    ComplexityForm,
    DecideForm,
    ExtendForm,
    NoteForm,
    PublishForm,
    ResumeForm,
    SendForm,
    SuspendForm,
    TerminateForm,
    WithdrawForm,
)
from danvan.letters.forms.staff.entry import LetterEntryForm, SignerForm, SignerFormSet
from danvan.letters.forms.staff.letter_actions import (
    AcceptForm,
    AnonymousRouteForm,
    ArchiveForm,
    ClassifyForm,
    ClusterForm,
    ForwardForm,
    GuideForm,
    NotAcceptForm,
    RedactedCopyForm,
    SplitForm,
)
from danvan.letters.forms.staff.lists import CaseFilterForm, LetterFilterForm
from danvan.workflow.forms import VersionedForm

__all__ = [
    "AcceptForm",
    "AnonymousRouteForm",
    "ArchiveFileForm",
    "ArchiveForm",
    "AssignForm",
    "CaseFilterForm",
    "ClassifyForm",
    "CloseFileForm",
    "ClusterForm",
    "ComplexityForm",
    "DecideForm",
    "ExtendForm",
    "ForwardForm",
    "GuideForm",
    "LetterEntryForm",
    "LetterFilterForm",
    "NotAcceptForm",
    "NoteForm",
    "PublishForm",
    "RedactedCopyForm",
    "ResumeForm",
    "SendForm",
    "SignerForm",
    "SignerFormSet",
    "SplitForm",
    "SuspendForm",
    "TerminateForm",
    "VersionedForm",
    "WithdrawForm",
]
