from core.resources import RecordResource, related_by_code
from homeschool.models import AttestationMark, HomeSchoolingCase, HomeSchoolingOrder, Lesson, TeacherAssignment


class HomeSchoolingCaseResource(RecordResource):
    """A row without a reference is a new application: it gets the next number as on the form
    (P-F2), when it is written. Its status is the one a new case has (the steps set the rest)."""

    renews = related_by_code(HomeSchoolingCase, "renews", field="reference")
    numbered_fields = ("reference",)

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
            "ground",
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
            "original_received_on",
            "documents_received_on",
            "organised_on",
            "class_teacher_name",
            "class_teacher_email",
            "renews",
            "closed_on",
        )

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # Pending until the import's last step numbers every new case (core.exchange.apply), so a
        # rollback gives the numbers back; a preview takes none, and so never holds the counter (P-F2).
        if not instance.reference and not kwargs.get("dry_run"):
            instance.take_reference()


class TeacherAssignmentResource(RecordResource):
    order = related_by_code(HomeSchoolingOrder, "order", field="number")
    case = related_by_code(HomeSchoolingCase, "case", field="reference")

    class Meta(RecordResource.Meta):
        model = TeacherAssignment
        import_id_fields = ("institution", "order", "case", "teacher_name")
        fields = ("institution", "order", "case", "teacher_name", "weekly_hours", "weekly_lessons")


class LessonResource(RecordResource):
    """The lesson journal (HS-R7): a pupil by the case's reference."""

    case = related_by_code(HomeSchoolingCase, "case", field="reference")

    class Meta(RecordResource.Meta):
        model = Lesson
        import_id_fields = ("institution", "case", "given_on", "subject")
        fields = (
            "institution",
            "case",
            "given_on",
            "subject",
            "teacher_name",
            "hours",
            "status",
            "cancel_reason",
            "parent_notified_on",
            "note",
        )


class AttestationMarkResource(RecordResource):
    """Marks per subject and period (HS-R9), as the class journal holds them."""

    case = related_by_code(HomeSchoolingCase, "case", field="reference")

    class Meta(RecordResource.Meta):
        model = AttestationMark
        import_id_fields = ("institution", "case", "subject", "period")
        fields = ("institution", "case", "subject", "period", "mark")
