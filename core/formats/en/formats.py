from core.formats import input_formats

# ISO first: unambiguous where day-first and month-first readers meet.
DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = input_formats("%Y-%m-%d")
