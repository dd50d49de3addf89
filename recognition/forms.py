"""The student's application (Appendix 1, both variants) with the declaration of prior learning
(Appendix 2) and its supporting documents (clause 2.10): one public form, several records.

The applicant is a student or postgraduate of the university (Appendix 1: "Студента/аспіранта";
clause 2.7: components of the curriculum they study under), so the form finds them among the
university's students by the record book's number and name, and refuses anyone else. The
header of Appendix 1 (course, group, faculty, level) is asked as the form asks it and checked
against that record, which the printed application and protocol show.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forms_app.forms import DomainForm, UploadField, plain
from recognition.models import (
    REFERENCE_SERIES,
    Discipline,
    DisciplineModule,
    Level,
    PriorLearning,
    RecognitionApplication,
    Student,
    SupportingDocument,
)

# Appendix 2 has room for a few lines of each; a blank group is left out.
DECLARATION_LINES = 3
DOCUMENTS = 3
LINE_FIELDS = ("outcomes", "provider", "period_from", "period_until")
# Labels of their own where the model's, beside the rest of the group, would say too little.
LABELS = {"period_from": _("Period of learning or activity from"), "period_until": _("Period until")}
DOCUMENT_FIELDS = ("title", "issued_on", "issuer", "issuer_website", "course_name", "volume", "issued_in", "scan")


def model_field(model, name, **kwargs):
    """The model's own form field (its translated label and help text); dates with the browser's picker."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # what a web address typed without one means today
    field = model_field.formfield(**kwargs)
    if isinstance(field, forms.DateField):
        field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return field


def numbered(prefix, number, names):
    return [f"{prefix}{number}_{name}" for name in names]


def group_fields(prefix, count, model, names, first_required=()):
    """Numbered groups of a model's fields, optional (a blank group is left out) but for the
    ``first_required`` of the first group."""
    fields = {}
    for number in range(1, count + 1):
        for name, field_name in zip(names, numbered(prefix, number, names), strict=True):
            required = number == 1 and name in first_required
            fields[field_name] = (
                UploadField(label=_("Scan or photo"), required=False, help_text=_("PDF, JPEG or PNG."))
                if name == "scan"
                else model_field(model, name, required=required, **({"label": LABELS[name]} if name in LABELS else {}))
            )
    return fields


# Declared on a class, so that editors may give each field its own label and help text on the page.
DeclarationFields = type(
    "DeclarationFields",
    (forms.Form,),
    {
        **group_fields("line", DECLARATION_LINES, PriorLearning, LINE_FIELDS, first_required=("outcomes", "provider")),
        **group_fields("document", DOCUMENTS, SupportingDocument, DOCUMENT_FIELDS),
    },
)


def grouped_choices(records, group_of, label_of):
    """Choices under a heading per group (<optgroup>), in the records' order."""
    groups = {}
    for record in records:
        groups.setdefault(group_of(record), []).append((record.pk, label_of(record)))
    return [("", "---------"), *groups.items()]


