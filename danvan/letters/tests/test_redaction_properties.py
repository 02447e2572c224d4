"""Properties of identity redaction: however a letter writes a denouncer's name, identity number,
telephone, address or e-mail, nothing of it is left (Luật Tố cáo Arts. 8(3), 47, 56), and a text
without them is left as it was.

Each test draws a real-looking identity (fictional people), writes one of its identifiers the
way people do (partly, with a title, reordered, hyphenated, without diacritics, in another case,
grouped or prefixed differently, with invisible characters inside), embeds it in a Vietnamese
sentence, and checks the result with a check of its own, not with the redaction's patterns.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.text import fold
from danvan.letters.redaction import COMMON_NAME_WORDS, identity_strings, redact, redactor

MARK = "▮"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Trịnh", "Đinh"]
MIDDLE_NAMES = ["Thị", "Văn", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Xuân", "Quang"]
GIVEN_NAMES = [
    "Xuyến", "Nguyệt", "Tuấn", "Hùng", "Hương", "Dũng", "Thủy", "Khánh", "Phượng", "Nghĩa",
    "Loan", "Hạnh", "Bình", "Yến",
]  # fmt: skip
TITLES = ["bà", "Bà", "ông", "Ông", "chị", "anh", "cô", "chú", "bác", "em", "cháu", "cụ",
          "đồng chí", "đ/c"]  # fmt: skip
PROVINCE_CODES = ["001", "079", "031", "048", "092", "002", "036"]
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "032", "035", "038", "039",
                   "070", "077", "079", "081", "083", "086", "088", "056", "058"]  # fmt: skip
STREETS = ["Lò Sũ", "Hàng Bạc", "Trần Hưng Đạo", "Nguyễn Trãi", "Kim Mã", "Tô Hiến Thành",
           "Hồ Tùng Mậu", "Lý Thường Kiệt"]  # fmt: skip
WARDS = ["Hoàn Kiếm", "Ba Đình", "Bến Nghé", "Hải Châu"]
CITIES = ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]  # fmt: skip

BEFORE = [
    "Tôi là",
    "Kính gửi Ủy ban nhân dân phường, người viết đơn là",
    "Theo Điều 8 Luật Tố cáo, ngày 12/3/2025 người tố cáo",
    "Liên hệ:",
    "Thông tin (xin giữ bí mật):",
]
AFTER = [
    "xin đề nghị cơ quan xem xét.",
    "đã nộp số tiền 5.000.000 đồng ngày 12/3/2025.",
    "theo khoản 3 Điều 47 và Điều 56.",
    "\nTrân trọng.",
]
#: Plain sentences: lower-case words that fold like names ("xuyên suốt", "anh hùng", "hòa
#: bình", "thị trấn"), dates, amounts, article numbers, a street or ward without a house number.
PLAIN = [
    "Ngày 12/3/2025 tôi đến trụ sở.",
    "Việc thu 5.000.000 đồng là trái Điều 8 Luật Tố cáo.",
    "Cán bộ phải giữ hòa bình và an ninh xuyên suốt quá trình.",
    "Người dân thị trấn coi ông ấy là anh hùng.",
    "Văn bản số 15/2025/QĐ-UBND ngày 01/02/2025 chưa được thực hiện.",
    "Khoản 3 Điều 47 và Điều 56 quy định việc bảo vệ người tố cáo.",
    "Đường phố quanh phường đông người.",
    "Ông Nguyễn Văn X nhận tiền của người dân.",
    "Thời hạn giải quyết là 30 ngày, gia hạn thêm 30 ngày.",
    "Tổng cộng 12 hộ dân, 45 người ký tên.",
]

marks = st.sampled_from(INVISIBLE)


def _without_marks(text: str) -> str:
    """``text`` without diacritics, case kept (đ → d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@st.composite
def people(draw: st.DrawFn) -> dict[str, str]:
    surname = draw(st.sampled_from(SURNAMES))
    middle = draw(st.sampled_from(MIDDLE_NAMES))
    given_name = draw(st.sampled_from(GIVEN_NAMES))
    digits = st.text("0123456789", min_size=1, max_size=1)
    cccd = (
        draw(st.sampled_from(PROVINCE_CODES))
        + draw(st.sampled_from("0123"))
        + "".join(draw(digits) for _ in range(8))
    )
    cmnd = draw(st.sampled_from("0123")) + "".join(draw(digits) for _ in range(8))
    passport = draw(st.sampled_from("BCN")) + "".join(draw(digits) for _ in range(7))
    mobile = draw(st.sampled_from(MOBILE_PREFIXES)) + "".join(draw(digits) for _ in range(7))
    house = str(draw(st.integers(10, 299)))
    if draw(st.booleans()):
        house += f"/{draw(st.integers(1, 99))}"
    lane = draw(st.one_of(st.none(), st.integers(1, 99)))
    street = draw(st.sampled_from(STREETS))
    lane_part = f" ngõ {lane}" if lane else ""
    address = (
        draw(
            st.sampled_from(
                [
                    f"Số {house}{lane_part} phố {street}",
                    f"{house}{lane_part} {street}",
                    f"Số {house}{lane_part}, đường {street}",
                ]
            )
        )
        + f", phường {draw(st.sampled_from(WARDS))}, {draw(st.sampled_from(CITIES))}"
    )
    stored_phone = draw(
        st.sampled_from([mobile, f"+84{mobile[1:]}", f"{mobile[:4]} {mobile[4:7]} {mobile[7:]}"])
    )
    return {
        "surname": surname,
        "middle": middle,
        "given": given_name,
        "full_name": f"{surname} {middle} {given_name}",
        "id_number": draw(st.sampled_from([cccd, cmnd, passport])),
        "phone": stored_phone,
        "mobile": mobile,
        "email": f"{fold(_without_marks(given_name))}.{draw(st.integers(1, 999))}@example.vn",
        "address": address,
        "house": house,
        "lane": str(lane or ""),
        "street": street,
    }


def _identity(person: dict[str, str]) -> list[str]:
    return identity_strings(
        full_name=person["full_name"],
        id_number=person["id_number"],
        phone=person["phone"],
        email=person["email"],
        address=person["address"],
    )


def _with_invisibles(draw: st.DrawFn, text: str) -> str:
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        chars.insert(draw(st.integers(0, len(chars))), draw(marks))
    return "".join(chars)


def _case(draw: st.DrawFn, text: str, *, single_word: bool) -> str:
    # A lone given name is redacted only when capitalised ("hòa bình" must stay).
    options = ["keep", "upper", "title"] if single_word else ["keep", "upper", "lower", "title"]
    choice = draw(st.sampled_from(options))
    if choice == "upper":
        return text.upper()
    if choice == "lower":
        return text.lower()
    if choice == "title":
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    return text


@st.composite
def written_names(draw: st.DrawFn, person: dict[str, str]) -> tuple[str, bool]:
    """A way of writing the person's name, and whether it is a single word."""
    s, m, g = person["surname"], person["middle"], person["given"]
    words = draw(
        st.sampled_from(
            [
                [s, m, g],
                [g, s, m],
                [s, g],
                [m, g],
                [g, s],
                [g, m],
                [g],
            ]
        )
    )
    sep = draw(st.sampled_from([" ", "  ", "\n", " \n ", "-", "\t", " - "]))
    single = len(words) == 1
    name = sep.join(words)
    if draw(st.booleans()):
        name = _without_marks(name)
    name = _case(draw, name, single_word=single)
    if single:
        name = name[:1].upper() + name[1:]
    name = _with_invisibles(draw, name)
    title = draw(st.one_of(st.none(), st.sampled_from(TITLES)))
    return (f"{title} {name}" if title else name), single


def _number_grouped(draw: st.DrawFn, digits: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(digits):
        size = draw(st.integers(1, 4))
        out.append(digits[i : i + size])
        i += size
    sep = draw(st.sampled_from(["", " ", ".", "-", " - "]))
    return sep.join(out)


def _digit_runs(text: str) -> list[str]:
    """The numbers of ``text`` as digit strings, counting spaces, dots and dashes inside a
    number as part of it."""
    return [re.sub(r"\D", "", run) for run in re.findall(r"\d(?:[\s.\-]*\d)*", _visible(text))]


def _tokens(text: str) -> list[str]:
    return re.findall(rf"\w+|{MARK}", _visible(text))


SETTINGS: Any = settings(max_examples=120, deadline=None)


@SETTINGS
@given(
    data=st.data(), person=people(), before=st.sampled_from(BEFORE), after=st.sampled_from(AFTER)
)
def test_a_written_name_is_removed(
    data: st.DataObject, person: dict[str, str], before: str, after: str
) -> None:
    """Luật Tố cáo Art. 8(3): the denouncer's name, however written, is not revealed; a title
    before it stays, and the text around it is kept."""
    written, _single = data.draw(written_names(person))
    text = f"{before} {written}, {after}"
    out = redact(text, _identity(person), marker=MARK)
    assert out.startswith(before)
    assert out.endswith(after)
    given_folded = fold(person["given"])
    name_words = {fold(person["surname"]), fold(person["middle"]), given_folded}
    tokens = _tokens(out)
    for token in tokens:
        assert not (fold(token) == given_folded and token[:1].isupper()), (text, out)
    for left, right in itertools.pairwise(tokens):
        pair = {fold(left), fold(right)}
        if pair <= name_words and not pair <= COMMON_NAME_WORDS:
            raise AssertionError((text, out))


@SETTINGS
@given(
    data=st.data(), person=people(), before=st.sampled_from(BEFORE), after=st.sampled_from(AFTER)
)
def test_a_written_number_is_removed(
    data: st.DataObject, person: dict[str, str], before: str, after: str
) -> None:
    """Luật Tố cáo Art. 8(3): an identity number or telephone, grouped, prefixed or with
    invisible characters inside, leaves none of its digits as a number in the text."""
    kind = data.draw(st.sampled_from(["id", "phone"]))
    if kind == "id":
        value = person["id_number"]
        letters, digits = re.match(r"([A-Z]*)(\d+)", value).groups()  # type: ignore[union-attr]
        written = letters + data.draw(st.sampled_from(["", " ", "-"])) if letters else ""
        written += _number_grouped(data.draw, digits)
        key = digits
    else:
        national = person["mobile"][1:]
        prefix = data.draw(
            st.sampled_from(["0", "+84 ", "+84", "84", "(+84) ", "0084 ", "+84 (0) ", "0"])
        )
        written = prefix + _number_grouped(data.draw, national)
        key = national
    if data.draw(st.booleans()):
        written = written.lower()
    written = _with_invisibles(data.draw, written)
    text = f"{before} {written} {after}"
    out = redact(text, _identity(person), marker=MARK)
    assert out.startswith(before)
    assert out.endswith(after)
    assert not any(key in run for run in _digit_runs(out)), (text, out)


def _house_next_to_street(out: str, house: str, street: str) -> bool:
    tokens = re.findall(rf"[a-z]+|\d+(?:\s*/\s*\d+)*|{MARK}", fold(_visible(out)))
    house_token = house.replace(" ", "")
    street_words = fold(street).split()
    fillers = {"so", "nha", "pho", "duong", "p", "d", "ngo"}
    for i, token in enumerate(tokens):
        if re.sub(r"\s", "", token) != house_token:
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j] in fillers or tokens[j].isdigit()):
            j += 1
        if tokens[j : j + len(street_words)] == street_words:
            return True
        k = i - 1
        while k >= 0 and tokens[k] in fillers:
            k -= 1
        if k + 1 - len(street_words) >= 0 and tokens[k + 1 - len(street_words) : k + 1] == (
            street_words
        ):
            return True
    return False


