"""What the API reads and writes, field by field. Output serializers are read-only views of
objects already read through the owning context's selectors and policies."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.documents.models import IssuedDocument
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.organizations.models import Field, Province, Unit, Ward

#: The choice sets that share a field name, named for the schema (SPECTACULAR_SETTINGS).
LETTER_FILTER_STATUS_CHOICES = [("open", _("Open")), *LetterStatus.choices]
CASE_FILTER_STATUS_CHOICES = [("open", _("Open")), *CaseStatus.choices]
PUBLIC_KIND_CHOICES = [
    (LetterKind.FEEDBACK.value, LetterKind.FEEDBACK.label),
    (LetterKind.PETITION.value, LetterKind.PETITION.label),
]

# --- reference data ---------------------------------------------------------------------------


class FieldSerializer(serializers.ModelSerializer[Field]):
    parent = serializers.IntegerField(source="parent_id", allow_null=True, read_only=True)

    class Meta:
        model = Field
        fields = ["id", "code", "name", "parent", "position"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    province = serializers.CharField(source="province_id", allow_null=True, read_only=True)
    ward = serializers.CharField(source="ward_id", allow_null=True, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "identifier_code",
            "name",
            "short_name",
            "kind",
            "level",
            "province",
            "ward",
            "effective_from",
            "effective_to",
        ]


class ProvinceSerializer(serializers.ModelSerializer[Province]):
    class Meta:
        model = Province
        fields = ["code", "name", "division_type", "effective_from", "effective_to"]


class WardSerializer(serializers.ModelSerializer[Ward]):
    province = serializers.CharField(source="province_id", read_only=True)

    class Meta:
        model = Ward
        fields = ["code", "name", "division_type", "province", "effective_from", "effective_to"]


class AddWorkingDaysQuery(serializers.Serializer[Any]):
    start = serializers.DateField(help_text=_("The first day (not counted), YYYY-MM-DD."))
    days = serializers.IntegerField(min_value=0, max_value=3660)


class AddWorkingDaysResult(serializers.Serializer[Any]):
    start = serializers.DateField()
    days = serializers.IntegerField()
    result = serializers.DateField(help_text=_("The days-th working day after start."))


class HolidaysQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=1, max_value=9999)


class HolidaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    kind = serializers.CharField()
    name = serializers.CharField()
    legal_basis = serializers.CharField()


class HolidaysResult(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    days = HolidaySerializer(many=True)


# --- letters and cases (staff) ----------------------------------------------------------------


class UnitRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class LetterFilterQuery(serializers.Serializer[Any]):
    """The staff list's filters (``letters.selectors.LetterFilters``)."""

    q = serializers.CharField(required=False, max_length=200, help_text=_("Search words."))
    status = serializers.ChoiceField(choices=LETTER_FILTER_STATUS_CHOICES, required=False)
    kind = serializers.ChoiceField(choices=LetterKind.choices, required=False)
    unit = serializers.IntegerField(required=False, min_value=1)
    field = serializers.IntegerField(required=False, min_value=1)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    handler = serializers.IntegerField(required=False, min_value=1)
    urgency = serializers.ChoiceField(
        choices=[("overdue", _("Overdue")), ("due_soon", _("Due soon"))], required=False
    )
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    due_from = serializers.DateField(required=False)
    due_to = serializers.DateField(required=False)
    decided_from = serializers.DateField(required=False)
    decided_to = serializers.DateField(required=False)


