from core.resources import RecordResource, related_by_code
from homeschool.models import HomeSchoolingCase, HomeSchoolingOrder, TeacherAssignment


class HomeSchoolingCaseResource(RecordResource):
    renews = related_by_code(HomeSchoolingCase, "renews", field="reference")

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


class TeacherAssignmentResource(RecordResource):
    order = related_by_code(HomeSchoolingOrder, "order", field="number")
    case = related_by_code(HomeSchoolingCase, "case", field="reference")

    class Meta(RecordResource.Meta):
        model = TeacherAssignment
        import_id_fields = ("institution", "order", "case", "teacher_name")
        fields = ("institution", "order", "case", "teacher_name", "weekly_hours", "weekly_lessons")
