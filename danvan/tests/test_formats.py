import datetime as dt

from django.utils import formats, translation


def test_vietnamese_dates_are_written_day_month_year():
    day = dt.date(2027, 2, 6)
    with translation.override("vi"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "06/02/2027"
        assert formats.date_format(day) == "ngày 6 tháng 2 năm 2027"
        assert formats.number_format(3321, force_grouping=True) == "3.321"
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "02/06/2027"
