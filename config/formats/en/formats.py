"""English as the portal writes it for readers in Belgium, Russia and Ukraine: day before month,
never Django's American ``12/04/2026`` (issue 11, item 5). Input formats stay Django's."""

DATE_FORMAT = "j M Y"  # 4 Dec 2026
DATETIME_FORMAT = "j M Y, H:i"  # 4 Dec 2026, 17:05
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y-m-d"  # ISO 8601
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
