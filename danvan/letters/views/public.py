"""The citizens' pages: send a letter, sign it, see its code once, track it, read published
results. No account is needed; nothing here loads anything from another host, and every page
works without JavaScript.

The flow of a letter:

1. ``LetterSubmitView`` (``/gui-don/``): one form. Without JavaScript the commune list is filled
   by pressing "Show the communes", which shows the form again with everything typed kept.
   Files are checked and kept as draft files at once, so an error elsewhere never loses them.
2. A complaint or a denunciation from a named person goes to ``LetterSignView``: a one-time
   code sent to the phone or e-mail signs it; a photo of the signed letter, or no signature
   (flagged), are the ways out for someone who cannot receive a code.
3. ``LetterSubmittedView`` shows the tracking code and PIN once (POST/redirect/GET).
4. ``LetterTrackView`` (``/tra-cuu/``): code + PIN, then the letter's progress, the answer and the
   rating form. A good PIN keeps the letter open in the session for 15 minutes. What the code and
   PIN show is what any holder of the paper receipt may see: no signer's identity. The person who
   wrote may then ask for a one-time code sent to the contact on file for the letter; confirmed,
   the page shows them, for that letter and that session only and for 10 minutes, their own name,
   the full answer, the notices addressed to them (``LetterTrackDocumentView``, a PDF each) and
   their rights after the decision (``services.citizen_access``).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Final

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import ListView

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.core.throttle import Throttled, minutes_left
from danvan.documents import services as documents
from danvan.letters import files, selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import (
    SIGNED_KINDS,
    IneligibilityGround,
    LetterKind,
    SignatureMethod,
)
from danvan.letters.citizen_rights import rights_after_decision
from danvan.letters.deadlines import Urgency
from danvan.letters.forms.problems import show_problems
from danvan.letters.forms.public import (
    KIND_HINTS,
    AccessCodeForm,
    LetterForm,
    RatingForm,
    SignForm,
    TrackForm,
    error_summary,
    ward_choices,
)
from danvan.letters.models import (
    Case,
    CitizenNotice,
    Letter,
    LetterStatusChange,
    Publication,
    Rating,
    Signer,
)
from danvan.letters.protection import OPEN, public_shields
from danvan.letters.services import cases as case_services
from danvan.letters.services import citizen_access, public_intake
from danvan.letters.services.intake import IntakeError
from danvan.letters.services.paperwork import addressee_signer
from danvan.letters.services.public_intake import DraftFile, PublicLetter
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.uploads import install_upload_handler, refused_uploads
from danvan.notifications.addresses import mask
from danvan.notifications.services import AddressInvalid, CodeError, CodeThrottled
from danvan.workflow.tracking import public_timeline
from danvan.workflow.tracking_views import PublicTrackView, no_store

DRAFT_KEY: Final = "letters.public.draft"
RECEIPT_KEY: Final = "letters.public.receipt"
TRACKED_KEY: Final = "letters.public.tracked"
#: The code sent from the tracking page, waiting to be typed: ``{letter, challenge, channel}``.
CONFIRM_PENDING_KEY: Final = "letters.public.confirm_pending"
#: The letter its signer opened in full: ``{letter, signer, until}``.
CONFIRMED_KEY: Final = "letters.public.confirmed"
#: How long a letter stays open in the session after a good PIN.
TRACKED_SECONDS: Final = 15 * 60
PUBLICATIONS_PER_PAGE: Final = 10


# --- Plain words for statuses ---------------------------------------------------------------

#: What each status means to the citizen, in plain words.
STATUS_TEXT: Final[dict[str, Any]] = {
    LetterStatus.RECEIVED: gettext_lazy("Received. The unit is examining your letter."),
    LetterStatus.CLASSIFIED: gettext_lazy("Examined. The unit is deciding how to handle it."),
    LetterStatus.ACCEPTED: gettext_lazy("Accepted for resolution."),
    LetterStatus.NOT_ACCEPTED: gettext_lazy("Not accepted."),
    LetterStatus.FORWARDED: gettext_lazy("Sent on to the body competent to handle it."),
    LetterStatus.GUIDED: gettext_lazy(
        "You were told which body is competent and how to send it there."
    ),
    LetterStatus.ARCHIVED: gettext_lazy("Filed: no further action will be taken on it."),
    LetterStatus.SPLIT: gettext_lazy("Split into separate letters, each handled on its own."),
    LetterStatus.REFERRED: gettext_lazy(
        "Passed on for inspection or checking; it is not handled as a denunciation."
    ),
    CaseStatus.IN_PROGRESS: gettext_lazy("Being resolved."),
    CaseStatus.SUSPENDED: gettext_lazy("Resolution is suspended for the time being."),
    CaseStatus.DECIDED: gettext_lazy("A decision has been issued."),
    CaseStatus.CLOSED: gettext_lazy("Resolved: the decision has been sent."),
    CaseStatus.TERMINATED: gettext_lazy("Resolution was ended."),
    CaseStatus.TRANSFERRED: gettext_lazy(
        "Taken over by the superior body, which resolves it from now on."
    ),
}


def status_text(status: str) -> str:
    text = STATUS_TEXT.get(status)
    return str(text) if text is not None else status


# --- Helpers ----------------------------------------------------------------------------------


def _pk(data: dict[str, Any]) -> int:
    """The letter id kept in a session entry (0, which matches nothing, if it is not one)."""
    value = data.get("letter")
    return value if isinstance(value, int) else 0


def _max_file_mb() -> int:
    return files.max_file_bytes() // (1024 * 1024)


@dataclass
class Draft:
    """What the session keeps between the form and the signing step."""

    letter: PublicLetter | None = None
    files: list[DraftFile] = field(default_factory=list)
    challenge: str = ""
    channel: str = ""  # where the last code went: "sms" | "email"
    signed_by: str = ""  # the signature method a good code proved

    @classmethod
    def load(cls, request: HttpRequest) -> Draft:
        raw = request.session.get(DRAFT_KEY)
        if not isinstance(raw, dict):
            return cls()
        now = timezone.now().timestamp()
        created = raw.get("created", 0)
        items = [f for f in (DraftFile.from_session(x) for x in raw.get("files", [])) if f]
        if not isinstance(created, int | float) or now - created > (
            public_intake.DRAFT_MAX_AGE.total_seconds()
        ):
            public_intake.draft_files_delete(items)
            request.session.pop(DRAFT_KEY, None)
            return cls()
        letter_data = raw.get("letter")
        letter = PublicLetter.from_session(letter_data) if isinstance(letter_data, dict) else None
        return cls(
            letter=letter,
            files=[f for f in items if not f.expired(now)],
            challenge=str(raw.get("challenge", "")),
            channel=str(raw.get("channel", "")),
            signed_by=str(raw.get("signed_by", "")),
        )

    def save(self, request: HttpRequest) -> None:
        previous = request.session.get(DRAFT_KEY)
        created = (
            previous.get("created")
            if isinstance(previous, dict) and previous.get("created")
            else timezone.now().timestamp()
        )
        request.session[DRAFT_KEY] = {
            "letter": self.letter.to_session() if self.letter is not None else None,
            "files": [f.to_session() for f in self.files],
            "challenge": self.challenge,
            "channel": self.channel,
            "signed_by": self.signed_by,
            "created": created,
        }

    @property
    def can_add_files(self) -> bool:
        return len(self.files) < files.max_files()

    def clear(self, request: HttpRequest) -> None:
        public_intake.draft_files_delete(self.files)
        request.session.pop(DRAFT_KEY, None)


@dataclass
class FileOutcome:
    kept: list[DraftFile]
    errors: list[str]


def _take_files(request: HttpRequest, draft: Draft, input_name: str) -> FileOutcome:
    """Apply "remove" ticks to the kept files, then check and keep the new uploads."""
    errors: list[str] = []
    remove = set(request.POST.getlist("remove_file"))
    removed = [f for f in draft.files if f.token in remove]
    kept = [f for f in draft.files if f.token not in remove]
    public_intake.draft_files_delete(removed)
    limit_mb = _max_file_mb()
    refused = refused_uploads(request)
    for name in refused.too_large:
        errors.append(
            _(
                "“%(name)s” is larger than %(mb)s MB, so it was not received. Attach a smaller "
                "file, for example a photo taken at a lower quality."
            )
            % {"name": name, "mb": limit_mb}
        )
    skipped = list(refused.too_many)
    uploads: list[UploadedFile] = request.FILES.getlist(input_name)
    for upload in uploads:
        if len(kept) >= files.max_files():
            skipped.append(str(upload.name or "")[:80])
            continue
        try:
            kept.append(public_intake.draft_file_save(upload))
        except files.FileRejectedError as exc:
            errors.append(str(exc.message))
    if skipped:
        errors.append(
            ngettext(
                "A letter can carry at most %(n)d file; these were not kept: %(names)s.",
                "A letter can carry at most %(n)d files; these were not kept: %(names)s.",
                files.max_files(),
            )
            % {"n": files.max_files(), "names": ", ".join(f"“{s}”" for s in skipped)}
        )
    return FileOutcome(kept=kept, errors=errors)


def _store_receipt(request: HttpRequest, result: Any, letter: PublicLetter) -> None:
    request.session[RECEIPT_KEY] = {
        "letter": result.letter.pk,
        "code": result.tracking_code,
        "pin": result.pin,
        "anonymous_denunciation": letter.is_anonymous_denunciation,
    }


class UploadFormMixin:
    """Installs ``LimitedUploadHandler`` before the request body is read, then checks the CSRF
    token (Django's documented ``csrf_exempt`` + ``csrf_protect`` pattern for upload handlers)."""

    @method_decorator(csrf_exempt)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        install_upload_handler(request)
        protected = csrf_protect(super().dispatch)  # type: ignore[misc]
        response: HttpResponseBase = protected(request, *args, **kwargs)
        return no_store(response)


# --- 1. The form ------------------------------------------------------------------------------


class LetterSubmitView(UploadFormMixin, View):
    template_name = "letters/public/submit.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        draft = Draft.load(request)
        initial = LetterForm.initial_from(draft.letter) if draft.letter is not None else None
        return self._render(request, LetterForm(initial=initial), draft, show_errors=False)

    def post(self, request: HttpRequest) -> HttpResponse:
        draft = Draft.load(request)
        action = request.POST.get("action", "send")
        if action == "discard":
            draft.clear(request)
            messages.info(request, _("The draft was deleted. You can start again."))
            return redirect("letters:submit")

        outcome = _take_files(request, draft, "attachments")
        draft.files = outcome.kept
        draft.save(request)

        if action == "communes":
            # Show the form again with the communes of the chosen province and nothing marked as
            # an error: the person has not finished yet.
            form = LetterForm(initial=self._typed(request))
            for error in outcome.errors:
                messages.error(request, error)
            return self._render(request, form, draft, show_errors=False, focus_ward=True)

        form = LetterForm(request.POST)
        if not form.is_valid() or outcome.errors:
            return self._render(request, form, draft, file_errors=outcome.errors)
        # Cleaned and routed once (the form's check), handed on to the submission.
        checked = form.checked_letter()
        letter = checked.letter

        if letter.needs_signature:
            # A code already sent to a contact the letter still has stays good (asking again at
            # once would be refused as too frequent); a code already used signed other content.
            previous = draft.letter
            keep_code = (
                bool(draft.challenge)
                and not draft.signed_by
                and previous is not None
                and previous.contacts().get(draft.channel) == letter.contacts().get(draft.channel)
            )
            draft.letter = letter
            draft.signed_by = ""
            if not keep_code:
                draft.challenge = draft.channel = ""
            draft.save(request)
            channels = public_intake.otp_channels_accepted()
            preferred = next((c for c in ("sms", "email") if c in letter.contacts()), "")
            if not keep_code and preferred in channels:
                _send_code(request, draft, preferred)
            return redirect("letters:sign")

        draft.letter = letter
        return _submit(request, draft, form=form, template=self, checked=checked)

    @staticmethod
    def _typed(request: HttpRequest) -> dict[str, Any]:
        form = LetterForm(request.POST)  # cleans the text of what was typed
        return {k: v for k, v in form.data.items() if k in form.fields}

    def _render(
        self,
        request: HttpRequest,
        form: LetterForm,
        draft: Draft,
        *,
        show_errors: bool = True,
        file_errors: list[str] | None = None,
        focus_ward: bool = False,
        status: int = 200,
    ) -> HttpResponse:
        if focus_ward:
            form.fields["ward"].widget.attrs["autofocus"] = True
        summary: list[tuple[str, str]] = []
        if show_errors:
            summary = error_summary(form) + [("id_attachments", e) for e in file_errors or []]
        kind_options = [
            (radio, str(KIND_HINTS.get(radio.data["value"], ""))) for radio in form["kind"]
        ]
        context = {
            "form": form,
            "kind_options": kind_options,
            "draft_files": draft.files,
            "file_errors": file_errors or [],
            "show_errors": show_errors,
            "error_summary": summary,
            "focus_ward": focus_ward,
            "max_files": files.max_files(),
            "max_file_mb": _max_file_mb(),
            "can_add_files": draft.can_add_files,
            "draft_kept": draft.letter is not None or bool(draft.files),
            "wards_url": reverse("letters:wards"),
        }
        return render(request, self.template_name, context, status=status)


def _send_code(request: HttpRequest, draft: Draft, channel: str) -> bool:
    """Send a signing code for the draft; keep its challenge; tell the person what happened."""
    if draft.letter is None:
        return False
    try:
        draft.challenge = public_intake.signing_code_send(letter=draft.letter, channel=channel)
    except CodeThrottled as exc:
        minutes = minutes_left(exc.retry_after)
        messages.error(
            request,
            ngettext(
                "You have asked for too many codes. Please wait %(n)d minute and try again.",
                "You have asked for too many codes. Please wait %(n)d minutes and try again.",
                minutes,
            )
            % {"n": minutes},
        )
        return False
    except (AddressInvalid, public_intake.PublicIntakeError) as exc:
        messages.error(request, str(exc.message))
        return False
    draft.channel = channel
    draft.save(request)
    return True


def _submit(
    request: HttpRequest,
    draft: Draft,
    *,
    signature_method: str = SignatureMethod.NONE,
    signed_scan: list[str] | None = None,
    form: LetterForm | None = None,
    template: LetterSubmitView | None = None,
    checked: public_intake.CheckedLetter | None = None,
) -> HttpResponse:
    """Register the draft letter; on success keep the receipt for one page view and redirect.
    ``checked``: the form's check of this letter in this request (not read again)."""
    letter = draft.letter
    if letter is None:
        return redirect("letters:submit")
    try:
        result = public_intake.public_letter_submit(
            letter=letter,
            attachments=draft.files,
            signature_method=signature_method,
            signed_scan=signed_scan or [],
            request=request,
            checked=checked,
        )
    except ApplicationError as exc:
        problems = exc.problems if isinstance(exc, IntakeError) else []
        if form is not None and template is not None:
            if problems:
                show_problems(form, problems)
            else:
                form.add_error(None, str(exc.message))
            return template._render(request, form, draft)
        for text in [p.message for p in problems] or [str(exc.message)]:
            messages.error(request, text)
        return redirect("letters:sign")
    _store_receipt(request, result, letter)
    request.session.pop(DRAFT_KEY, None)
    return redirect("letters:submitted")


# --- 2. Signing -----------------------------------------------------------------------------


class LetterSignView(UploadFormMixin, View):
    template_name = "letters/public/sign.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        draft = Draft.load(request)
        if draft.letter is None or not draft.letter.needs_signature:
            return redirect("letters:submit")
        return self._render(request, draft, SignForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        draft = Draft.load(request)
        if draft.letter is None or not draft.letter.needs_signature:
            messages.info(request, _("Your draft is no longer kept. Please fill in the form."))
            return redirect("letters:submit")
        action = request.POST.get("action", "")
        if action == "resend":
            channel = request.POST.get("channel", "")
            if channel in public_intake.otp_channels_accepted() and _send_code(
                request, draft, channel
            ):
                messages.success(request, _("A new code was sent."))
            return redirect("letters:sign")
        if action == "scan":
            return self._with_scan(request, draft)
        if action == "unsigned":
            return _submit(request, draft)
        if action == "submit" and draft.signed_by:
            return _submit(request, draft, signature_method=draft.signed_by)
        return self._verify(request, draft)

    def _verify(self, request: HttpRequest, draft: Draft) -> HttpResponse:
        letter = draft.letter
        if letter is None:
            return redirect("letters:submit")
        form = SignForm(request.POST)
        if not form.is_valid():
            return self._render(request, draft, form)
        if not draft.challenge:
            form.add_error("code", _("Ask for a code first."))
            return self._render(request, draft, form)
        try:
            method = public_intake.signing_code_check(
                letter=letter, challenge_id=draft.challenge, code=form.cleaned_data["code"]
            )
        except (CodeError, public_intake.PublicIntakeError) as exc:
            form.add_error("code", str(exc.message))
            return self._render(request, draft, form)
        draft.signed_by = str(method)
        draft.save(request)
        return _submit(request, draft, signature_method=method)

    def _with_scan(self, request: HttpRequest, draft: Draft) -> HttpResponse:
        outcome = _take_files(request, draft, "scan_upload")
        new = [f for f in outcome.kept if f.token not in {d.token for d in draft.files}]
        draft.files = outcome.kept
        draft.save(request)
        chosen = request.POST.get("scan_file", "")
        tokens = [f.token for f in draft.files if f.token == chosen] or [f.token for f in new]
        if outcome.errors or not tokens:
            form = SignForm()
            errors = outcome.errors or [
                _("Choose the file that shows your signed letter, or attach it.")
            ]
            return self._render(request, draft, form, scan_errors=errors)
        return _submit(
            request, draft, signature_method=SignatureMethod.SIGNED_SCAN, signed_scan=tokens
        )

    def _render(
        self,
        request: HttpRequest,
        draft: Draft,
        form: SignForm,
        *,
        scan_errors: list[str] | None = None,
    ) -> HttpResponse:
        letter = draft.letter
        if letter is None:
            return redirect("letters:submit")
        contacts = letter.contacts()
        accepted = public_intake.otp_channels_accepted()
        summary = error_summary(form) if form.is_bound else []
        summary += [("scan-errors", e) for e in scan_errors or []]
        context = {
            "form": form,
            "letter": letter,
            "kind_label": LetterKind(letter.kind).label,
            "sent_to": mask(contacts[draft.channel])
            if draft.challenge and draft.channel in contacts
            else "",
            "channel": draft.channel,
            "resend_channels": [
                (c, mask(contacts[c])) for c in ("sms", "email") if c in contacts and c in accepted
            ],
            "otp_possible": any(c in contacts for c in accepted),
            "draft_files": draft.files,
            "signed_by": draft.signed_by,
            "scan_errors": scan_errors or [],
            "error_summary": summary,
            "max_file_mb": _max_file_mb(),
            "can_add_files": draft.can_add_files,
        }
        return render(request, self.template_name, context)


# --- 3. The receipt -------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class LetterSubmittedView(View):
    template_name = "letters/public/submitted.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        receipt = request.session.pop(RECEIPT_KEY, None)
        letter = None
        if isinstance(receipt, dict):
            letter = Letter.objects.select_related("unit").filter(pk=_pk(receipt)).first()
        if letter is None:
            return no_store(render(request, self.template_name, {"letter": None}))
        unsigned = letter.kind in SIGNED_KINDS and not (letter.anonymous or letter.signed)
        context = {
            "letter": letter,
            "code": receipt.get("code", ""),
            "pin": receipt.get("pin", ""),
            "unsigned": unsigned,
            "anonymous_denunciation": bool(receipt.get("anonymous_denunciation")),
            "kind_label": letter.get_kind_display(),
        }
        return no_store(render(request, self.template_name, context))


# --- 4. Tracking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedLetter:
    code: str
    unit: str
    status: str


def _handling_unit(letter: Letter, case: Case | None) -> str:
    if case is not None:
        return case.unit.name
    if letter.status == LetterStatus.FORWARDED and letter.competent_body:
        return letter.competent_body
    return letter.unit.name


def tracking_context(letter: Letter) -> dict[str, Any]:
    """What the tracking page shows of a letter: never a signer, never a denunciation's original
    text, never an officer's name or note."""
    case: Case | None = getattr(letter, "case", None)
    status = case.status if case is not None else letter.status
    history = public_timeline(letter, status_text, LetterStatusChange)
    derived = [
        DerivedLetter(
            code=child.tracking_code,
            unit=child.unit.name,
            status=status_text(child.case.status if hasattr(child, "case") else child.status),
        )
        for child in letter.derived_letters.select_related("unit", "case").order_by("pk")
    ]
    ground = ""
    if letter.status == LetterStatus.NOT_ACCEPTED and letter.ineligibility_ground:
        ground = str(IneligibilityGround(letter.ineligibility_ground).label)
    deadline = selectors.letter_deadline(letter)
    rating = Rating.objects.filter(letter=letter).first()
    return {
        "letter": letter,
        "case": case,
        "kind_label": letter.get_kind_display(),
        "status_text": status_text(status),
        "ground": ground,
        "handling_unit": _handling_unit(letter, case),
        "deadline": deadline,
        "overdue": deadline is not None and deadline.urgency == Urgency.OVERDUE,
        "stopped": deadline is not None and deadline.urgency == Urgency.STOPPED,
        "history": history,
        "derived": derived,
        "content": letter.content_redacted if letter.identity_protected else letter.content,
        # A denunciation's subject is the sender's own words and may name them; the officer's
        # summary never does (Luật Tố cáo Art. 8(3)).
        "subject": letter.summary if letter.identity_protected else letter.subject,
        "rating": rating,
        "can_rate": letter.answered_on is not None and rating is None,
    }


def confirmed_signer(request: HttpRequest, letter: Letter | None) -> Signer | None:
    """The signer who confirmed a code for ``letter`` in this session, while the confirmation
    lasts and they are still the letter's addressee; ``None`` otherwise."""
    raw = request.session.get(CONFIRMED_KEY)
    if letter is None or not isinstance(raw, dict):
        return None
    until = raw.get("until", 0)
    if not isinstance(until, (int, float)) or until < time.time():
        request.session.pop(CONFIRMED_KEY, None)
        return None
    if raw.get("letter") != letter.pk:
        return None
    signer = addressee_signer(letter)
    if signer is None or signer.pk != raw.get("signer"):
        return None
    return signer


def _pending_channel(request: HttpRequest, letter: Letter) -> str:
    raw = request.session.get(CONFIRM_PENDING_KEY)
    if isinstance(raw, dict) and raw.get("letter") == letter.pk:
        return str(raw.get("channel", ""))
    return ""


def own_letter_context(request: HttpRequest, letter: Letter) -> dict[str, Any]:
    """What the tracking page adds for the person who wrote: the way to confirm, or, once
    confirmed, their own name, the full answer and content, their notices and rights."""
    signer = confirmed_signer(request, letter)
    if signer is None:
        return {
            "confirmed": False,
            "has_addressee": addressee_signer(letter) is not None,
            "code_channels": citizen_access.channels_on_file(letter),
            "code_sent": _pending_channel(request, letter),
            "access_form": AccessCodeForm(),
        }
    raw = request.session.get(CONFIRMED_KEY) or {}
    return {
        "confirmed": True,
        "confirmed_until": timezone.localtime(
            dt.datetime.fromtimestamp(float(raw.get("until", 0)), tz=dt.UTC)
        ),
        "own_name": signer.full_name,
        "full_answer": citizen_access.answer_for_signer(letter, signer),
        "content": citizen_access.content_for_signer(letter, signer),
        "subject": letter.subject,
        "notices": citizen_access.notices_for_signer(letter),
        "rights": rights_after_decision(letter),
    }


def _session_ended(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("Your session has ended. Enter the tracking code and the PIN again."))
    return redirect("letters:track")


class LetterTrackView(PublicTrackView[Letter]):
    """The kit's tracking page on letters, with the rating of the answer."""

    model = Letter
    template_name = "letters/public/track.html"
    url_name = "letters:track"
    session_key = TRACKED_KEY
    session_field = "letter"
    session_seconds = TRACKED_SECONDS
    form_class = TrackForm

    def get_queryset(self) -> QuerySet[Letter]:
        return Letter.objects.select_related("unit", "case__unit")

    def object_context(self, request: HttpRequest, obj: Letter) -> dict[str, Any]:
        return {
            **tracking_context(obj),
            **own_letter_context(request, obj),
            "rating_form": RatingForm(),
            "error_summary": [],
        }

    def remember(self, request: HttpRequest, obj: Letter) -> None:
        # A letter opened again with its code and PIN starts without any confirmation.
        request.session.pop(CONFIRM_PENDING_KEY, None)
        request.session.pop(CONFIRMED_KEY, None)
        super().remember(request, obj)

    def forget(self, request: HttpRequest) -> None:
        request.session.pop(CONFIRM_PENDING_KEY, None)
        request.session.pop(CONFIRMED_KEY, None)
        super().forget(request)

    def form_context(self, request: HttpRequest, form: forms.Form) -> dict[str, Any]:
        return {
            "form": form,
            "letter": None,
            "error_summary": error_summary(form) if form.is_bound else [],
        }

    def handle_action(self, request: HttpRequest, action: str) -> HttpResponse:
        if action == "rate":
            return self._rate(request)
        if action == "code_request":
            return self._code_request(request)
        if action == "code_confirm":
            return self._code_confirm(request)
        return super().handle_action(request, action)

    def _code_request(self, request: HttpRequest) -> HttpResponse:
        letter = self.tracked(request)
        if letter is None:
            return _session_ended(request)
        channel = request.POST.get("channel", "")
        if channel not in citizen_access.channels_on_file(letter):
            messages.error(request, _("Choose where the code should be sent."))
            return redirect("letters:track")
        try:
            challenge = citizen_access.access_code_send(
                letter=letter, channel=channel, request=request
            )
        except (Throttled, CodeThrottled) as exc:
            minutes = minutes_left(exc.retry_after)
            messages.error(
                request,
                ngettext(
                    "You have asked for too many codes. Please wait %(n)d minute and try again.",
                    "You have asked for too many codes. Please wait %(n)d minutes and try again.",
                    minutes,
                )
                % {"n": minutes},
            )
            return redirect("letters:track")
        except (AddressInvalid, citizen_access.CitizenAccessError) as exc:
            messages.error(request, str(exc.message))
            return redirect("letters:track")
        request.session[CONFIRM_PENDING_KEY] = {
            "letter": letter.pk,
            "challenge": challenge,
            "channel": channel,
        }
        if channel == "sms":
            messages.success(
                request, _("A code was sent by text message to the telephone on file.")
            )
        else:
            messages.success(request, _("A code was sent to the e-mail address on file."))
        return redirect("letters:track")

    def _code_confirm(self, request: HttpRequest) -> HttpResponse:
        letter = self.tracked(request)
        if letter is None:
            return _session_ended(request)
        form = AccessCodeForm(request.POST)
        pending = request.session.get(CONFIRM_PENDING_KEY)
        if form.is_valid() and not (
            isinstance(pending, dict) and pending.get("letter") == letter.pk
        ):
            form.add_error("access_code", _("Ask for a code first."))
        if not form.is_valid():
            return self.render_object(
                request, letter, access_form=form, error_summary=error_summary(form)
            )
        challenge_id = str(pending.get("challenge", "")) if isinstance(pending, dict) else ""
        try:
            signer = citizen_access.access_code_confirm(
                letter=letter,
                challenge_id=challenge_id,
                code=form.cleaned_data["access_code"],
                request=request,
            )
        except Throttled as exc:
            form.add_error("access_code", str(exc.message))
            response = self.render_object(
                request, letter, access_form=form, error_summary=error_summary(form)
            )
            response.status_code = 429
            response["Retry-After"] = str(exc.retry_after)
            return response
        except (CodeError, citizen_access.CitizenAccessError) as exc:
            form.add_error("access_code", str(exc.message))
            return self.render_object(
                request, letter, access_form=form, error_summary=error_summary(form)
            )
        now = time.time()
        tracked = request.session.get(TRACKED_KEY) or {}
        request.session.pop(CONFIRM_PENDING_KEY, None)
        # More is open now: a new session key, so that one fixed before cannot reach it.
        request.session.cycle_key()
        request.session[CONFIRMED_KEY] = {
            "letter": letter.pk,
            "signer": signer.pk,
            "until": now + citizen_access.CONFIRMED_SECONDS,
        }
        until = tracked.get("until", 0) if isinstance(tracked, dict) else 0
        request.session[TRACKED_KEY] = {
            "letter": letter.pk,
            "until": max(float(until or 0), now + citizen_access.CONFIRMED_SECONDS),
        }
        messages.success(
            request,
            _("Confirmed. Your letter is open in full on this browser for %(n)d minutes.")
            % {"n": citizen_access.CONFIRMED_SECONDS // 60},
        )
        return redirect("letters:track")

    def _rate(self, request: HttpRequest) -> HttpResponse:
        letter = self.tracked(request)
        if letter is None:
            messages.error(
                request, _("Your session has ended. Enter the tracking code and the PIN again.")
            )
            return redirect("letters:track")
        form = RatingForm(request.POST)
        if not form.is_valid():
            return self.render_object(
                request, letter, rating_form=form, error_summary=error_summary(form)
            )
        try:
            case_services.rating_submit(
                letter=letter,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data.get("comment", ""),
                request=request,
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Thank you. Your rating was recorded."))
        return redirect("letters:track")


@method_decorator(never_cache, name="dispatch")
class LetterTrackDocumentView(View):
    """A notice addressed to the person who wrote, as PDF: only in the session that confirmed
    the code for this letter, and only a notice addressed to them (a restricted one too: it is
    their own)."""

    def get(self, request: HttpRequest, document_pk: int) -> HttpResponseBase:
        letter = LetterTrackView().tracked(request)
        signer = confirmed_signer(request, letter)
        if letter is None or signer is None:
            messages.error(
                request,
                _(
                    "The notices open only after you confirm the code sent to your telephone "
                    "or e-mail."
                ),
            )
            return no_store(redirect("letters:track"))
        notice = (
            CitizenNotice.objects.filter(
                letter=letter, document_id=document_pk, document__status="issued"
            )
            .select_related("document")
            .first()
        )
        if notice is None:
            raise Http404(_("No such notice."))
        try:
            response = documents.document_file_response(
                notice.document, file_format=documents.FileFormat.PDF
            )
        except documents.DocumentError as exc:
            messages.error(request, str(exc.message))
            return no_store(redirect("letters:track"))
        audit.record(
            action=AuditAction.TRACKING_DOCUMENT_DOWNLOADED,
            actor=AnonymousUser(),
            target=letter,
            extra={"document": notice.document_id, "format": "pdf"},
            request=request,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return no_store(response)


# --- 5. Published results, and the commune list for the form's script ------------------------


class PublicationListView(ListView[Publication]):
    template_name = "letters/public/publications.html"
    context_object_name = "publications"
    paginate_by = PUBLICATIONS_PER_PAGE

    def get_queryset(self) -> Any:
        return selectors.current_publications()

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        # A page number that is not a page (?page=abc, ?page=999) shows the first or the last
        # page rather than an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return (paginator, page, page.object_list, page.has_other_pages())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # A published text was checked for the signers' identity when it was published; it is
        # shown through the signers' shield too, so that no way of writing a name the check
        # did not know then reaches the public (Luật Tố cáo Art. 47; NĐ 13/2023).
        items = list(context["publications"])
        shields = public_shields([item.letter_id for item in items])
        context["publications"] = [(item, shields.get(item.letter_id, OPEN)) for item in items]
        return context


@method_decorator(cache_control(public=True, max_age=3600), name="dispatch")
class WardOptionsView(View):
    """The communes of a province as JSON, for the form's small script (``communes.js``)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        code = request.GET.get("tinh", "")
        if not (code.isdigit() and len(code) <= 2):
            return JsonResponse({"communes": []})
        choices = ward_choices(code)[1:]
        return JsonResponse({"communes": [{"code": c, "name": n} for c, n in choices]})
