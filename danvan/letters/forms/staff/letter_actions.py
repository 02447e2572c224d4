"""Forms of the actions on a letter before it becomes a case: classify, handle, split, group."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.core.form_fields import (
    INT16_MAX,
    BoundedIntegerField,
    BoundedModelMultipleChoiceField,
    CleanCharField,
)
from danvan.letters.choices import (
    GROUNDS_BY_KIND,
    AnonymousOutcome,
    ContestedKind,
    DenouncedStanding,
    IneligibilityGround,
    LetterKind,
    ProtectedInterest,
    ProtectionMeans,
    ReResolutionGround,
    ReviewOutcome,
)
from danvan.letters.forms.staff.common import (
    TEXT_MAX,
    active_units,
    date_field,
    text_field,
)
from danvan.letters.models import Case, Letter
from danvan.letters.services.handling import Classification, Part
from danvan.organizations import selectors as org_selectors
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Unit
from danvan.workflow.forms import VersionedForm

ELIGIBILITY_CHOICES = [
    ("yes", _("Eligible for processing")),
    ("no", _("Not eligible")),
    ("unknown", _("Not yet determined")),
]
_ELIGIBLE = {"yes": True, "no": False, "unknown": None}


def ground_choices(kind: str) -> list[tuple[str, Any]]:
    """The legal grounds for ``kind`` (all of them, grouped, for mixed content)."""
    if kind in GROUNDS_BY_KIND:
        return [(g.value, f"{g.label} — {g.value}") for g in GROUNDS_BY_KIND[kind]]
    return [(g.value, f"{g.label} — {g.value}") for g in IneligibilityGround]


class ClassifyForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    matter = forms.ChoiceField(label=_("Matter"), choices=MatterType.choices)
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.filter(active=True).order_by("parent_id", "position", "name"),
        required=False,
        empty_label=_("Not yet known"),
    )
    about = CleanCharField(
        label=_("Body or person the letter is about"), required=False, max_length=255
    )
    about_unit = forms.ModelChoiceField(
        label=_("Body the letter is about"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Not a body of the platform, or not known"),
        help_text=_(
            "For a complaint: the body whose decision or act is complained about; for a "
            "denunciation: where the denounced person works. It guides the proposed unit."
        ),
    )
    # What a complaint is about, or whom a denunciation is about: the resolver is derived from
    # these first (Luật Khiếu nại Art. 7; Luật Tố cáo Art. 12; DOMAIN.md §12.1).
    contested_kind = forms.ChoiceField(
        label=_("A complaint about"),
        choices=[("", _("Not a complaint, or not known")), *ContestedKind.choices],
        required=False,
    )
    contested_number = CleanCharField(
        label=_("Number of the decision"), required=False, max_length=60
    )
    contested_date = date_field(_("Date of the decision or act"), required=False)
    contested_issuer = CleanCharField(
        label=_("Issued or done by"),
        required=False,
        max_length=255,
        help_text=_("The position and name of who signed the decision or acted."),
    )
    denounced_name = CleanCharField(label=_("Person denounced"), required=False, max_length=150)
    denounced_position = CleanCharField(label=_("Their position"), required=False, max_length=150)
    denounced_standing = forms.ChoiceField(
        label=_("Who is denounced"),
        choices=[("", _("Not a denunciation, or not known")), *DenouncedStanding.choices],
        required=False,
        help_text=_(
            "A head or deputy head, or the body itself, is resolved by the head of the body "
            "directly above (Luật Tố cáo Art. 12(1), (6))."
        ),
    )
    denounced_username = CleanCharField(
        label=_("Account of the person denounced"),
        required=False,
        max_length=150,
        help_text=_(
            "The user name, when the person has an account here: they will never resolve, "
            "verify or read the identity of the denouncer."
        ),
    )
    summary = CleanCharField(
        label=_("Summary"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The content in a few lines; it must not name the signers."),
    )
    competent_unit = forms.ModelChoiceField(
        label=_("Competent unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The proposed unit (or a body outside the platform, below)"),
    )
    competent_body = CleanCharField(
        label=_("Competent body outside the platform"), required=False, max_length=255
    )
    override_reason = CleanCharField(
        label=_("Why not the proposed unit"),
        required=False,
        max_length=500,
        help_text=_("Required when you choose a unit other than the one proposed."),
    )
    eligible = forms.ChoiceField(
        label=_("Eligibility"),
        choices=ELIGIBILITY_CHOICES,
        widget=forms.RadioSelect,
        initial="yes",
    )
    ineligibility_ground = forms.ChoiceField(label=_("Legal ground"), required=False, choices=[])
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    pseudonymous = forms.BooleanField(label=_("In another person's name"), required=False)
    sent_to_several = forms.BooleanField(
        label=_("Also sent to other bodies, one of them competent"), required=False
    )
    several_places = forms.BooleanField(label=_("Checks needed at several places"), required=False)
    repeat_of_case_number = CleanCharField(
        label=_("Further denunciation about case number"),
        required=False,
        max_length=40,
        help_text=_(
            "A concluded denunciation case of a unit directly below, reviewed here "
            "(Luật Tố cáo Art. 37). For instance 05/2026/TC."
        ),
    )
    learned_on = date_field(
        _("The complainant received or learned of the decision or act on"),
        required=False,
        help_text=_("The 90-day time to complain runs from this day (Luật Khiếu nại Art. 9)."),
    )
    excused_days = BoundedIntegerField(
        label=_("Days excused"),
        required=False,
        min_value=0,
        max_value=INT16_MAX,
        initial=0,
        help_text=_(
            "Days lost to illness, natural disaster, war, work or study far away or another "
            "objective obstacle: not counted in the time to complain."
        ),
    )
    excused_reason = CleanCharField(
        label=_("Why those days are excused"), required=False, max_length=500
    )
    dismissal = forms.BooleanField(
        label=_("The disciplinary sanction complained of is dismissal"), required=False
    )
    content_redacted = text_field(
        _("Content without identity"),
        required=False,
        max_length=TEXT_MAX,
        rows=8,
        help_text=_(
            "What verifiers and inspectors read: remove every name, address, number and detail "
            "that could identify the denouncer."
        ),
    )

    def __init__(
        self, *args: Any, letter: Letter, with_redacted: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.fields["competent_unit"].queryset = active_units()  # type: ignore[attr-defined]
        self.fields["about_unit"].queryset = active_units()  # type: ignore[attr-defined]
        kind = str(self.data.get(self.add_prefix("kind")) or letter.kind)
        choices = ground_choices(kind)
        self.fields["ineligibility_ground"].choices = [("", _("None")), *choices]  # type: ignore[attr-defined]
        if not with_redacted:
            del self.fields["content_redacted"]

    @staticmethod
    def initial_for(letter: Letter) -> dict[str, Any]:
        eligible = {True: "yes", False: "no", None: "unknown"}[letter.eligible]
        return {
            "version": letter.version,
            "kind": letter.kind,
            "matter": letter.matter,
            "field": letter.field_id,
            "about": letter.about,
            "about_unit": letter.about_unit_id,
            "contested_kind": letter.contested_kind,
            "contested_number": letter.contested_number,
            "contested_date": letter.contested_date,
            "contested_issuer": letter.contested_issuer,
            "denounced_name": letter.denounced_name,
            "denounced_position": letter.denounced_position,
            "denounced_standing": letter.denounced_standing,
            "denounced_username": letter.denounced_user.username
            if letter.denounced_user is not None
            else "",
            "summary": letter.summary,
            "competent_unit": letter.competent_unit_id,
            "competent_body": letter.competent_body,
            "override_reason": letter.routing_override_reason,
            "eligible": eligible if letter.classified_at else "yes",
            "ineligibility_ground": letter.ineligibility_ground,
            "anonymous": letter.anonymous,
            "pseudonymous": letter.pseudonymous,
            "sent_to_several": letter.sent_to_several,
            "content_redacted": letter.content_redacted,
            "repeat_of_case_number": letter.repeat_of_case.number if letter.repeat_of_case else "",
            "learned_on": letter.learned_on,
            "excused_days": letter.excused_days,
            "excused_reason": letter.excused_reason,
            "dismissal": letter.dismissal,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("repeat_of_case_number") or "").strip()
        data["repeat_of_case"] = None
        if number:
            below = org_selectors.descendant_ids([self.letter.unit_id], calendar.today_local())
            found = list(
                Case.objects.filter(number=number, kind=LetterKind.DENUNCIATION, unit_id__in=below)[
                    :2
                ]
            )
            if len(found) != 1:
                self.add_error(
                    "repeat_of_case_number",
                    _("No single denunciation case of a unit below has this number."),
                )
            else:
                data["repeat_of_case"] = found[0]
        return data

    def clean_denounced_username(self) -> Any:
        name = (self.cleaned_data.get("denounced_username") or "").strip()
        if not name:
            return None
        found = User.objects.filter(username=name, is_active=True).first()
        if found is None:
            raise forms.ValidationError(_("No active account has this user name."))
        return found

    def classification(self) -> Classification:
        data = self.cleaned_data
        redacted = data.get("content_redacted") if "content_redacted" in self.fields else None
        return Classification(
            kind=data["kind"],
            matter=data["matter"],
            field=data.get("field"),
            about=data.get("about") or "",
            about_unit=data.get("about_unit"),
            summary=data.get("summary") or "",
            competent_unit=data.get("competent_unit"),
            repeat_of_case=data.get("repeat_of_case"),
            competent_body=data.get("competent_body") or "",
            override_reason=data.get("override_reason") or "",
            eligible=_ELIGIBLE[data["eligible"]],
            ineligibility_ground=data.get("ineligibility_ground") or "",
            anonymous=bool(data.get("anonymous")),
            pseudonymous=bool(data.get("pseudonymous")),
            sent_to_several=bool(data.get("sent_to_several")),
            several_places=bool(data.get("several_places")),
            content_redacted=redacted or None,
            contested_kind=data.get("contested_kind") or "",
            contested_number=data.get("contested_number") or "",
            contested_date=data.get("contested_date"),
            contested_issuer=data.get("contested_issuer") or "",
            denounced_name=data.get("denounced_name") or "",
            denounced_position=data.get("denounced_position") or "",
            denounced_standing=data.get("denounced_standing") or "",
            denounced_user=data.get("denounced_username"),
            learned_on=data.get("learned_on"),
            excused_days=data.get("excused_days") or 0,
            excused_reason=data.get("excused_reason") or "",
            dismissal=bool(data.get("dismissal")),
        )


class CaseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.unit.name}"


class AcceptForm(VersionedForm):
    accepted_on = date_field(_("Accepted on"))
    previous_case = CaseChoiceField(
        label=_("First-time case (for a second-time complaint)"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("None: a first-time letter"),
        help_text=_("First-time complaint cases of the units below, of the same person."),
    )
    previous_case_number = CleanCharField(
        label=_("Or the number of the first-time case"),
        required=False,
        max_length=40,
        help_text=_("For instance 05/2026/KN."),
    )
    new_facts = forms.BooleanField(
        label=_("The letter brings new facts or evidence"),
        required=False,
        help_text=_("Needed to accept a letter with the same content as one already handled."),
    )

    def __init__(
        self,
        *args: Any,
        letter: Letter,
        candidates: QuerySet[Case],
        searchable: QuerySet[Case],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["previous_case"].queryset = candidates  # type: ignore[attr-defined]
        self.searchable_cases = searchable
        if letter.kind != "complaint":
            del self.fields["previous_case"]
            del self.fields["previous_case_number"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("previous_case_number") or "").strip()
        if number and data.get("previous_case") is None and "previous_case" in self.fields:
            found = list(self.searchable_cases.filter(number=number)[:2])
            if len(found) != 1:
                self.add_error(
                    "previous_case_number",
                    _("No single first-time complaint case of a unit below has this number.")
                    if not found
                    else _("Several cases have this number: choose it from the list."),
                )
            else:
                data["previous_case"] = found[0]
        return data


class NotAcceptForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Legal ground"), choices=[])
    note = text_field(_("Explanation for the citizen"), required=False)

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = ground_choices(letter.kind)  # type: ignore[attr-defined]


class _ToBodyForm(VersionedForm):
    to_unit = forms.ModelChoiceField(
        label=_("Competent unit on the platform"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Not on the platform (name it below)"),
    )
    to_body = CleanCharField(label=_("Or the competent body"), required=False, max_length=255)

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = active_units(exclude=[letter.unit_id])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_unit") is None and not data.get("to_body") and "to_body" not in self.errors:
            self.add_error("to_body", _("Choose a unit or name the competent body."))
        return data


class ForwardForm(_ToBodyForm):
    reason = text_field(_("Reason"), required=False)


class GuideForm(_ToBodyForm):
    guidance = text_field(_("Guidance for the citizen"), rows=5)


class ArchiveForm(VersionedForm):
    reason = text_field(_("Why the letter is filed"))


class AnonymousRouteForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AnonymousOutcome.choices, widget=forms.RadioSelect
    )
    reason = text_field(_("Reason"))
    to_unit = forms.ModelChoiceField(
        label=_("Unit to forward to (for management purposes)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Not on the platform (name it below)"),
    )
    to_body = CleanCharField(label=_("Or the body"), required=False, max_length=255)

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = active_units(exclude=[letter.unit_id])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == AnonymousOutcome.FORWARD
            and data.get("to_unit") is None
            and not data.get("to_body")
        ):
            self.add_error("to_body", _("Choose a unit or name the body to forward to."))
        return data


SPLIT_PARTS = 4
_PART_KINDS = [(k.value, k.label) for k in LetterKind if k != LetterKind.MIXED]


class SplitForm(VersionedForm):
    """Two to four parts, each with its kind, subject and content; empty parts are ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, SPLIT_PARTS + 1):
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Kind of part %(n)d") % {"n": i},
                choices=[("", _("Not used")), *_PART_KINDS],
                required=False,
            )
            self.fields[f"subject_{i}"] = CleanCharField(
                label=_("Subject of part %(n)d") % {"n": i}, required=False, max_length=255
            )
            self.fields[f"content_{i}"] = text_field(
                _("Content of part %(n)d") % {"n": i},
                required=False,
                max_length=TEXT_MAX,
                rows=4,
            )

    def part_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"kind_{i}"], self[f"subject_{i}"], self[f"content_{i}"]]
            for i in range(1, SPLIT_PARTS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used = 0
        for i in range(1, SPLIT_PARTS + 1):
            kind, subject, content = (
                data.get(f"kind_{i}"),
                data.get(f"subject_{i}"),
                data.get(f"content_{i}"),
            )
            if not (kind or subject or content):
                continue
            used += 1
            for name, value in (("kind", kind), ("subject", subject), ("content", content)):
                if not value:
                    self.add_error(f"{name}_{i}", _("Fill in every box of a part you use."))
        if used < 2:
            raise forms.ValidationError(_("Give at least two parts."), code="parts")
        return data

    def parts(self) -> list[Part]:
        data = self.cleaned_data
        return [
            Part(kind=data[f"kind_{i}"], subject=data[f"subject_{i}"], content=data[f"content_{i}"])
            for i in range(1, SPLIT_PARTS + 1)
            if data.get(f"kind_{i}")
        ]


class LetterChoicesField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.register_label} — {obj.subject}"


