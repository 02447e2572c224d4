"""The periodic report against figures counted by hand, with its sum identities and a query
bound that does not grow with the letters."""

import datetime as dt

import pytest

from danvan.letters.choices import CaseOutcome, Competence, LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as f
from danvan.reports.figures import compute_figures, periodic_report
from danvan.reports.periods import report_period
from danvan.workflow import report_sources

pytestmark = pytest.mark.django_db

D = dt.date
PERIOD = report_period("q2", 2026)  # 15/3/2026 – 14/6/2026


def letter(office, kind, received, handled=None, *, signers=1, status=None, **fields):
    made = f.receive_distinct(office.unit, office.receiver, 1, kind=kind, received_on=received)[0]
    values = {
        "handled_on": handled,
        "signer_count": signers,
        "duplicate_of": None,
        "eligible": True if handled else None,
        "competence": Competence.OWN if handled else "",
        **fields,
    }
    if status:
        values["status"] = status
    Letter.objects.filter(pk=made.pk).update(**values)
    made.refresh_from_db()
    return made


def case(office, made, accepted, decided=None, outcome="", due=None, **fields):
    opened = f.accept(made, office.leader)
    Case.objects.filter(pk=opened.pk).update(
        accepted_on=accepted,
        decided_on=decided,
        outcome=outcome,
        due_on=due or D(2026, 12, 31),
        **fields,
    )
    Letter.objects.filter(pk=made.pk).update(handled_on=accepted, competence=Competence.OWN,
                                             eligible=True)  # fmt: skip
    return opened


def hand_counted_world():
    office = f.make_office()
    other = f.make_office("Ủy ban nhân dân xã Thử nghiệm Tây")
    # Letters of the office.
    letter(office, LetterKind.COMPLAINT, D(2026, 3, 1))  # carried over, still open
    letter(
        office, LetterKind.COMPLAINT, D(2026, 3, 1), D(2026, 3, 10)
    )  # handled before: not counted
    l3 = letter(office, LetterKind.COMPLAINT, D(2026, 4, 1))
    l4 = letter(office, LetterKind.DENUNCIATION, D(2026, 4, 2), signers=2)
    letter(office, LetterKind.FEEDBACK, D(2026, 4, 3), D(2026, 4, 7), signers=0,
           status=LetterStatus.GUIDED, competence=Competence.OTHER)  # fmt: skip
    old = letter(office, LetterKind.COMPLAINT, D(2026, 1, 5))
    c5 = case(office, old, D(2026, 1, 10), D(2026, 2, 20), CaseOutcome.REJECTED)  # done before
    letter(office, LetterKind.PETITION, D(2026, 4, 4), D(2026, 4, 8), status=LetterStatus.FORWARDED,
           competence=Competence.OTHER, repeat_of_case=c5)  # fmt: skip
    letter(office, LetterKind.COMPLAINT, D(2026, 6, 20))  # after the period
    letter(other, LetterKind.COMPLAINT, D(2026, 4, 1))  # another unit
    # Cases.
    case(office, l3, D(2026, 4, 5), D(2026, 5, 1), CaseOutcome.UPHELD, due=D(2026, 5, 20))
    case(office, l4, D(2026, 4, 6), D(2026, 6, 10), CaseOutcome.PARTLY_UPHELD, due=D(2026, 6, 1))
    case(
        office, letter(office, LetterKind.COMPLAINT, D(2026, 2, 1)), D(2026, 2, 5)
    )  # carried over, open
    c4 = letter(office, LetterKind.COMPLAINT, D(2026, 4, 8))
    case(office, c4, D(2026, 4, 10), status=CaseStatus.TERMINATED, ended_on=D(2026, 5, 5))
    dup = letter(office, LetterKind.COMPLAINT, D(2026, 4, 9))
    case(office, dup, D(2026, 4, 12))
    Letter.objects.filter(pk=dup.pk).update(duplicate_of=l3)  # the same matter as l3
    return office, other


def test_figures_match_the_hand_count_and_every_identity_holds():
    office, _other = hand_counted_world()
    report = periodic_report(period=PERIOD, unit_ids=[office.unit.pk], unit_names=["x"])
    xld = report.table("01/XLD").values
    # Letters: carried 1; received l3, l4, feedback, petition, c4, dup = 6 (single 4, several
    # 1, no signer 1); processed 6 (all handled in the period), eligible 6: complaints l3, c4,
    # dup; denunciation l4; feedback and petition. The petition repeats a first-time case.
    expected_xld = {
        "1": 7, "2": 1, "3": 6, "4": 4, "5": 1, "6": 1, "7": 6, "8": 6, "9": 3, "10": 1,
        "11": 2, "12": 5, "13": 1, "14": 0, "15": 4, "16": 3, "17": 1, "18": 0, "19": 2,
        "20": 1, "21": 1, "22": 0, "23": 0,
    }  # fmt: skip
    assert xld == expected_xld
    # Complaints: carried 1 (open), accepted l3 and c4 (dup is l3's matter) = 3; l3 resolved
    # upheld on time; c4 ended; one open.
    kn = report.table("01/KQGQ").values
    assert kn == {"1": 3, "2": 1, "3": 2, "4": 1, "5": 1, "6": 0, "7": 0, "8": 1, "9": 1,
                  "10": 0, "11": 1}  # fmt: skip
    # Denunciations: l4 accepted and resolved partly right, after its due date.
    tc = report.table("02/KQGQ").values
    assert tc == {"1": 1, "2": 0, "3": 1, "4": 1, "5": 0, "6": 0, "7": 1, "8": 0, "9": 0,
                  "10": 1, "11": 0}  # fmt: skip
    assert report.table("01/TCD").values == dict.fromkeys(["1", "2", "3", "4", "5", "6"], 0)
    assert report.ok, [c for t in report.tables for c in t.checks if not c.ok]
    assert len([c for t in report.tables for c in t.checks]) == 15


class _Reception:
    def counts(self, *, start, end, unit_ids):
        return {"reception.visits": 4, "reception.people": 6, "reception.matters": 3,
                "reception.matters_first": 2, "reception.matters_repeat": 1}  # fmt: skip

    def rows(self, *, start, end, unit_ids):
        return []


def test_a_registered_reception_source_fills_table_tcd():
    report_sources.register_reception_source(_Reception())
    try:
        figures = compute_figures(period=PERIOD, unit_ids=[1])
    finally:
        report_sources.register_reception_source(None)
    assert figures["reception.visits"] == 4
    assert figures["reception.groups"] == 0


def test_the_report_takes_two_queries_however_many_letters(django_assert_max_num_queries):
    office = f.make_office()
    f.receive_distinct(office.unit, office.receiver, 3, received_on=D(2026, 4, 1))
    with django_assert_max_num_queries(2) as few:
        compute_figures(period=PERIOD, unit_ids=[office.unit.pk])
    f.receive_distinct(office.unit, office.receiver, 25, received_on=D(2026, 4, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        figures = compute_figures(period=PERIOD, unit_ids=[office.unit.pk])
    assert figures["letters.received"] == 28
