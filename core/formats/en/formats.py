"""English as the portal writes it for readers in Belgium, Russia and Ukraine: day before month,
never Django's American ``12/04/2026`` (issue 11, item 5); typed dates ISO first (item 1)."""

from core.formats import input_formats

DATE_FORMAT = "j M Y"  # 4 Dec 2026
DATETIME_FORMAT = "j M Y, H:i"  # 4 Dec 2026, 17:05
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y-m-d"  # ISO 8601
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# ISO first: unambiguous where day-first and month-first readers meet.
DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = input_formats("%Y-%m-%d")