class ClusterForm(VersionedForm):
    title = CleanCharField(
        label=_("Title of the cluster"),
        max_length=255,
        help_text=_("The shared problem and place, e.g. “Ngập úng ngõ 12 phố Trần Phú”."),
    )
    letters = LetterChoicesField(
        label=_("Letters to group with this one"),
        queryset=Letter.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, candidates: QuerySet[Letter], creating: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letters"].queryset = candidates  # type: ignore[attr-defined]
        # On the page a cluster is made of this letter and at least one of the candidates.
        self.fields["letters"].required = True
        if not creating:
            del self.fields["title"]
            self.fields["letters"].label = _("Letters to add to the cluster")


class RedactedCopyForm(VersionedForm):
    file = forms.FileField(
        label=_("Redacted copy"),
        help_text=_("The same file with every name, address, signature and handwriting covered."),
    )


__all__ = [
    "AcceptForm",
    "AnonymousRouteForm",
    "ArchiveForm",
    "ClassifyForm",
    "ClusterForm",
    "ForwardForm",
    "GuideForm",
    "NotAcceptForm",
    "RedactedCopyForm",
    "SplitForm",
]


class ReviewForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds to resolve again"),
        choices=ReResolutionGround.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = text_field(_("Reasons"))
    decided_on = date_field(_("Decision date"))


class ProtectionForm(VersionedForm):
    interests = forms.MultipleChoiceField(
        label=_("To protect"),
        choices=ProtectedInterest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    requested_on = date_field(_("Requested on"))
    means = forms.ChoiceField(label=_("Requested by"), choices=ProtectionMeans.choices)
    details = text_field(_("Request"), required=False)
    measures = text_field(_("Measures decided"), required=False)
    decided_by_name = CleanCharField(label=_("Decided by"), required=False, max_length=255)
    decided_on = date_field(_("Decided on"), required=False)
    outcome = text_field(_("Outcome"), required=False)


class RepresentativesForm(VersionedForm):
    representatives = forms.TypedMultipleChoiceField(
        label=_("Representatives"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )
    every_signature = forms.BooleanField(
        label=_("Every complainant signed the letter"),
        required=False,
        help_text=_("A group complaint is accepted only with every signature (TT 07/2013 Art. 5)."),
    )
    recorded_on = date_field(_("Written appointment received on"))

    def __init__(self, *args: Any, signer_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representatives"].choices = signer_choices  # type: ignore[attr-defined]
