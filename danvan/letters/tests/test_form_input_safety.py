"""What people type and send is cleaned and bounded before anything uses it: invisible and
direction-override characters are removed from every text field, a number too large for its
column is a form error (never a server error, on SQLite or PostgreSQL), and an active PDF or a
zip bomb attached to a letter or a proposal is refused with a message saying why.

The walk over every form of the project makes these rules hold for a form written tomorrow:
a plain ``forms.CharField`` or an unbounded ``forms.IntegerField`` fails it."""

from __future__ import annotations

import contextlib
import importlib
import io
import pkgutil
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfWriter
from pypdf.actions import JavaScript

import danvan
from danvan.core.form_fields import (
    INT32_MAX,
    INT32_MIN,
    INT64_MAX,
    CleanCharField,
    query_int,
)
from danvan.core.text import clean_line, clean_text
from danvan.letters import files
from danvan.letters.forms.public import LetterForm
from danvan.letters.models import Letter
from danvan.letters.tests import factories as lf
from danvan.letters.tests.public_support import Setting, letter_data, make_setting, upload
from danvan.workflow.attachments import AttachmentRejectedError, check_files

HUGE = str(10**20)


def _vi(message: str) -> str:
    """The Vietnamese the pages show for ``message`` (as HTML escapes it)."""
    with translation.override("vi"):
        return escape(gettext(message))


# --- Cleaning text ----------------------------------------------------------------------------


def test_clean_line_removes_invisible_and_direction_characters_and_composes() -> None:
    typed = (
        "\ufeff Nguye\u0302\u0303n\u200b Th\u1ecb\u00ad Ho\u00e0\u200d "
        "\u202egnol\u202c \u2066x\u2069\u061c\u2060\tmột\ndòng "
    )
    assert clean_line(typed) == "Nguyễn Thị Hoà gnol x một dòng"
    assert clean_line(clean_line(typed)) == clean_line(typed)
    assert clean_line("\U000e0041tag\u200e\u200f") == "tag"  # other Cf: tags, LRM/RLM


def test_clean_text_keeps_line_breaks_but_not_invisible_characters() -> None:
    typed = "Kính gửi\u200b Ủy ban,\r\n\r\nCống\u202e bị tắc.\u2028Xin cảm ơn.\x00"
    assert clean_text(typed) == "Kính gửi Ủy ban,\n\nCống bị tắc.\nXin cảm ơn."


def test_the_public_letter_form_cleans_what_the_person_typed(db: Any) -> None:
    setting = make_setting()
    data = letter_data(
        setting,
        subject="Co\u0302\u0301ng\u200b thoát nước\u202e trước nhà",
        full_name="Nguy\u1ec5n\u00ad Thị\u2060 Hoà",
        address="Số 9\u200d ngõ 3",
        place="Trước\ufeff nhà số 12",
        content="Dòng một\u200b\r\nDòng hai\u202e",
    )
    form = LetterForm(data)
    form.is_valid()
    cleaned = form.cleaned_data
    assert cleaned["subject"] == "Cống thoát nước trước nhà"
    assert cleaned["full_name"] == "Nguyễn Thị Hoà"
    assert cleaned["address"] == "Số 9 ngõ 3"
    assert cleaned["place"] == "Trước nhà số 12"
    assert cleaned["content"] == "Dòng một\nDòng hai"


def test_a_subject_of_invisible_characters_only_is_empty_and_so_required(db: Any) -> None:
    setting = make_setting()
    form = LetterForm(letter_data(setting, subject="\u200b\u200c\u202e\ufeff"))
    assert not form.is_valid()
    assert "subject" in form.errors


# --- Every form of the project ----------------------------------------------------------------


def _project_modules() -> Iterator[str]:
    skipped = (".tests", ".migrations", ".management", "danvan.wsgi", "danvan.asgi", "__main__")
    for info in pkgutil.walk_packages(danvan.__path__, prefix="danvan."):
        if not any(part in info.name for part in skipped):
            yield info.name


def _project_forms() -> list[type[forms.BaseForm]]:
    for name in _project_modules():
        importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []
    stack: list[type[Any]] = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            module = sub.__module__
            if module.startswith("danvan.") and ".tests" not in module:
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _integer_columns() -> dict[str, int]:
    """The largest value each integer column name of the project's models can hold (the
    smallest such bound when several models use the name)."""
    ranges = BaseDatabaseOperations.integer_field_ranges
    largest: dict[str, int] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("danvan."):
            continue
        for field in model._meta.concrete_fields:
            kind = field.get_internal_type()
            if kind in ranges:
                largest[field.name] = min(largest.get(field.name, INT64_MAX), ranges[kind][1])
    return largest


