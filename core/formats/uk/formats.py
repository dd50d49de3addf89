from core.formats import input_formats

DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = input_formats("%d.%m.%Y")