@SETTINGS
@given(
    data=st.data(), person=people(), before=st.sampled_from(BEFORE), after=st.sampled_from(AFTER)
)
def test_a_rewritten_address_is_removed(
    data: st.DataObject, person: dict[str, str], before: str, after: str
) -> None:
    """Luật Tố cáo Art. 8(3): the house number with the street identifies the denouncer however
    the address is rewritten; the ward and city around it stay."""
    house, street = person["house"], person["street"]
    lane = f" ngõ {person['lane']}" if person["lane"] else ""
    written = data.draw(
        st.sampled_from(
            [
                f"{house}{lane} {street}",
                f"số nhà {house}{lane} {street}",
                f"nhà số {house}{lane}, phố {street}",
                f"{house}{lane} P. {street}",
                f"số {house}{lane} đường {street}",
                f"{house},{lane} {street}",
                f"số {house}{lane}, Đ. {street}",
                f"{street} số {house}",
            ]
        )
    )
    if data.draw(st.booleans()):
        written = _without_marks(written)
    written = data.draw(st.sampled_from([written, written.upper(), written.lower()]))
    written = _with_invisibles(data.draw, written)
    text = f"{before} {written}, phường {WARDS[0]}, {after}"
    out = redact(text, _identity(person), marker=MARK)
    assert out.startswith(before), out
    assert out.endswith(f", phường {WARDS[0]}, {after}"), out
    assert not _house_next_to_street(out, house, street), (text, out)