def _fields(cls: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The declared fields, and those a form adds in ``__init__`` when it can be built bare."""
    fields = dict(cls.base_fields)
    # A form that needs arguments (units, a policy, an object) has its declared fields checked.
    with contextlib.suppress(TypeError):
        fields.update(cls().fields)
    return fields


@pytest.mark.django_db
def test_every_integer_field_of_every_form_fits_the_column_it_feeds() -> None:
    """A number beyond the column is a form error in Vietnamese, not a database error."""
    found = _project_forms()
    assert len(found) > 40  # the walk really finds the forms of every context
    columns = _integer_columns()
    unbounded = []
    for cls in found:
        for name, field in _fields(cls).items():
            if not isinstance(field, forms.IntegerField):
                continue
            limit = columns.get(name, INT32_MAX)
            if field.max_value is None or int(field.max_value) > limit:
                unbounded.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
            elif field.min_value is None or int(field.min_value) < INT32_MIN:
                unbounded.append(f"{cls.__module__}.{cls.__qualname__}.{name} (minimum)")
    assert unbounded == []


@pytest.mark.django_db
def test_every_text_field_of_every_form_is_cleaned() -> None:
    """Django admin's model forms are the administrators' own screens and keep their fields."""
    plain = []
    for cls in _project_forms():
        if cls.__module__.endswith(".admin") or ".admin." in cls.__module__:
            continue
        for name, field in _fields(cls).items():
            if isinstance(field.widget, forms.PasswordInput):
                continue  # a password is kept exactly as typed
            if isinstance(field, forms.CharField) and not isinstance(field, CleanCharField):
                if type(field).__module__.startswith("django.") and type(field) is not (
                    forms.CharField
                ):
                    continue  # EmailField, URLField, …: their own validation
                plain.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert plain == []


def test_query_int_refuses_what_no_column_holds() -> None:
    assert query_int("12") == 12
    assert query_int(HUGE) is None
    assert query_int("9" * 5000) is None  # past Python's int-string limit: no ValueError out
    assert query_int("-3") is None
    assert query_int("abc") is None
    assert query_int(None) is None


# --- Requests with 10**20, on the real database ------------------------------------------------


def _world_with_case() -> tuple[Any, Any]:
    world = lf.make_world()
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    case = lf.accept(letter, office.leader, resolver=office.leader)
    return office, case


@pytest.mark.django_db
def test_the_public_form_answers_a_huge_number_with_its_own_message() -> None:
    setting: Setting = make_setting()
    client = Client()
    response = client.post(reverse("letters:submit"), letter_data(setting, field=HUGE))
    assert response.status_code == 200
    assert _vi("Choose a field from the list.") in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_the_tracking_page_answers_a_huge_code_and_pin() -> None:
    client = Client()
    response = client.post(reverse("letters:track"), {"code": HUGE, "pin": HUGE})
    assert response.status_code in {200, 400}
    response = client.get(reverse("letters:track"), {"code": HUGE, "page": HUGE})
    assert response.status_code in {200, 400}


@pytest.mark.django_db
def test_staff_filters_and_exports_ignore_a_huge_unit_with_a_message() -> None:
    office, _case = _world_with_case()
    client = Client()
    client.force_login(office.leader)
    listing = client.get(
        reverse("letters:staff-letter-list"), {"unit": HUGE, "page": HUGE, "rows": HUGE}
    )
    assert listing.status_code == 200
    assert "lựa chọn" in listing.content.decode()  # named beside the unit filter
    cases = client.get(reverse("letters:staff-case-list"), {"unit": HUGE, "page": HUGE})
    assert cases.status_code == 200
    export = client.get(reverse("letters:staff-letter-export"), {"unit": HUGE})
    assert export.status_code == 200
    assert client.get(reverse("letters:staff-letter-create"), {"rows": HUGE}).status_code == 200


@pytest.mark.django_db
def test_a_staff_action_with_a_huge_version_and_handler_is_a_form_error() -> None:
    """Several handlers at once (a multiple choice) was the one lookup SQLite could not take."""
    office, case = _world_with_case()
    before = case.version
    client = Client()
    client.force_login(office.leader)
    url = reverse("letters:staff-case-assign", args=[case.pk])
    stale = _vi("This form is out of date: reload the page and try again.")
    response = client.post(
        url, {"assign-version": HUGE, "assign-handlers": [HUGE, str(office.handler.pk)]}
    )
    assert response.status_code == 200
    assert stale in response.content.decode()
    response = client.post(url, {"assign-version": str(case.version), "assign-handlers": [HUGE]})
    assert response.status_code == 200
    assert f"{HUGE} không phải là một trong các lựa chọn" in response.content.decode()
    case.refresh_from_db()
    assert case.version == before  # nothing was saved


# --- Active files through the product's checks ------------------------------------------------


def _javascript_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.launchURL('https://example.invalid');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(120):
                member.write(bytes(1024 * 1024))
    return out.getvalue()


def test_a_letter_and_a_proposal_refuse_a_pdf_with_javascript() -> None:
    with pytest.raises(files.FileRejectedError, match="JavaScript"):
        files.check_upload(upload("don.pdf", _javascript_pdf()))
    with pytest.raises(AttachmentRejectedError, match="JavaScript"):
        check_files([upload("du-thao.pdf", _javascript_pdf())])


def test_a_letter_and_a_proposal_refuse_a_zip_bomb_named_docx() -> None:
    with pytest.raises(files.FileRejectedError, match="zip bomb"):
        files.check_upload(upload("don.docx", _bomb_docx()))
    with pytest.raises(AttachmentRejectedError, match="zip bomb"):
        check_files([upload("du-thao.docx", _bomb_docx())])


@pytest.mark.django_db
def test_the_public_form_shows_why_a_pdf_was_refused_and_keeps_the_text() -> None:
    setting = make_setting()
    data = letter_data(setting, attachments=upload("don.pdf", _javascript_pdf()))
    response = Client().post(reverse("letters:submit"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "JavaScript" in html
    assert data["content"] in html
    assert not Letter.objects.exists()
