"""A year's lists from the college's office files (issue 13): groups, students, disciplines, the
curriculum and the sessions, each naming the records it links to by their codes (P-X3)."""

from core.resources import RecordResource, related_by_code
from correspondence.models import CurriculumLine, Discipline, ExaminationSession, Student, StudyGroup, Teacher


class StudyGroupResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = StudyGroup
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "specialty", "form", "course", "year", "study_weeks")


class StudentResource(RecordResource):
    group = related_by_code(StudyGroup, "group")

    class Meta(RecordResource.Meta):
        model = Student
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "name", "email", "group")


class DisciplineResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = Discipline
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "name", "cycle", "kind", "physical_education", "full_time_hours")


class CurriculumLineResource(RecordResource):
    group = related_by_code(StudyGroup, "group")
    discipline = related_by_code(Discipline, "discipline")
    teacher = related_by_code(Teacher, "teacher", field="name")

    class Meta(RecordResource.Meta):
        model = CurriculumLine
        # Row by row, so CO-R4 counts the exams and credits of the rows above in the same file.
        use_bulk = False
        import_id_fields = ("institution", "group", "discipline", "course")
        fields = (
            "institution",
            "group",
            "discipline",
            "course",
            "classroom_hours",
            "practical_hours",
            "self_study_hours",
            "attestation",
            "home_control_works",
            "works_due_on",
            "teacher",
        )


class ExaminationSessionResource(RecordResource):
    group = related_by_code(StudyGroup, "group")

    class Meta(RecordResource.Meta):
        model = ExaminationSession
        # Row by row, so CO-R2 counts the session days of the rows above in the same file.
        use_bulk = False
        import_id_fields = ("institution", "group", "starts_on")
        fields = ("institution", "group", "starts_on", "ends_on", "timetable_approved_on")
