"""The services behind the public form: which unit receives a letter, drafts kept on disk, and
the upload handler that stops reading an oversized file."""

from __future__ import annotations

import datetime as dt
import os
import time
from io import BytesIO
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import SkipFile
from django.test import RequestFactory

from danvan.letters import files
from danvan.letters.services import public_intake
from danvan.letters.services.public_intake import DraftFile, PublicLetter
from danvan.letters.tests.public_support import Setting, exe_bytes, make_setting, png_bytes, upload
from danvan.letters.uploads import LimitedUploadHandler, refused_uploads
from danvan.organizations.matters import LetterKind, MatterType
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(db: Any) -> Setting:
    return make_setting()


def test_the_competent_unit_receives_the_letter(setting: Setting) -> None:
    commune = org.UnitFactory(name="Ủy ban nhân dân xã Hoa Sen", ward=setting.ward)
    org.CompetenceFactory(unit=commune, letter_kind=LetterKind.FEEDBACK, matter=MatterType.STATE)
    unit = public_intake.receiving_unit_for(
        LetterKind.FEEDBACK, MatterType.STATE, setting.field, setting.province, setting.ward
    )
    assert unit == commune


def test_without_a_competent_unit_the_configured_default_receives_it(
    setting: Setting, settings: Any
) -> None:
    default = org.UnitFactory(code="van-phong-tiep-dan")
    settings.DANVAN_DEFAULT_INTAKE_UNIT = "van-phong-tiep-dan"
    unit = public_intake.receiving_unit_for(
        LetterKind.COMPLAINT, MatterType.STATE, None, None, None
    )
    assert unit == default


def test_else_the_first_root_unit_with_a_receiving_officer(setting: Setting, settings: Any) -> None:
    settings.DANVAN_DEFAULT_INTAKE_UNIT = "khong-co-don-vi-nay"
    child = org.UnitFactory()
    org.UnitLinkFactory(parent=setting.unit, child=child)
    org.MembershipFactory(unit=child, role=Role.RECEIVING_OFFICER)
    org.UnitFactory(name="Đơn vị gốc không có cán bộ tiếp nhận")
    unit = public_intake.receiving_unit_for(LetterKind.PETITION, MatterType.STATE, None, None, None)
    assert unit == setting.unit


def test_a_unit_that_has_ended_does_not_receive(setting: Setting) -> None:
    setting.unit.effective_to = dt.date(2025, 7, 1)
    setting.unit.save()
    with pytest.raises(public_intake.IntakeNotConfiguredError):
        public_intake.receiving_unit_for(LetterKind.FEEDBACK, MatterType.STATE, None, None, None)


def test_party_fields_make_a_party_matter(db: Any) -> None:
    group = org.FieldFactory(code="party-and-mass-organisations")
    child = org.FieldFactory(code="party-and-mass-organisations-discipline", parent=group)
    other = org.FieldFactory(code="administrative-housing")
    assert public_intake.matter_for_field(child) == MatterType.PARTY
    assert public_intake.matter_for_field(other) == MatterType.STATE
    assert public_intake.matter_for_field(None) == MatterType.STATE


def test_a_draft_file_is_checked_and_kept_under_a_random_name(db: Any) -> None:
    item = public_intake.draft_file_save(upload("ảnh hiện trường.png", png_bytes(), "image/png"))
    assert item.path.startswith("drafts/")
    assert "anh" not in item.token
    assert default_storage.exists(item.path)
    assert item.upload().read() == png_bytes()
    public_intake.draft_files_delete([item])
    assert not default_storage.exists(item.path)


def test_a_draft_file_with_forged_content_is_refused(db: Any) -> None:
    with pytest.raises(files.FileRejectedError):
        public_intake.draft_file_save(upload("hoa-don.pdf", exe_bytes(), "application/pdf"))
    assert not default_storage.exists("drafts") or default_storage.listdir("drafts")[1] == []


def test_a_token_from_the_session_is_never_a_path() -> None:
    assert DraftFile.from_session({"token": "../../danvan.sqlite3", "name": "x"}) is None
    assert DraftFile.from_session({"token": "a" * 47 + "/", "name": "x"}) is None
    assert DraftFile.from_session("drafts/abc") is None
    assert DraftFile.from_session({"token": "a" * 48, "name": "x", "size": 3}) is not None


def test_old_drafts_are_purged(db: Any) -> None:
    old = public_intake.draft_file_save(upload("cu.png", png_bytes(), "image/png"))
    new = public_intake.draft_file_save(upload("moi.png", png_bytes(), "image/png"))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(old.path), (two_days_ago, two_days_ago))
    assert public_intake.drafts_purge() == 1
    assert not default_storage.exists(old.path)
    assert default_storage.exists(new.path)


def test_a_draft_round_trips_through_the_session_and_rejects_junk() -> None:
    letter = PublicLetter(kind="complaint", subject="Khiếu nại", content="Nội dung", phone="+84912")
    assert PublicLetter.from_session(letter.to_session()) == letter
    assert PublicLetter.from_session({"kind": "mixed", "subject": "a", "content": "b"}) is None
    assert PublicLetter.from_session({"kind": "feedback", "subject": 3}) is None
    assert letter.needs_signature
    assert not PublicLetter(
        kind="denunciation", subject="a", content="b", anonymous=True
    ).needs_signature


def _handler(max_mb: int, settings: Any) -> tuple[LimitedUploadHandler, Any]:
    settings.DANVAN_LETTER_MAX_FILE_MB = max_mb
    request = RequestFactory().post("/gui-don/")
    handler = LimitedUploadHandler(request)
    return handler, request


def test_the_upload_handler_stops_at_the_limit(settings: Any) -> None:
    handler, request = _handler(1, settings)
    handler.new_file("attachments", "lon.pdf", "application/pdf", None)
    chunk = b"0" * (512 * 1024)
    handler.receive_data_chunk(chunk, 0)
    handler.receive_data_chunk(chunk, len(chunk))
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"0", 2 * len(chunk))
    assert refused_uploads(request).too_large == ["lon.pdf"]


def test_the_upload_handler_skips_files_beyond_the_maximum(settings: Any) -> None:
    handler, request = _handler(1, settings)
    for i in range(files.max_files()):
        handler.new_file("attachments", f"anh-{i}.png", "image/png", None)
    with pytest.raises(SkipFile):
        handler.new_file("attachments", "C:\\Users\\an\\anh-thua.png", "image/png", None)
    assert refused_uploads(request).too_many == ["anh-thua.png"]


def test_a_request_without_the_handler_has_nothing_refused() -> None:
    request = RequestFactory().post("/gui-don/", {"a": BytesIO(b"x")})
    assert not refused_uploads(request)