@SETTINGS
@given(
    data=st.data(), person=people(), before=st.sampled_from(BEFORE), after=st.sampled_from(AFTER)
)
def test_an_email_in_any_case_is_removed(
    data: st.DataObject, person: dict[str, str], before: str, after: str
) -> None:
    """Luật Tố cáo Art. 8(3): the e-mail address is not revealed, whatever its case."""
    email = person["email"]
    written = data.draw(st.sampled_from([email, email.upper(), email.capitalize()]))
    text = f"{before} {written} {after}"
    out = redact(text, _identity(person), marker=MARK)
    assert email not in out.casefold()
    assert out == f"{before} {MARK} {after}"


@settings(max_examples=200, deadline=None)
@given(
    person=people(),
    sentences=st.lists(st.sampled_from(PLAIN), min_size=1, max_size=6),
    street_alone=st.booleans(),
)
def test_text_without_identity_is_left_unchanged(
    person: dict[str, str], sentences: list[str], street_alone: bool
) -> None:
    """A text that names no signer keeps every word: lower-case words that fold like a name,
    dates, amounts, article numbers, and a street or ward named without a house number."""
    if street_alone:
        sentences = [*sentences, f"Người dân phố {person['street']}, phường {WARDS[1]} phản ánh."]
    text = " ".join(sentences)
    assert redact(text, _identity(person), marker=MARK) == text
    assert not redactor(_identity(person)).contains(text)


