"""Forms of the party track: sending a letter to it, the party case's moves, and the state
body's notice to the party organisation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.form_fields import CleanCharField
from danvan.letters.choices import DisciplineMeasure, StateMeasure
from danvan.letters.forms.staff.common import TEXT_MAX, date_field, text_field
from danvan.workflow.forms import VersionedForm


class PartyTrackForm(VersionedForm):
    note = text_field(_("Note"), required=False, rows=2)


class PartyAcceptForm(VersionedForm):
    accepted_on = date_field(_("Accepted on"))


class PartyRecordForm(VersionedForm):
    recorded_on = date_field(_("Date"))
    note = text_field(_("What was done with the information"), max_length=TEXT_MAX, rows=3)


class PartyVerifyForm(VersionedForm):
    team = text_field(_("Who verifies"), rows=2)
    started_on = date_field(_("Starts on"))


class PartyNoteForm(VersionedForm):
    occurred_on = date_field(_("Date"))
    text = text_field(_("Content"), max_length=TEXT_MAX, rows=5)


class PartyConcludeForm(VersionedForm):
    findings = text_field(_("What the verification found"), max_length=TEXT_MAX, rows=5)
    conclusion = text_field(_("Conclusion"), max_length=TEXT_MAX, rows=5)
    discipline = forms.ChoiceField(
        label=_("Discipline proposed"), choices=DisciplineMeasure.choices
    )
    concluded_on = date_field(_("Concluded on"))


class PartyDisciplineForm(VersionedForm):
    measure = forms.ChoiceField(
        label=_("Form of discipline"),
        choices=[c for c in DisciplineMeasure.choices if c[0] != DisciplineMeasure.NONE],
    )
    text = text_field(_("Grounds of the decision"), max_length=TEXT_MAX, rows=4)
    decided_on = date_field(_("Decided on"))


class PartyCloseForm(VersionedForm):
    sent_on = date_field(_("Sent on"))


class PartyLinkForm(VersionedForm):
    case_number = CleanCharField(
        label=_("Number of the state case"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to remove the link."),
    )


class InformPartyForm(VersionedForm):
    measure = forms.ChoiceField(label=_("Measure"), choices=StateMeasure.choices)
    measure_on = date_field(_("Measure taken on"))
    informed_on = date_field(_("Party organisation informed on"))
    party_body = CleanCharField(label=_("Managing party organisation"), max_length=255)
    reference = CleanCharField(label=_("Reference of the notice"), max_length=255, required=False)