class LetterListSerializer(serializers.ModelSerializer[Letter]):
    """A letter in a list. A protected letter shows the officer's summary, never the sender's
    own subject, which may name them (Luật Tố cáo Art. 8(3))."""

    register_number = serializers.CharField(source="register_label", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    field = serializers.IntegerField(source="field_id", allow_null=True, read_only=True)
    province = serializers.CharField(source="province_id", allow_null=True, read_only=True)
    ward = serializers.CharField(source="ward_id", allow_null=True, read_only=True)
    subject = serializers.SerializerMethodField()
    protected = serializers.BooleanField(source="identity_protected", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id",
            "register_number",
            "tracking_code",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "channel",
            "unit",
            "field",
            "province",
            "ward",
            "received_on",
            "received_at",
            "due_on",
            "subject",
            "protected",
            "updated_at",
        ]

    def get_subject(self, letter: Letter) -> str:
        return letter.summary if letter.identity_protected else letter.subject


class SignerSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    is_representative = serializers.BooleanField()


class CaseRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    due_on = serializers.DateField()


class LetterDetailSerializer(LetterListSerializer):
    """One letter: its text as the caller may read it (the redacted copy of a protected letter
    for anyone who may not read the identity) and its signers only where the policy allows
    (``identity_hidden`` says when they are withheld)."""

    content = serializers.CharField(read_only=True)
    signers = SignerSerializer(many=True, allow_null=True, read_only=True)
    identity_hidden = serializers.BooleanField(read_only=True)
    case = CaseRefSerializer(allow_null=True, read_only=True)
    place = serializers.CharField(read_only=True)
    about = serializers.CharField(read_only=True)
    letter_date = serializers.DateField(allow_null=True, read_only=True)
    public_answer = serializers.CharField(read_only=True)
    answered_on = serializers.DateField(allow_null=True, read_only=True)

    class Meta(LetterListSerializer.Meta):
        fields = [
            *LetterListSerializer.Meta.fields,
            "letter_date",
            "about",
            "place",
            "content",
            "identity_hidden",
            "signers",
            "case",
            "public_answer",
            "answered_on",
        ]


class CaseSerializer(serializers.ModelSerializer[Case]):
    unit = UnitRefSerializer(read_only=True)
    letter = serializers.IntegerField(source="letter_id", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "letter",
            "unit",
            "kind",
            "kind_label",
            "round",
            "status",
            "status_label",
            "accepted_on",
            "due_on",
            "suspended_since",
            "outcome",
            "decided_on",
            "sent_on",
            "published_on",
            "ended_on",
            "updated_at",
        ]


class CaseQuery(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CASE_FILTER_STATUS_CHOICES, required=False)
    urgency = serializers.ChoiceField(
        choices=[("overdue", _("Overdue")), ("due_soon", _("Due soon"))], required=False
    )
    mine = serializers.BooleanField(required=False, default=False)
    handler = serializers.IntegerField(required=False, min_value=1)


class DocumentSerializer(serializers.ModelSerializer[IssuedDocument]):
    unit = UnitRefSerializer(read_only=True)
    file_available = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = [
            "id",
            "unit",
            "doc_type",
            "number",
            "symbol",
            "title",
            "summary",
            "issued_on",
            "issued_at",
            "signed_at",
            "signature_method",
            "status",
            "confidential",
            "restricted",
            "file_available",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_file_available(self, document: IssuedDocument) -> bool:
        from danvan.documents import policies

        return policies.register_serves_file(document)


class DocumentQuery(serializers.Serializer[Any]):
    unit = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=9999)
    doc_type = serializers.CharField(required=False, max_length=30)


# --- the public: submit and track -------------------------------------------------------------


class PublicLetterInput(serializers.Serializer[Any]):
    """A feedback or a petition from a citizen, with the public form's fields. Complaints and
    denunciations are signed with a one-time code and come in a later version of the API."""

    kind = serializers.ChoiceField(choices=PUBLIC_KIND_CHOICES)
    subject = serializers.CharField(max_length=255)
    content = serializers.CharField(max_length=20000)
    about = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    field = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    province = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    ward = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    letter_date = serializers.DateField(required=False, allow_null=True, default=None)
    anonymous = serializers.BooleanField(required=False, default=False)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    publish_consent = serializers.BooleanField(required=False, default=False)


class SubmitResult(serializers.Serializer[Any]):
    tracking_code = serializers.CharField()
    pin = serializers.CharField(help_text=_("Shown once: keep it with the code."))
    status = serializers.CharField()
    received_on = serializers.DateField()
    unit = serializers.CharField(help_text=_("The unit that received the letter."))
    due_on = serializers.DateField(allow_null=True)


class TrackInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40)
    pin = serializers.CharField(max_length=20)


class TrackStep(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class TrackResult(serializers.Serializer[Any]):
    """What the tracking page shows: never a signer, never a protected letter's own words,
    never an officer's name or note."""

    tracking_code = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    subject = serializers.CharField()
    received_on = serializers.DateField()
    handling_unit = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    history = TrackStep(many=True)
    public_answer = serializers.CharField()
    answered_on = serializers.DateField(allow_null=True)
