from import_export import fields

from core.exchange import register
from core.resources import RecordResource, SameInstitutionWidget
from homeschool.models import HomeSchoolingCase, HomeSchoolingOrder, TeacherAssignment


def related_by(model, name, key):
    """A column naming a record of the row's own institution by ``key`` (a case's reference, an order's number)."""
    return fields.Field(attribute=name, column_name=name, widget=SameInstitutionWidget(model, field=key))


@register
class HomeSchoolingCaseResource(RecordResource):
    renews = related_by(HomeSchoolingCase, "renews", "reference")

    class Meta(RecordResource.Meta):
        model = HomeSchoolingCase
        import_id_fields = ("institution", "reference")
        fields = (
            "institution",
            "reference",
            "status",
            "applicant_name",
            "applicant_address",
            "applicant_phone",
            "applicant_email",
            "child_name",
            "child_birth_year",
            "class_name",
            "programme",
            "education_level",
            "pmpk_conclusion_date",
            "pmpk_conclusion_number",
            "pmpk_valid_until",
            "medical_conclusion",
            "medical_organisation",
            "medical_organisation_address",
            "period_start",
            "period_end",
            "acknowledged",
            "applied_on",
            "documents_received_on",
            "organised_on",
            "class_teacher_name",
            "class_teacher_email",
            "renews",
            "closed_on",
        )


@register
class TeacherAssignmentResource(RecordResource):
    order = related_by(HomeSchoolingOrder, "order", "number")
    case = related_by(HomeSchoolingCase, "case", "reference")

    class Meta(RecordResource.Meta):
        model = TeacherAssignment
        import_id_fields = ("institution", "order", "case", "teacher_name")
        fields = ("institution", "order", "case", "teacher_name", "weekly_hours", "weekly_lessons")
