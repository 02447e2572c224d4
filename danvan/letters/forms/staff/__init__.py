"""Back-office forms of the letters context."""

from danvan.letters.forms.staff.case_actions import (
    AssignForm,
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
    ClassifyForm,
    ClusterForm,
    FileForm,
    ForwardForm,
    GuideForm,
    RedactedCopyForm,
    RefuseForm,
    SplitForm,
)
from danvan.letters.forms.staff.lists import CaseFilterForm, LetterFilterForm
from danvan.workflow.forms import VersionedForm

__all__ = [
    "AcceptForm",
    "AnonymousRouteForm",
    "AssignForm",
    "CaseFilterForm",
    "ClassifyForm",
    "ClusterForm",
    "ComplexityForm",
    "DecideForm",
    "ExtendForm",
    "FileForm",
    "ForwardForm",
    "GuideForm",
    "LetterEntryForm",
    "LetterFilterForm",
    "NoteForm",
    "PublishForm",
    "RedactedCopyForm",
    "RefuseForm",
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
