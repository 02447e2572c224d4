"""The REST API, version 1: thin adapters over the contexts' selectors, policies and services.

Reads (reference data, letters, cases, documents) go through the same selectors and policies
as the staff pages; a citizen's letter goes through the public form's service
(``letters.services.public_intake``) and its tracking through the tracking page's
(``letters.services.tracking``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.api import serializers as s
from danvan.api.authentication import IntegrationUser
from danvan.api.permissions import Public, PublicSubmit, ReadScope
from danvan.api.schema import problem_responses
from danvan.api.scope import letter_policy
from danvan.api.views_base import ApiView, EtagMixin
from danvan.core import calendar
from danvan.documents import policies as document_policies
from danvan.documents import selectors as document_selectors
from danvan.documents import services as document_services
from danvan.documents.models import IssuedDocument
from danvan.documents.types import FileFormat
from danvan.letters import selectors as letter_selectors
from danvan.letters.choices import Channel
from danvan.letters.models import Case, Letter
from danvan.letters.selectors import IdentityHiddenError, LetterFilters
from danvan.letters.services import public_intake, tracking
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.organizations.models import Field, Province, Unit, Ward

_READ_ERRORS = (400, 401, 403, 404, 405)
_PUBLIC_ERRORS = (400, 404, 405)

# --- reference data ---------------------------------------------------------------------------


class _ReferenceList(EtagMixin, generics.ListAPIView):
    """Reference data: public, as the public form needs it."""

    permission_classes = [Public]


@extend_schema(
    tags=["reference"],
    summary="Fields (lĩnh vực)",
    description="The active fields, groups first, in their administrators' order.",
    responses={200: s.FieldSerializer(many=True), **problem_responses(_PUBLIC_ERRORS)},
)
class FieldListApi(_ReferenceList):
    serializer_class = s.FieldSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Field]:
        return Field.objects.filter(active=True).order_by("parent_id", "position", "pk")


@extend_schema(
    tags=["reference"],
    summary="Units",
    description="The units active today.",
    responses={200: s.UnitSerializer(many=True), **problem_responses(_PUBLIC_ERRORS)},
)
class UnitListApi(_ReferenceList):
    serializer_class = s.UnitSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.active_on(calendar.today_local())


@extend_schema(
    tags=["reference"],
    summary="Provinces",
    responses={200: s.ProvinceSerializer(many=True), **problem_responses(_PUBLIC_ERRORS)},
)
class ProvinceListApi(_ReferenceList):
    serializer_class = s.ProvinceSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Province]:
        return Province.objects.filter(effective_to__isnull=True).order_by("code")


@extend_schema(
    tags=["reference"],
    summary="Communes (wards)",
    parameters=[
        OpenApiParameter("province", str, description="Only the communes of this province.")
    ],
    responses={200: s.WardSerializer(many=True), **problem_responses(_PUBLIC_ERRORS)},
)
class WardListApi(_ReferenceList):
    serializer_class = s.WardSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["code"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Ward]:
        qs = Ward.objects.filter(effective_to__isnull=True)
        province = self.request.query_params.get("province", "")
        if province:
            qs = qs.filter(province_id=province[:2])
        return qs


def _query(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


@extend_schema(
    tags=["calendar"],
    summary="Add working days",
    description=(
        "The N-th working day after start (start itself is never counted), on the calendar "
        "the platform's deadlines use: holidays, compensatory days and swapped working "
        "Saturdays included."
    ),
    parameters=[s.AddWorkingDaysQuery],
    responses={200: s.AddWorkingDaysResult, **problem_responses(_PUBLIC_ERRORS)},
)
class AddWorkingDaysApi(ApiView):
    permission_classes = [Public]

    def get(self, request: Request) -> Response:
        data = _query(s.AddWorkingDaysQuery, request)
        result = calendar.add_working_days(data["start"], data["days"])
        return Response(s.AddWorkingDaysResult({**data, "result": result}).data)


@extend_schema(
    tags=["calendar"],
    summary="Days off of a year",
    description="The holidays, compensatory days and additional days off of the year.",
    parameters=[s.HolidaysQuery],
    responses={200: s.HolidaysResult, **problem_responses(_PUBLIC_ERRORS)},
)
class HolidaysApi(ApiView):
    permission_classes = [Public]

    def get(self, request: Request) -> Response:
        year = _query(s.HolidaysQuery, request)["year"]
        days = calendar.days_off(year)
        return Response(s.HolidaysResult({"year": year, "days": days}).data)


# --- letters, cases, documents (staff and integrations) ---------------------------------------


def _letter_filters(request: Request) -> LetterFilters:
    data = _query(s.LetterFilterQuery, request)
    return LetterFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        unit_id=data.get("unit"),
        field_id=data.get("field"),
        channel=data.get("channel", ""),
        handler_id=data.get("handler"),
        urgency=data.get("urgency", ""),
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
        due_from=data.get("due_from"),
        due_to=data.get("due_to"),
        decided_from=data.get("decided_from"),
        decided_to=data.get("decided_to"),
    )


@extend_schema(
    tags=["letters"],
    summary="Letters",
    description=(
        "The letters the caller may see, with the staff list's filters and search. A key of an "
        "integration sees its unit's letters. A protected letter (denunciation content) shows "
        "the officer's summary as its subject."
    ),
    parameters=[s.LetterFilterQuery],
    responses={200: s.LetterListSerializer(many=True), **problem_responses(_READ_ERRORS)},
)
class LetterListApi(EtagMixin, generics.ListAPIView):
    permission_classes = [ReadScope]
    serializer_class = s.LetterListSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["id", "received_at"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Letter]:
        policy = letter_policy(self.request)
        return letter_selectors.letter_list(
            viewer=self.request.user, filters=_letter_filters(self.request), policy=policy
        )


@extend_schema(
    tags=["letters"],
    summary="A letter",
    description=(
        "One letter the caller may see. Its signers are given only where the denouncer-"
        "protection rule lets the caller read them (each such read of a protected identity is "
        "audited); otherwise ``signers`` is null and ``identity_hidden`` true, and a protected "
        "letter's content is its copy without identity."
    ),
    responses={200: s.LetterDetailSerializer, **problem_responses(_READ_ERRORS)},
)
class LetterDetailApi(ApiView):
    permission_classes = [ReadScope]

    def get(self, request: Request, pk: int) -> Response:
        policy = letter_policy(request)
        letter = (
            policy.visible_letters().select_related("unit", "field", "case").filter(pk=pk).first()
        )
        if letter is None:
            raise Http404(_("No such letter."))
        try:
            signers: list[Any] | None = letter_selectors.signers_for(
                viewer=request.user, letter=letter, purpose="api", policy=policy
            )
        except IdentityHiddenError:
            signers = None
        case = letter.case_or_none()
        letter.content = letter_selectors.letter_text_for(
            viewer=request.user, letter=letter, policy=policy
        )
        data = s.LetterDetailSerializer(letter).data
        data["signers"] = (
            s.SignerSerializer(signers, many=True).data if signers is not None else None
        )
        data["identity_hidden"] = signers is None
        data["case"] = s.CaseRefSerializer(case).data if case is not None else None
        return Response(data)


@extend_schema(
    tags=["cases"],
    summary="Cases",
    description="The cases of the letters the caller may see, open ones first.",
    parameters=[s.CaseQuery],
    responses={200: s.CaseSerializer(many=True), **problem_responses(_READ_ERRORS)},
)
class CaseListApi(EtagMixin, generics.ListAPIView):
    permission_classes = [ReadScope]
    serializer_class = s.CaseSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["id", "due_on"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Case]:
        data = _query(s.CaseQuery, self.request)
        return letter_selectors.case_list(
            viewer=self.request.user,
            status=data.get("status", ""),
            urgency=data.get("urgency", ""),
            mine=data.get("mine", False),
            handler_id=data.get("handler"),
            policy=letter_policy(self.request),
        )


@extend_schema(
    tags=["cases"],
    summary="A case",
    responses={200: s.CaseSerializer, **problem_responses(_READ_ERRORS)},
)
class CaseDetailApi(ApiView):
    permission_classes = [ReadScope]

    def get(self, request: Request, pk: int) -> Response:
        case = (
            letter_selectors.case_list(viewer=request.user, policy=letter_policy(request))
            .filter(pk=pk)
            .first()
        )
        if case is None:
            raise Http404(_("No such case."))
        return Response(s.CaseSerializer(case).data)


def _documents(request: Request) -> QuerySet[IssuedDocument]:
    # An integration holds no role over a unit: it sees no document (restricted ones are
    # served only by the context that issued them, after its own checks).
    user = request.user if not isinstance(request.user, IntegrationUser) else AnonymousUser()
    return document_selectors.document_list_for_viewer(viewer=user)


@extend_schema(
    tags=["documents"],
    summary="Issued documents",
    description="The outgoing register of the caller's units: issued documents, newest first.",
    parameters=[s.DocumentQuery],
    responses={200: s.DocumentSerializer(many=True), **problem_responses(_READ_ERRORS)},
)
class DocumentListApi(EtagMixin, generics.ListAPIView):
    permission_classes = [ReadScope]
    serializer_class = s.DocumentSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[IssuedDocument]:
        data = _query(s.DocumentQuery, self.request)
        qs = _documents(self.request)
        if data.get("unit"):
            qs = qs.filter(unit_id=data["unit"])
        if data.get("year"):
            qs = qs.filter(issued_on__year=data["year"])
        if data.get("doc_type"):
            qs = qs.filter(doc_type=data["doc_type"])
        return qs


@extend_schema(
    tags=["documents"],
    summary="An issued document",
    responses={200: s.DocumentSerializer, **problem_responses(_READ_ERRORS)},
)
class DocumentDetailApi(ApiView):
    permission_classes = [ReadScope]

    def get(self, request: Request, pk: int) -> Response:
        document = _documents(request).filter(pk=pk).first()
        if document is None:
            raise Http404(_("No such document."))
        return Response(s.DocumentSerializer(document).data)


@extend_schema(
    tags=["documents"],
    summary="The signed file of an issued document",
    description=(
        "The document as PDF (its signed PDF where it was signed digitally). Refused (403) for a "
        "restricted or confidential document, which only the work it belongs to serves."
    ),
    responses={
        (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
        **problem_responses(_READ_ERRORS),
    },
)
class DocumentFileApi(ApiView):
    permission_classes = [ReadScope]

    def get(self, request: Request, pk: int) -> HttpResponseBase:
        document = _documents(request).filter(pk=pk).first()
        if document is None:
            raise Http404(_("No such document."))
        if not document_policies.can_download_from_register(request.user, document):
            raise exceptions.PermissionDenied(
                _("This document's file is served only by the work it belongs to.")
            )
        response = document_services.document_file_response(
            document, actor=request.user, file_format=FileFormat.PDF
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- the public: send a letter, track it ------------------------------------------------------


@extend_schema(
    tags=["public"],
    summary="Send a feedback or a petition",
    description=(
        "A citizen's feedback (phản ánh) or petition (kiến nghị), under the public form's "
        "rules, routed to the competent unit. No account is needed; a key, when given, needs "
        "the ``submit`` scope. The answer carries the tracking code and the PIN, shown once."
    ),
    request=s.PublicLetterInput,
    responses={201: s.SubmitResult, **problem_responses((400, 401, 403, 405))},
)
class PublicLetterSubmitApi(ApiView):
    permission_classes = [PublicSubmit]

    def post(self, request: Request) -> Response:
        data = s.PublicLetterInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        typed = public_intake.PublicLetter(
            kind=v["kind"],
            subject=v["subject"],
            content=v["content"],
            about=v["about"],
            field_id=v["field"],
            province_code=v["province"],
            ward_code=v["ward"],
            place=v["place"],
            latitude="" if v["latitude"] is None else str(v["latitude"]),
            longitude="" if v["longitude"] is None else str(v["longitude"]),
            letter_date=v["letter_date"].isoformat() if v["letter_date"] else "",
            anonymous=v["anonymous"],
            full_name=v["full_name"],
            phone=v["phone"],
            email=v["email"],
            address=v["address"],
            id_number=v["id_number"],
            publish_consent=v["publish_consent"],
        )
        checked = public_intake.public_letter_check(typed)
        result = public_intake.public_letter_submit(
            letter=checked.letter, checked=checked, request=request._request, channel=Channel.API
        )
        letter = result.letter
        body = s.SubmitResult(
            {
                "tracking_code": result.tracking_code,
                "pin": result.pin,
                "status": letter.status,
                "received_on": letter.received_on,
                "unit": letter.unit.name,
                "due_on": letter.due_on,
            }
        ).data
        return Response(body, status=201, headers={"Cache-Control": "no-store"})


def _status_label(status: str) -> str:
    for choices in (CaseStatus, LetterStatus):
        if status in choices.values:
            return str(choices(status).label)
    return status


def _handling_unit(letter: Letter, case: Case | None) -> str:
    if case is not None:
        return case.unit.name
    if letter.status == LetterStatus.FORWARDED and letter.competent_body:
        return letter.competent_body
    return letter.unit.name


@extend_schema(
    tags=["public"],
    summary="Track a letter by its code and PIN",
    description=(
        "What the public tracking page shows, without an account. A wrong code and a wrong PIN "
        "get the same answer (404); five wrong PINs lock the code for 15 minutes (429, with "
        "Retry-After). POST keeps the PIN out of addresses and logs."
    ),
    request=s.TrackInput,
    responses={200: s.TrackResult, **problem_responses((400, 404, 405, 429))},
)
class PublicTrackApi(ApiView):
    permission_classes = [Public]

    def post(self, request: Request) -> Response:
        data = s.TrackInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            letter = tracking.letter_track(
                code=data.validated_data["code"],
                pin=data.validated_data["pin"],
                request=request._request,
            )
        except tracking.TrackingLockedError as exc:
            raise _Locked(str(exc.message), wait=exc.extra.get("retry_after")) from exc
        except tracking.TrackingError as exc:
            raise exceptions.NotFound(str(exc.message)) from exc
        letter = Letter.objects.select_related("unit", "case__unit").get(pk=letter.pk)
        case = letter.case_or_none()
        status = case.status if case is not None else letter.status
        deadline = letter_selectors.letter_deadline(letter)
        history = [
            {"at": row.at, "status": row.to_status, "status_label": _status_label(row.to_status)}
            for row in letter_selectors.public_history(letter)
        ]
        body = s.TrackResult(
            {
                "tracking_code": letter.tracking_code,
                "kind": letter.kind,
                "kind_label": letter.get_kind_display(),
                "status": status,
                "status_label": _status_label(status),
                "subject": letter.summary if letter.identity_protected else letter.subject,
                "received_on": letter.received_on,
                "handling_unit": _handling_unit(letter, case),
                "due_on": deadline.due_on if deadline is not None else None,
                "history": history,
                "public_answer": letter.public_answer,
                "answered_on": letter.answered_on,
            }
        ).data
        return Response(body, headers={"Cache-Control": "no-store"})


class _Locked(exceptions.Throttled):
    def __init__(self, detail: str, wait: Any = None) -> None:
        super().__init__(wait=float(wait) if wait else None, detail=detail)


__all__ = [
    "AddWorkingDaysApi",
    "CaseDetailApi",
    "CaseListApi",
    "DocumentDetailApi",
    "DocumentFileApi",
    "DocumentListApi",
    "FieldListApi",
    "HolidaysApi",
    "LetterDetailApi",
    "LetterListApi",
    "ProvinceListApi",
    "PublicLetterSubmitApi",
    "PublicTrackApi",
    "UnitListApi",
    "WardListApi",
]