class RecognitionApplicationForm(DomainForm, DeclarationFields):
    """A student applies to the head of the graduating department → a RecognitionApplication
    awaiting registration, with its declaration lines and documents (scans kept private)."""

    label = _("Recognition of learning outcomes: student's application")
    reference_series = REFERENCE_SERIES

    student_code = forms.CharField(label=_("Record book number"), max_length=40)
    applicant_name = forms.CharField(label=_("Your full name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"))
    level = forms.ChoiceField(label=_("Level of higher education"), choices=Level.choices, widget=forms.RadioSelect)
    course = forms.IntegerField(label=_("Year of study"), min_value=1, max_value=6)
    group = forms.CharField(label=_("Group"), max_length=40)
    faculty = forms.CharField(label=_("Faculty"), max_length=200)
    variant = forms.ChoiceField(
        label=_("What is to be recognised"), choices=RecognitionApplication.Variant.choices, widget=forms.RadioSelect
    )
    learning_kind = forms.ChoiceField(
        label=_("Where the learning outcomes were gained"),
        choices=RecognitionApplication.LearningKind.choices,
        widget=forms.RadioSelect,
    )
    discipline = forms.ModelChoiceField(queryset=Discipline.objects.none(), label=_("Discipline"))
    module = forms.ModelChoiceField(
        queryset=DisciplineModule.objects.none(),
        required=False,
        label=_("Content module or topic"),
        help_text=_("Only when a content module or topic is to be recognised."),
    )
    acknowledged = forms.BooleanField(
        label=_("I have read the procedure for validating the learning outcomes of non-formal and informal education."),
        error_messages={"required": _("Confirm that you have read the validation procedure.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that the university processes these data and documents to recognise my learning outcomes."),
        error_messages={"required": _("Without your consent we cannot accept the form.")},
    )

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        self.set_catalogue(institution)
        self.order_fields([name for _legend, names in self.fieldsets for name in names])

    @property
    def fieldsets(self):
        """In the order of the appendices: who applies, what for, the declaration, the documents."""
        return (
            (
                _("Student"),
                ["student_code", "applicant_name", "email", "level", "course", "group", "faculty"],
            ),
            (_("Application"), ["variant", "learning_kind", "discipline", "module"]),
            *(
                (
                    format_lazy(_("Declaration of prior learning: line {}"), number),
                    numbered("line", number, LINE_FIELDS),
                )
                for number in range(1, DECLARATION_LINES + 1)
            ),
            *(
                (format_lazy(_("Supporting document {}"), number), numbered("document", number, DOCUMENT_FIELDS))
                for number in range(1, DOCUMENTS + 1)
            ),
            (_("Confirmation"), ["acknowledged", "consent"]),
        )

    def set_catalogue(self, institution):
        """The university's catalogue: disciplines under their programme, modules under their
        discipline. Every discipline is offered: the model says why one cannot be (RC-R1, RC-R4)."""
        disciplines = Discipline.objects.filter(institution=institution).select_related("programme")
        modules = DisciplineModule.objects.filter(institution=institution).select_related("discipline")
        discipline, module = self.fields["discipline"], self.fields["module"]
        discipline.queryset, module.queryset = disciplines, modules
        discipline.choices = grouped_choices(disciplines, lambda record: record.programme.name, str)
        module.choices = grouped_choices(modules, lambda record: str(record.discipline), str)

    # Validation: the student's record, then each record through its model's rules -----------------
    def clean(self):
        data = super().clean()
        student = self.find_student(data)
        if student is None:
            return data
        self.application = RecognitionApplication(
            institution=self.institution,
            student=student,
            applied_on=self.institution.today(),
            **{name: data.get(name) for name in ("variant", "learning_kind", "discipline", "module", "acknowledged")},
        )
        self.check(self.application, exclude=["reference"])
        self.lines = self.records("line", DECLARATION_LINES, PriorLearning, LINE_FIELDS)
        self.documents = self.records("document", DOCUMENTS, SupportingDocument, DOCUMENT_FIELDS)
        return data

    def find_student(self, data):
        """The student by the record book's number and name, with the header of Appendix 1 as on
        their record; None (and the reason on the form) otherwise."""
        code, name = data.get("student_code", ""), data.get("applicant_name", "")
        if not (code and name):
            return None
        student = Student.objects.filter(institution=self.institution, code__iexact=code.strip()).first()
        if student is None or plain(student.full_name) != plain(name):
            self.add_error(
                "student_code",
                _(
                    "The university has no student with this record book number and name: check them, or ask "
                    "the graduating department (clause 2.10 of the Regulation)."
                ),
            )
            return None
        recorded = {
            "level": student.level,
            "course": student.course,
            "group": plain(student.group),
            "faculty": plain(student.faculty),
        }
        for field, value in recorded.items():
            given = data.get(field)
            if given is not None and (plain(given) if isinstance(value, str) else given) != value:
                self.add_error(
                    field,
                    _(
                        "This differs from the university's records of your studies: check it, or ask the "
                        "graduating department to correct the records."
                    ),
                )
        return student

    def records(self, prefix, count, model, names):
        """The filled-in groups as unsaved records checked by their model; blank groups are left out."""
        records = []
        for number in range(1, count + 1):
            fields = zip(names, numbered(prefix, number, names), strict=True)
            values = {name: self.cleaned_data.get(field) for name, field in fields}
            if not any(value for value in values.values()):
                continue
            record = model(institution=self.institution, **{name: value for name, value in values.items() if value})
            self.check(record, exclude=["application"], prefix=f"{prefix}{number}_")
            records.append(record)
        return records

    def check(self, record, exclude, prefix=""):
        """The model's rules, each refusal shown beside the form's field it concerns."""
        try:
            record.full_clean(exclude=exclude)
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                name = f"{prefix}{field}"
                if name not in self.errors:  # a field the form refused already says why, once
                    self.add_error(name if name in self.fields else None, ValidationError(messages))

    # Saving -------------------------------------------------------------------------------------
    @property
    def attachment_fields(self):
        """The scans are kept in the documents' own private file fields, not attached twice."""
        return []

    def applicant(self):
        return {**super().applicant(), "name": self.application.student.full_name}

    def save_records(self, reference):
        # The student is given the application's own reference number (P-F2), one counter for both.
        self.application.reference = reference
        application = self.save_record(self.application)
        for record in (*self.lines, *self.documents):
            record.application = application
            self.save_record(record)
        return application
