"""A letter (đơn) as received, registered and classified; it becomes a case only when accepted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models.versioned import StatusChangeBase, Versioned
from danvan.core.retention import NO_PERSONAL_DATA, Retention, RetentionClass
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import (
    AnonymousOutcome,
    Channel,
    Competence,
    ContestedKind,
    DenouncedStanding,
    IneligibilityGround,
    LetterKind,
    PublicationForm,
    SignatureMethod,
)
from danvan.letters.redaction import identity_strings
from danvan.letters.states import LetterStatus
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Province, Unit, Ward
from danvan.workflow.models import DeadlineRule, Tracked

if TYPE_CHECKING:
    from danvan.letters.models.cases import Case


class Cluster(models.Model):
    """Many people reporting the same problem at the same place: handled once through a lead
    letter, and every signer told the outcome."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("created_by",))

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="letter_clusters")
    title = models.CharField(_("title"), max_length=255)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT)
    lead = models.ForeignKey(
        "Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster of letters")
        verbose_name_plural = _("clusters of letters")

    def __str__(self) -> str:
        return self.title


class Letter(Tracked, Versioned):
    """A letter received by a unit, followed by the citizen with its tracking code and PIN
    (``Tracked``: ``tracking_code``, ``pin_hash``, ``pin_failures``, ``pin_locked_until``).

    Personal data of its signers lives in ``Signer`` (reached only through
    ``selectors.signers_for``); the letter holds the text (``content``), a copy with every known
    identity string removed (``content_redacted``) and the officer's summary (``summary``), which
    must name no signer.
    """

    tracking_prefix = "DV"
    tracking_locked_action = AuditAction.TRACKING_LOCKED

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=(
            "content",
            "content_redacted",
            "search_folded",
            "summary",
            "about",
            "contested_issuer",
            "excused_reason",
            "denounced_name",
            "denounced_position",
            "denounced_user",
            "place",
            "latitude",
            "longitude",
            "media_url",
            "handling_note",
            "public_answer",
            "received_by",
        ),
        note=(
            "The text tells a person's grievance and may name others (sensitive data, NĐ 356 "
            "Art. 4.1); the copy without identity still names whom the letter is about."
        ),
    )

    unit = models.ForeignKey(
        Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="letters"
    )
    register_year = models.PositiveSmallIntegerField(_("register year"))
    register_number = models.PositiveIntegerField(_("register number"))

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    received_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_date = models.DateField(_("date on the letter"), null=True, blank=True)
    forwarded_by_body = models.CharField(_("forwarding body"), max_length=255, blank=True)
    forwarded_by_number = models.CharField(
        _("number of the forwarding document"), max_length=60, blank=True
    )
    source_letter = models.ForeignKey(
        "self",
        verbose_name=_("forwarded or split from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_letters",
    )

    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    matter = models.CharField(
        _("matter"), max_length=10, choices=MatterType.choices, default=MatterType.STATE
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT
    )
    subject = models.CharField(_("subject"), max_length=255)
    about = models.CharField(_("body or person the letter is about"), max_length=255, blank=True)
    about_unit = models.ForeignKey(
        Unit,
        verbose_name=_("body the letter is about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The body whose decision or act is complained about, or where the denounced person "
            "works: it drives the routing of complaints and denunciations."
        ),
    )
    # What a complaint is about (Luật Khiếu nại Arts. 7, 49): the routing proposes the resolver
    # from these first, the issuing body being ``about_unit``.
    contested_kind = models.CharField(
        _("complained of"), max_length=20, choices=ContestedKind.choices, blank=True
    )
    contested_number = models.CharField(_("number of the decision"), max_length=60, blank=True)
    contested_date = models.DateField(_("date of the decision or act"), null=True, blank=True)
    contested_issuer = models.CharField(
        _("issued or done by"),
        max_length=255,
        blank=True,
        help_text=_("The position and name of who signed the decision or acted."),
    )
    # Whom a denunciation is about (Luật Tố cáo Art. 12): the managing body is ``about_unit``.
    denounced_name = models.CharField(_("person denounced"), max_length=150, blank=True)
    denounced_position = models.CharField(_("their position"), max_length=150, blank=True)
    denounced_standing = models.CharField(
        _("who is denounced"), max_length=20, choices=DenouncedStanding.choices, blank=True
    )
    denounced_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account of the person denounced"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "When the person denounced has an account here: they never resolve, verify or read "
            "the identity of the denouncer (NĐ 31/2019 Arts. 5, 10)."
        ),
    )
    # The time bar of a complaint (Luật Khiếu nại Arts. 9, 48): when the complainant received
    # or learned of the decision or act, and the days an objective obstacle kept them from
    # complaining (illness, natural disaster, war, work or study far away...).
    learned_on = models.DateField(
        _("received or learned of the decision or act on"), null=True, blank=True
    )
    excused_days = models.PositiveSmallIntegerField(_("days excused"), default=0)
    excused_reason = models.CharField(_("why those days are excused"), max_length=500, blank=True)
    dismissal = models.BooleanField(
        _("the disciplinary sanction is dismissal"),
        default=False,
        help_text=_("A second complaint of a dismissal may be made within 30 days (Art. 48)."),
    )
    # A complaint by many people (Luật Khiếu nại Art. 8(3)-(4); TT 07/2013/TT-TTCP Art. 5): it
    # is accepted only with every signature and the written appointment of representatives.
    representatives_recorded_on = models.DateField(
        _("representatives' appointment recorded on"), null=True, blank=True
    )
    content = models.TextField(_("content"))
    content_redacted = models.TextField(_("content without identity"), blank=True)
    summary = models.CharField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("The officer's summary of the content; it must not name the signers."),
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    ward = models.ForeignKey(
        Ward, verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT
    )
    place = models.CharField(_("address of the matter"), max_length=255, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # A photo a connected system holds (Open311 ``media_url``): kept as a link for the officer,
    # never fetched by the platform.
    media_url = models.CharField(_("link to a photo"), max_length=500, blank=True)

    signature_method = models.CharField(
        _("signature"),
        max_length=20,
        choices=SignatureMethod.choices,
        default=SignatureMethod.NONE,
    )
    signed = models.BooleanField(_("signed by an accepted method"), default=False)
    signer_count = models.PositiveSmallIntegerField(_("number of signers"), default=0)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    pseudonymous = models.BooleanField(_("in another person's name"), default=False)
    publish_consent = models.BooleanField(_("the citizen agrees to publication"), default=False)
    # Sticky: set when the letter is registered or classified with denunciation content, copied
    # to every letter made from it, and never cleared by a later change of kind.
    protected = models.BooleanField(
        _("denouncer protection"),
        default=False,
        editable=False,
        help_text=_(
            "The letter holds denunciation content: its signers' identity is protected "
            "(Luật Tố cáo Arts. 8(3), 47, 56), whatever its kind becomes."
        ),
    )

    # Classification (DOMAIN.md §1.5).
    competence = models.CharField(
        _("competence"), max_length=10, choices=Competence.choices, blank=True
    )
    eligible = models.BooleanField(_("eligible for processing"), null=True, blank=True)
    ineligibility_ground = models.CharField(
        _("legal ground"), max_length=20, choices=IneligibilityGround.choices, blank=True
    )
    sent_to_several = models.BooleanField(_("sent to several bodies"), default=False)
    # A further denunciation about a concluded case (Luật Tố cáo 2018 Art. 37).
    repeat_of_case = models.ForeignKey(
        "letters.Case",
        verbose_name=_("further denunciation about case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="further_letters",
    )
    above_level = models.BooleanField(_("sent above the competent level"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same content as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    proposed_unit = models.ForeignKey(
        Unit,
        verbose_name=_("proposed competent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent_unit = models.ForeignKey(
        Unit,
        verbose_name=_("competent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent_body = models.CharField(
        _("competent body (outside the platform)"), max_length=255, blank=True
    )
    routing_override_reason = models.CharField(
        _("why the proposal was overridden"), max_length=500, blank=True
    )
    classified_at = models.DateTimeField(null=True, blank=True)

    # Handling.
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    handling_note = models.TextField(_("handling note"), blank=True)
    anonymous_outcome = models.CharField(
        _("outcome for anonymous content"),
        max_length=10,
        choices=AnonymousOutcome.choices,
        blank=True,
    )

    handling_document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    due_rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remote_area = models.BooleanField(_("remote or disadvantaged area"), default=False)

    # The citizen's answer, shown on the tracking page once sent.
    public_answer = models.TextField(_("answer to the citizen"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    search_folded = models.TextField(editable=False, blank=True)
    #: The deadline that still runs, stored for the work list to sort on through an index: the
    #: letter's own while it is open, its case's while that is in progress, else empty.
    #: Written only by ``letters.running_due`` (the gate calls it after every write of a
    #: letter or a case).
    running_due = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-register_number"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "register_year", "register_number"],
                name="letter_register_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.NOT_ACCEPTED) | ~Q(ineligibility_ground=""),
                name="letter_refusal_has_ground",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"]),
            models.Index(fields=["ward", "field", "received_on"]),
            # The search finds a letter by its forwarding document's number.
            models.Index(fields=["forwarded_by_number"]),
            # The work list: a unit's letters, the deadline that still runs first (empty last),
            # then the newest; each page is a range of this index (``running_due``).
            models.Index(
                fields=["unit", "running_due", "-received_on", "-id"], name="letter_running_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register_number}/{self.register_year}"

    def case_or_none(self) -> Case | None:
        """The letter's case, read once and then kept on the letter (no query at all when it
        was loaded with ``select_related("case")``); ``None`` before acceptance."""
        try:
            return self.case
        except ObjectDoesNotExist:
            return None

    @property
    def register_label(self) -> str:
        return f"{self.register_number:02d}/{self.register_year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind == LetterKind.DENUNCIATION:
            self.protected = True
        super().save(*args, **kwargs)

    @staticmethod
    def protected_q() -> Q:
        """``identity_protected`` as a query condition."""
        return (
            Q(protected=True)
            | Q(kind=LetterKind.DENUNCIATION)
            | (Q(kind=LetterKind.MIXED) & ~Q(status=LetterStatus.SPLIT))
        )

    @property
    def identity_protected(self) -> bool:
        """Whether the signers' identity is under the denouncer-protection regime (Luật Tố cáo
        Art. 8(3), 47, 56): the letter holds denunciation content now or held it once — a
        denunciation, anonymous information with denunciation content, a mixed letter and the
        parts split from it, a copy forwarded from one, a letter re-classified either way.

        A mixed letter is protected until it is split: then it stays protected if one of its
        parts is a denunciation (``services.handling.letter_split`` sets ``protected``), and
        is read as its parts are if none is."""
        if self.protected or self.kind == LetterKind.DENUNCIATION:
            return True
        return self.kind == LetterKind.MIXED and self.status != LetterStatus.SPLIT


class Signer(models.Model):
    """A person who signed a letter. Personal data: read only through ``selectors.signers_for``,
    which enforces the denouncer-protection rules and audits each read of a protected letter."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("full_name", "id_number", "phone", "email", "address", "user"),
        note="A denouncer's identity stays secret as long as it is kept (Luật Tố cáo Art. 39.3).",
    )

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signers")
    position = models.PositiveSmallIntegerField(default=1)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    id_number = models.CharField(_("identity card number"), max_length=20, blank=True)
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_representative = models.BooleanField(_("representative"), default=False)
    withdrawn_on = models.DateField(_("withdrew on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["letter_id", "position"]
        verbose_name = _("signer")
        verbose_name_plural = _("signers")

    def __str__(self) -> str:
        return f"{self.letter_id}#{self.position}"

    def identity_strings(self) -> list[str]:
        """Every string that identifies this person, for redaction."""
        return identity_strings(
            full_name=self.full_name,
            id_number=self.id_number,
            phone=self.phone,
            email=self.email,
            address=self.address,
        )


class SignerKey(models.Model):
    """A keyed hash of one identifier of a signer (telephone, e-mail, identity number, or name and
    commune), so that duplicate letters of the same person are found without reading identities."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("digest",),
        note="Pseudonymous (a keyed hash), still personal data; it goes with its letter.",
    )

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signer_keys")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "digest"], name="signerkey_unique")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class SignerName(models.Model):
    """A signer's name folded for search ("nguyen van an"), one row per signer: the restricted
    name index. Kept apart from the letter's own search text so that a denouncer's name is never
    in what every reader of the list is searched over, and so that, when the identity columns
    are encrypted (COMPLIANCE.md G5/G9), this index can stay (or be replaced by keyed tokens)
    on its own. Read only by ``letters.search``, for viewers who may read the identity."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("folded",),
        note="A signer's name, folded: personal data that goes with its letter.",
    )

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signer_names")
    folded = models.CharField(max_length=150)

    class Meta:
        indexes = [models.Index(fields=["folded"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class SearchWord(models.Model):
    """A word of the letters' folded search texts (``Letter.search_folded``, ``kind`` "text")
    or of the restricted name index (``SignerName``, ``kind`` "name"), once, whatever letters
    hold it: the vocabulary in which the search looks up which of the words one slip of a letter
    from a word typed are written anywhere (``letters.search.known_slips``), so that its
    full-text query asks for those words only. PostgreSQL only: triggers of migration 0023 add
    the words of every search text and name written, as ``to_tsvector('simple', …)`` splits
    them; nothing else writes it, and no word is removed (a word no letter holds any more finds
    nothing). A word on its own, without its letter or the rest of a name: "hanh", "tuan"."""

    retention = NO_PERSONAL_DATA

    kind = models.CharField(max_length=4)
    word = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "word"], name="letters_searchword_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.word}"


class LetterStatusChange(StatusChangeBase):
    """One row per status move of a letter or of its case: the history the tracking page and the
    auditor read. The actor is empty for the public (the citizen) and for the system."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("actor", "reason"))

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="status_changes")
    case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )

    class Meta(StatusChangeBase.Meta):
        pass


class Attachment(models.Model):
    """A file received with a letter, checked by its content and stored outside the web root.

    For a protected letter the original may show handwriting or a name: verifiers get only the
    redacted copy the officer uploads (``redacted_copy``), Luật Tố cáo Art. 56.
    """

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("file", "original_name"))

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="letters/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    redacted_copy_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redacted_copy",
    )
    signed_letter = models.BooleanField(_("signed letter"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["letter_id", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class AcceptedSignatureMethod(models.Model):
    """Which signature methods count as signing (administrators choose, Luật Khiếu nại Art. 8)."""

    retention = NO_PERSONAL_DATA

    method = models.CharField(
        _("method"), max_length=20, choices=SignatureMethod.choices, unique=True
    )
    accepted = models.BooleanField(_("counts as signed"), default=True)

    class Meta:
        verbose_name = _("signature method")
        verbose_name_plural = _("signature methods")

    def __str__(self) -> str:
        return str(self.get_method_display())


class Rating(models.Model):
    """The citizen's satisfaction with the answer (1 to 5) and a comment."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("score", "comment"),
        note=(
            "Kept with its letter. Whether a satisfaction answer belongs to the archived file, or "
            "should go sooner like survey data, is not fixed by COMPLIANCE.md."
        ),
    )

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Publication(models.Model):
    """A result made public, with personal data removed: required by law (a denunciation's
    conclusion for at least 15 days, a second-time complaint decision, an answer on
    administrative rules) or agreed by the citizen."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("text", "created_by"),
        note="The signers' data is removed, but a conclusion may name the person it is about.",
    )

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="publications")
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"))
    required_by_law = models.BooleanField(_("required by law"), default=False)
    form = models.CharField(
        _("form of publication"),
        max_length=10,
        choices=PublicationForm.choices,
        default=PublicationForm.PORTAL,
    )
    times = models.PositiveSmallIntegerField(
        _("times in the press, on radio or television"), null=True, blank=True
    )
    announced_on = models.DateField(_("meeting announced on"), null=True, blank=True)
    starts_on = models.DateField(_("published from"))
    ends_on = models.DateField(_("published until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return self.title
