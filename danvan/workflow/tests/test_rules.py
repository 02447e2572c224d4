"""The workflow kit's dated rules, on the test-only permits module (its own rule keys, duty and
legal basis; nothing from any feature context): registration, rules by date, due dates with
modifiers across a weekend and Tết 2026, urgencies, duties per period, legal-basis versions, the
admin and the used-version rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.urls import reverse

from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.organizations.tests import factories as org
from danvan.workflow import registry, rules, services
from danvan.workflow.choices import DutyPeriod, StartEvent
from danvan.workflow.models import DeadlineRule, DutyRule, LegalBasis
from danvan.workflow.rules import Urgency
from danvan.workflow.tests.kitapp.models import Permit, PermitDutyKey, PermitRuleKey

pytestmark = pytest.mark.django_db

D = dt.date
REVIEW = PermitRuleKey.REVIEW.value
APPEAL = PermitRuleKey.APPEAL.value
INSPECTION = PermitDutyKey.INSPECTION.value


@pytest.fixture(autouse=True)
def _english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


def make_rule(key: str = REVIEW, **fields: Any) -> DeadlineRule:
    values: dict[str, Any] = {
        "amount": 5,
        "unit": "working_days",
        "start_event": StartEvent.RECEIPT,
        "legal_basis": "Quy chế cấp phép thử nghiệm, Điều 5",
        "effective_from": D(2025, 1, 1),
    } | fields
    return DeadlineRule.objects.create(key=key, **values)


def make_duty(**fields: Any) -> DutyRule:
    values: dict[str, Any] = {
        "count": 2,
        "period": DutyPeriod.QUARTER,
        "legal_basis": "Quy chế cấp phép thử nghiệm, Điều 12",
        "effective_from": D(2025, 1, 1),
    } | fields
    return DutyRule.objects.create(key=INSPECTION, **values)


# --- Registration -----------------------------------------------------------------------------


def test_the_test_module_registers_its_keys_with_labels_and_legal_bases() -> None:
    review = registry.rule_key(REVIEW)
    assert review is not None
    assert (review.module, str(review.label)) == ("kitapp", "Review an application")
    assert review.legal_basis == "Quy chế cấp phép thử nghiệm, Điều 5"
    duty = registry.duty_key(INSPECTION)
    assert duty is not None
    assert duty.legal_basis == "Quy chế cấp phép thử nghiệm, Điều 12"
    assert registry.legal_basis_defaults("kitapp") == {
        "kitapp.refusal": registry.LegalBasisDefault(
            "Quy chế cấp phép thử nghiệm, Điều 7", D(2025, 1, 1), "Refusal"
        )
    }


def test_a_key_without_its_legal_basis_cannot_be_registered() -> None:
    class Keys(models.TextChoices):
        ONE = "other.one", "One"
        TWO = "other.two", "Two"

    with pytest.raises(ImproperlyConfigured, match=r"other\.two"):
        rules.register_rule_keys("other", Keys, {"other.one": "Điều 1"})
    assert registry.rule_key("other.one") is None


def test_another_module_cannot_take_a_registered_key() -> None:
    class Keys(models.TextChoices):
        OWN = "thief.own", "Own"
        REVIEW = REVIEW, "Stolen"

    with pytest.raises(ImproperlyConfigured, match="kitapp"):
        rules.register_rule_keys("thief", Keys, {"thief.own": "Điều 1", REVIEW: "Điều 1"})
    assert registry.rule_key("thief.own") is None  # all or nothing
    assert registry.rule_key(REVIEW).module == "kitapp"
    with pytest.raises(ImproperlyConfigured, match="must start with"):
        rules.register_legal_bases("thief", {"kitapp.refusal": "Điều 1"})


def test_registering_the_same_keys_again_is_harmless() -> None:
    from danvan.workflow.tests.kitapp import models as kit

    rules.register_rule_keys("kitapp", PermitRuleKey, kit.RULE_BASIS)
    assert registry.rule_key(APPEAL) is not None


def test_a_row_needs_a_registered_key() -> None:
    rule = DeadlineRule(
        key="nobody.registered", amount=1, unit="calendar_days", start_event="receipt",
        legal_basis="x", effective_from=D(2025, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "key" in error.value.message_dict
    rule.key = REVIEW
    rule.full_clean()
    duty = DutyRule(key=REVIEW, count=1, period="month", legal_basis="x", effective_from=D.today())
    with pytest.raises(ValidationError):
        duty.full_clean()  # a time-limit key is not a duty key
    basis = LegalBasis(key="kitapp.refusal", text="Điều 7", effective_from=D(2025, 1, 1))
    basis.full_clean()
    assert str(make_rule().key_label) == "Review an application"


# --- Rules by date ----------------------------------------------------------------------------


def test_the_version_in_force_on_each_date_is_used() -> None:
    old = make_rule(amount=5, effective_to=D(2026, 7, 1))
    new = make_rule(amount=7, effective_from=D(2026, 7, 1))
    assert rules.rule_in_force(REVIEW, D(2025, 1, 1)) == old
    assert rules.rule_in_force(REVIEW, D(2026, 6, 30)) == old
    assert rules.rule_in_force(REVIEW, D(2026, 7, 1)) == new
    assert rules.rule_in_force(REVIEW, D(2030, 1, 1)) == new


def test_a_switched_off_version_is_ignored() -> None:
    current = make_rule(amount=5)
    make_rule(amount=3, effective_from=D(2026, 1, 1), active=False, verified=False)
    assert rules.rule_in_force(REVIEW, D(2026, 3, 1)) == current


def test_a_missing_rule_is_an_error_that_names_the_key_and_the_date() -> None:
    make_rule(effective_from=D(2026, 1, 1))
    with pytest.raises(rules.MissingRuleError, match=r"permit\.review.*31/12/2025"):
        rules.rule_in_force(REVIEW, D(2025, 12, 31))
    with pytest.raises(rules.MissingRuleError, match=r"permit\.appeal"):
        rules.rule_in_force(APPEAL, D(2026, 1, 1))


# --- Due dates --------------------------------------------------------------------------------


def test_working_days_skip_the_weekend() -> None:
    rule = make_rule(amount=5)
    # Thursday 05/11/2026 + 5 working days: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12.
    assert rules.due_date(rule, D(2026, 11, 5)) == D(2026, 11, 12)


def test_working_days_skip_tet_2026() -> None:
    rule = make_rule(amount=5)
    # Thursday 12/02/2026 + 5: Fri 13, (Tết 16-20 off), Mon 23, Tue 24, Wed 25, Thu 26.
    assert rules.due_date(rule, D(2026, 2, 12)) == D(2026, 2, 26)


def test_modifiers_choose_the_amount_and_extra_days_lengthen_one_period() -> None:
    rule = make_rule(
        key=APPEAL, amount=30, complex_amount=45, remote_amount=45, remote_complex_amount=60,
        unit="calendar_days", start_event=StartEvent.DECISION_RECEIVED,
    )  # fmt: skip
    start = D(2026, 1, 5)
    assert rules.due_date(rule, start) == D(2026, 2, 4)
    # 45 days end on Thursday 19/02/2026, inside the Tết break: the last day rolls over to the
    # first working day after it, Monday 23/02.
    assert rules.due_date(rule, start, complicated=True) == D(2026, 2, 23)
    assert rules.due_date(rule, start, remote=True) == D(2026, 2, 23)
    assert rules.due_date(rule, start, remote=True, complicated=True) == D(2026, 3, 6)
    # 30 days from 18/01 end on Tuesday 17/02 (Tết): rolled over past the whole break as well.
    assert rules.due_date(rule, D(2026, 1, 18)) == D(2026, 2, 23)
    # 30 + 3 extra days end on Saturday 07/02: the weekend rolls over to Monday 09/02.
    assert rules.due_date(rule, start, extra_days=3) == D(2026, 2, 9)


def test_modifiers_fall_back_to_the_plain_amount_when_a_column_is_empty() -> None:
    rule = make_rule(amount=5, complex_amount=8)
    assert rule.amount_for(remote=True) == 5
    assert rule.amount_for(remote=True, complicated=True) == 8
    extensions = make_rule(
        key=APPEAL, amount=30, unit="calendar_days", extension_amount=30,
        max_extensions_complex=1, max_extensions_especially_complex=2,
    )  # fmt: skip
    assert extensions.extensions_allowed(complicated=False) == 0
    assert extensions.extensions_allowed(complicated=True) == 1
    assert extensions.extensions_allowed(complicated=True, especially=True) == 2


def test_a_suspension_stops_the_clock_in_the_rules_unit() -> None:
    working = make_rule(amount=5)
    days = make_rule(key=APPEAL, amount=30, unit="calendar_days")
    counted = make_rule(
        key=APPEAL, amount=30, unit="calendar_days", suspension_excluded=False,
        effective_from=D(2030, 1, 1),
    )  # fmt: skip
    # Friday 13/02/2026 to Monday 23/02/2026: Tết in between, one working day (Fri 13).
    assert rules.stopped_days(working, D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert rules.stopped_days(days, D(2026, 2, 13), D(2026, 2, 23)) == 10
    assert rules.stopped_days(counted, D(2026, 2, 13), D(2026, 2, 23)) == 0
    assert rules.stopped_days(days, D(2026, 2, 23), D(2026, 2, 23)) == 0


# --- Days left and urgency --------------------------------------------------------------------


def test_deadline_view_classes_on_time_due_soon_overdue_and_stopped() -> None:
    today = D(2026, 11, 2)  # a Monday
    assert rules.DUE_SOON_WORKING_DAYS == 3
    assert rules.due_soon_limit(today) == D(2026, 11, 5)
    on_time = rules.deadline_view(D(2026, 11, 6), today)
    assert (on_time.urgency, on_time.working_days_left, on_time.calendar_days_left) == (
        Urgency.ON_TIME, 4, 4,
    )  # fmt: skip
    soon = rules.deadline_view(D(2026, 11, 5), today)
    assert (soon.urgency, soon.working_days_left) == (Urgency.DUE_SOON, 3)
    assert rules.deadline_view(today, today).urgency == Urgency.DUE_SOON
    late = rules.deadline_view(D(2026, 10, 29), today)  # Thursday before
    assert (late.urgency, late.working_days_left, late.overdue_days) == (Urgency.OVERDUE, -2, 4)
    stopped = rules.deadline_view(D(2026, 10, 29), today, stopped=True)
    assert stopped.urgency == Urgency.STOPPED


def test_deadline_view_counts_working_days_over_tet() -> None:
    view = rules.deadline_view(D(2026, 2, 23), D(2026, 2, 13))
    assert (view.working_days_left, view.calendar_days_left) == (1, 10)
    assert view.urgency == Urgency.DUE_SOON


def test_deadline_view_defaults_to_today() -> None:
    assert rules.deadline_view(calendar.today_local()).calendar_days_left == 0


# --- Duties per period ------------------------------------------------------------------------


def test_the_duty_in_force_on_each_date_and_a_switched_off_candidate() -> None:
    old = make_duty(count=2, effective_to=D(2026, 7, 1))
    new = make_duty(count=3, period=DutyPeriod.MONTH, effective_from=D(2026, 7, 1))
    make_duty(count=9, effective_from=D(2027, 1, 1), active=False)
    assert rules.duty_in_force(INSPECTION, D(2026, 6, 30)) == old
    assert rules.duty_in_force(INSPECTION, D(2026, 7, 1)) == new
    assert rules.duty_in_force(INSPECTION, D(2027, 3, 1)) == new
    assert str(new) == "Inspect granted permits: 3 / a month"
    with pytest.raises(rules.MissingDutyError, match=r"permit\.inspection.*31/12/2024"):
        rules.duty_in_force(INSPECTION, D(2024, 12, 31))


@pytest.mark.parametrize(
    ("period", "on", "expected"),
    [
        (DutyPeriod.MONTH, D(2026, 2, 17), (D(2026, 2, 1), D(2026, 3, 1))),
        (DutyPeriod.MONTH, D(2026, 12, 31), (D(2026, 12, 1), D(2027, 1, 1))),
        (DutyPeriod.QUARTER, D(2026, 1, 1), (D(2026, 1, 1), D(2026, 4, 1))),
        (DutyPeriod.QUARTER, D(2026, 8, 15), (D(2026, 7, 1), D(2026, 10, 1))),
        (DutyPeriod.QUARTER, D(2026, 11, 30), (D(2026, 10, 1), D(2027, 1, 1))),
        (DutyPeriod.YEAR, D(2026, 6, 1), (D(2026, 1, 1), D(2027, 1, 1))),
    ],
)
def test_a_duty_is_counted_in_its_calendar_period(period, on, expected) -> None:
    assert rules.period_of(make_duty(period=period), on) == expected


# --- Legal bases ------------------------------------------------------------------------------


def test_the_legal_basis_text_in_force_on_each_date() -> None:
    LegalBasis.objects.create(
        key="kitapp.refusal", text="Điều 7", effective_from=D(2025, 1, 1),
        effective_to=D(2026, 7, 1),
    )  # fmt: skip
    LegalBasis.objects.create(key="kitapp.refusal", text="Điều 7a", effective_from=D(2026, 7, 1))
    assert rules.legal_basis("kitapp.refusal", D(2026, 6, 30)) == "Điều 7"
    assert rules.legal_basis("kitapp.refusal", D(2026, 7, 1)) == "Điều 7a"
    assert rules.legal_basis("kitapp.refusal") == "Điều 7a"


def test_a_missing_legal_basis_is_an_error_naming_the_key() -> None:
    with pytest.raises(rules.MissingLegalBasisError, match=r"kitapp\.refusal"):
        rules.legal_basis("kitapp.refusal", D(2026, 1, 1))
    with pytest.raises(rules.MissingLegalBasisError, match=r"kitapp\.nothing"):
        rules.legal_basis("kitapp.nothing")


def test_seeding_creates_only_the_keys_that_have_no_version() -> None:
    defaults = registry.legal_basis_defaults("kitapp")
    assert rules.seed_legal_bases(LegalBasis, defaults) == 1
    assert rules.legal_basis("kitapp.refusal", D(2025, 1, 1)) == (
        "Quy chế cấp phép thử nghiệm, Điều 7"
    )
    assert rules.seed_legal_bases(LegalBasis, defaults) == 0


# --- Keeping the tables -----------------------------------------------------------------------


@pytest.fixture
def superuser(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser(username="quantri", password="x-Strong-9")


def test_a_version_used_by_any_module_keeps_its_numbers_but_may_end(superuser: Any) -> None:
    rule = make_rule(amount=5)
    assert not services.rule_in_use(rule)
    Permit.objects.create(unit=org.UnitFactory(), title="Giấy phép", due_rule=rule)
    assert services.rule_in_use(rule)
    rule.amount = 6
    with pytest.raises(ValidationError, match="end it and add a new version"):
        services.rule_save(rule=rule, actor=superuser)
    rule.refresh_from_db()
    rule.effective_to = D(2026, 7, 1)
    services.rule_save(rule=rule, actor=superuser)
    entry = AuditEntry.objects.filter(action="workflow.rule.saved").get()
    assert entry.target_type == "workflow.deadlinerule"
    assert entry.fields == ["effective_to"]


def test_versions_in_use_may_not_overlap(superuser: Any) -> None:
    make_rule(amount=5)
    with pytest.raises(ValidationError, match="end it first"):
        services.rule_save(
            rule=DeadlineRule(
                key=REVIEW, amount=7, unit="working_days", start_event="receipt",
                legal_basis="x", effective_from=D(2026, 7, 1),
            ),
            actor=superuser,
        )  # fmt: skip
    services.duty_save(duty=DutyRule(key=INSPECTION, count=1, period="year", legal_basis="x",
                                     effective_from=D(2025, 1, 1)), actor=superuser)  # fmt: skip
    with pytest.raises(ValidationError, match="end it first"):
        services.duty_save(
            duty=DutyRule(key=INSPECTION, count=2, period="year", legal_basis="x",
                          effective_from=D(2026, 1, 1)),
            actor=superuser,
        )  # fmt: skip
    services.legal_basis_save(
        basis=LegalBasis(key="kitapp.refusal", text="Điều 7", effective_from=D(2025, 1, 1)),
        actor=superuser,
    )
    with pytest.raises(ValidationError, match="end it first"):
        services.legal_basis_save(
            basis=LegalBasis(key="kitapp.refusal", text="Điều 8", effective_from=D(2026, 1, 1)),
            actor=superuser,
        )


def test_the_admin_offers_registered_keys_with_their_labels(
    client: Any, settings: Any, superuser: Any
) -> None:
    settings.DANVAN_STAFF_OTP_REQUIRED = False
    client.force_login(superuser)
    html = client.get(reverse("admin:workflow_deadlinerule_add")).content.decode()
    assert '<option value="permit.review">Review an application</option>' in html
    assert "permit.inspection" not in html
    html = client.get(reverse("admin:workflow_dutyrule_add")).content.decode()
    assert '<option value="permit.inspection">Inspect granted permits</option>' in html
    response = client.post(
        reverse("admin:workflow_dutyrule_add"),
        {"key": INSPECTION, "count": "2", "period": "month", "legal_basis": "Điều 12",
         "verified": "on", "active": "on", "note": "", "effective_from": "01/01/2026"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rules.duty_in_force(INSPECTION, D(2026, 5, 1)).count == 2
    listing = client.get(reverse("admin:workflow_dutyrule_changelist")).content.decode()
    assert "Inspect granted permits" in listing


def test_only_the_people_who_keep_the_rules_may_change_them(client: Any, settings: Any) -> None:
    from danvan.organizations.roles import Role

    settings.DANVAN_STAFF_OTP_REQUIRED = False
    top = org.UnitFactory()
    lower = org.UnitFactory()
    org.UnitLinkFactory(parent=top, child=lower)
    admin_below = org.UserFactory(is_staff=True)
    org.MembershipFactory(user=admin_below, unit=lower, role=Role.ADMINISTRATOR)
    admin_top = org.UserFactory(is_staff=True)
    org.MembershipFactory(user=admin_top, unit=top, role=Role.ADMINISTRATOR)
    url = reverse("admin:workflow_legalbasis_add")
    client.force_login(admin_below)
    assert client.get(url).status_code == 403
    client.force_login(admin_top)
    assert client.get(url).status_code == 200


def test_the_test_module_has_no_missing_migration() -> None:
    from django.core.management import call_command

    call_command("makemigrations", "kitapp", check=True, dry_run=True, verbosity=0)


def test_a_row_without_a_valid_start_date_is_a_form_error_not_a_server_error(
    client: Any, settings: Any, superuser: Any
) -> None:
    settings.DANVAN_STAFF_OTP_REQUIRED = False
    client.force_login(superuser)
    for start in ("", "31/02/2026"):
        response = client.post(
            reverse("admin:workflow_dutyrule_add"),
            {"key": INSPECTION, "count": "2", "period": "month", "legal_basis": "Điều 12",
             "verified": "on", "active": "on", "note": "", "effective_from": start},
        )  # fmt: skip
        assert response.status_code == 200
        assert "errornote" in response.content.decode()
    assert not DutyRule.objects.filter(key=INSPECTION).exists()