def test_known_forms_of_one_identity() -> None:
    """Luật Tố cáo Arts. 8(3), 47, 56: the forms people write, one by one."""
    identity = identity_strings(
        full_name="Nguyễn Thị Xuyến",
        id_number="001085012345",
        phone="0912345678",
        email="Xuyen.Nguyen@Example.vn",
        address="Số 14 phố Lò Sũ, phường Hoàn Kiếm, Hà Nội",
    )
    cases = {
        "Bà Xuyến gọi điện.": "Bà # gọi điện.",
        "bà Nguyễn Thị Xuyến": "bà #",
        "Xuyến Nguyễn Thị; Nguyễn Xuyến; Nguyễn-Thị-Xuyến": "#; #; #",
        "NGUYEN THI XUYEN": "#",
        "Ngu\u200byễn  Thị\nXu\u00adyến ký": "# ký",
        "CCCD 001 085 012 345": "CCCD #",
        "ĐT 0912 345 678, +84 912-345-678, (+84) 912.345.678, 0084912345678": "ĐT #, #, #, #",
        "XUYEN.NGUYEN@EXAMPLE.VN": "#",
        "Tôi ở 14 Lò Sũ.": "Tôi ở #.",
        "Tôi ở số nhà 14 Lò Sũ.": "Tôi ở số nhà #.",
        "Nhà tôi: 14 P. Lò Sũ.": "Nhà tôi: #.",
        "Tôi ở nhà số 14, phố Lò Sũ.": "Tôi ở nhà #.",
        "Tôi ở phố Lò Sũ số 14.": "Tôi ở phố #.",
        "phố Lò Sũ, phường Hoàn Kiếm": "phố Lò Sũ, phường Hoàn Kiếm",
        "hòa bình, xuyên suốt, Điều 8, 12/3/2025, TP. Hồ Chí Minh": (
            "hòa bình, xuyên suốt, Điều 8, 12/3/2025, TP. Hồ Chí Minh"
        ),
        "chị Xuyến và ông Nguyễn Văn X": "chị # và ông Nguyễn Văn X",
    }
    for text, expected in cases.items():
        assert redact(text, identity, marker="#") == expected, text


