"""The college's public forms (spec ``correspondence.md``, "Forms"): a student sends a home control
work (clauses 6.2-6.6) and requests a summons certificate (clause 5.3). Each becomes a record the
department then takes through its steps: the secretary registers the work in the journal (CO-R7),
the certificate is issued and registered in the issue journal (CO-R15).

The student is one of the college's (they study in its groups under its curriculum), so a form
finds them by the record book's number and name and refuses anyone else; the records' rules
(``rules.py``: CO-R6 for a work, CO-R15 for a certificate) refuse the rest, beside the field.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.file_types import WRITTEN_WORKS
from correspondence.models import (
    REDONE_RESULTS,
    Discipline,
    ExaminationSession,
    HomeControlWork,
    Student,
    StudyGroup,
    SummonsCertificate,
)
from forms_app.forms import DomainModelForm, UploadField, same_text

REFERENCE_SERIES = "CO"


class StudentForm(DomainModelForm):
    """Who the student is: the record book's number and name, as on the college's records."""

    student_code = forms.CharField(label=_("Record book number"), max_length=20)
    applicant_name = forms.CharField(label=_("Your full name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("Where we send the confirmation and tell you each step.")
    )

    def clean(self):
        data = super().clean()
        if student := self.find_student(data):
            self.instance.student = student
        return data

    def find_student(self, data):
        """The college's student with this record book number and name; None (and why, on the form)."""
        code, name = data.get("student_code", ""), data.get("applicant_name", "")
        if not (code and name):
            return None
        code = code.strip()
        # SQLite compares only ASCII letters without case: "з-24-017" is tried as typed and in capitals.
        same_code = Q(code__iexact=code) | Q(code__in={code, code.upper(), code.lower()})
        student = Student.objects.filter(same_code, institution=self.institution).first()
        if student is None or not same_text(student.name, name):
            self.add_error(
                "student_code",
                _(
                    "The college has no student with this record book number and name: check them, or ask the "
                    "correspondence department's office."
                ),
            )
            return None
        return student

    def applicant(self):
        return {**super().applicant(), "name": self.instance.student.name}


class HomeControlWorkForm(StudentForm):
    """A student sends a home control work → an entry of the journal awaiting registration (CO-R7),
    its file kept private. CO-R6 (ten a year, two a discipline) refuses the one too many."""

    label = _("Correspondence department: home control work")
    reference_series = REFERENCE_SERIES

    file = UploadField(
        types=WRITTEN_WORKS,
        label=_("The work (file)"),
        help_text=_("PDF, a scan or photo (JPEG, PNG), or a document (DOCX, ODT)."),
    )

    class Meta:
        model = HomeControlWork
        fields = ["group", "discipline", "variant", "file"]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        self.fields["group"].queryset = StudyGroup.objects.filter(institution=institution)
        self.fields["discipline"].queryset = Discipline.objects.filter(institution=institution)
        self.instance.received_on = institution.today()  # CO-R7: the order of arrival
        self.order_fields(["student_code", "applicant_name", "group", "discipline", "variant", "file", "email"])

    def clean(self):
        """A work sent again after it was not passed or was returned is its redo (CO-R10, clause 6.14),
        linked to the first work, and not one more work of the discipline (CO-R6)."""
        data = super().clean()
        if self.instance.student_id and data.get("discipline"):
            self.instance.redo_of = work_to_redo(self.instance.student, data["discipline"])
        return data


def work_to_redo(student, discipline):
    """The student's first work in the discipline whose last attempt was not passed or was returned."""
    firsts = student.works.filter(discipline=discipline, redo_of__isnull=True).order_by("received_on", "pk")
    for first in firsts:
        last = first.redos.order_by("-pk").first() or first
        if last.result in REDONE_RESULTS:
            return first
    return None


class SummonsCertificateRequestForm(StudentForm):
    """A student requests a summons certificate for a session of their group → a certificate awaiting
    issue (CO-R15); sent by post when asked, to the address given."""

    label = _("Correspondence department: summons certificate request")
    reference_series = REFERENCE_SERIES

    class Meta:
        model = SummonsCertificate
        fields = ["session", "employer", "by_post", "postal_address"]
        labels = {"by_post": _("Send the certificate by post")}
        help_texts = {
            "employer": _("The employer the certificate is for, as it is to be written on it."),
            "postal_address": _("Only when it is sent by post: postcode, town, street, house and flat."),
        }

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        upcoming = ExaminationSession.objects.filter(institution=institution, ends_on__gte=institution.today())
        self.fields["session"].queryset = upcoming.select_related("group").order_by("starts_on", "group__code")
        self.instance.requested_on = institution.today()
        # Not «optional»: the model requires it when the certificate goes by post (CO-R15).
        self.fields["postal_address"].required_when = _("required when sent by post")
        self.order_fields(["student_code", "applicant_name", "session", "employer", "by_post", "postal_address"])