def test_other_identity_numbers() -> None:
    """A 9-digit CMND, a passport, and an alley address with slashes (Luật Tố cáo Art. 8(3))."""
    identity = identity_strings(
        full_name="Trịnh Văn Nghĩa",
        id_number="C1234567",
        phone="+84 356 789 012",
        address="Số 14/5 ngõ 20 Lò Sũ, Hà Nội",
    )
    assert redact("hộ chiếu c 1234567, ĐT 0356.789.012", identity, "#") == "hộ chiếu #, ĐT #"
    assert redact("số 14/5 ngõ 20 Lò Sũ; 14 Lò Sũ", identity, "#") == "#; 14 Lò Sũ"
    assert redact("CMND 012.345.678", ["012345678"], "#") == "CMND #"
    assert redact("số 123012345678", ["012345678"], "#") == "số 123012345678"


def test_a_capitalised_word_spelt_otherwise_is_not_the_name() -> None:
    """The given name alone is the name when spelt as it, whichever vowel carries the tone
    mark, or written without diacritics; "Hưng" in a street name is not "Hùng"."""
    identity = ["Lê Văn Hùng", "Đặng Thị Thủy"]
    assert redact("phố Trần Hưng Đạo", identity, "#") == "phố Trần Hưng Đạo"
    assert redact("anh Hùng, anh Hung, chị Thuỷ, chi Thuy", identity, "#") == (
        "anh #, anh #, chị #, chi #"
    )
    assert redact("người anh hùng", identity, "#") == "người anh hùng"


def test_a_name_stored_with_a_hyphen_or_invisible_characters() -> None:
    """The stored name may itself carry a hyphen or an invisible character (Luật Tố cáo
    Art. 8(3))."""
    identity = ["Nguyễn-Thị\u200b Xuyến"]
    assert redact("Tôi, Nguyễn Thị Xuyến, và bà Xuyến", identity, "#") == "Tôi, #, và bà #"


def test_an_unsigned_text_gives_its_writer_s_identity_and_nothing_else() -> None:
    """Luật Tố cáo Art. 47: an unsigned denunciation whose writer names themselves protects
    them as a signer; amounts, dates and article numbers are not taken for identity numbers."""
    from danvan.letters.redaction import self_identifiers

    text = (
        "Tôi là Mông Thị Dìn, số điện thoại 0918 901 234, CCCD 007.091.078.901, địa chỉ Số 41 "
        "phố Hàng Thiếc, phường Hoàn Kiếm. Ngày 12/3/2025 cán bộ thu 150.000.000 đồng trái "
        "Điều 47; hồ sơ số 123/2025."
    )
    found = self_identifiers(text)
    assert "Mông Thị Dìn" in found
    out = redact(text, found, marker="▮")
    for secret in ("Mông", "Dìn", "0918", "007.091", "Số 41"):
        assert secret not in out
    for kept in ("12/3/2025", "150.000.000 đồng", "Điều 47", "123/2025", "phường Hoàn Kiếm"):
        assert kept in out
    assert self_identifiers("Cán bộ thu 5.000.000 đồng ngày 01/02/2026.") == []
