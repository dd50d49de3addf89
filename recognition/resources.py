"""The curriculum and the students come from the university's files (P-X1..P-X3): programmes,
their disciplines and modules, and students, each by its code."""

from core.resources import RecordResource, related_by_code
from recognition.models import Discipline, DisciplineModule, Programme, Student


class ProgrammeResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = Programme
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "name", "level", "credits", "field_of_knowledge", "department")


class DisciplineResource(RecordResource):
    programme = related_by_code(Programme, "programme")

    class Meta(RecordResource.Meta):
        model = Discipline
        import_id_fields = ("institution", "code")
        fields = (
            "institution",
            "code",
            "programme",
            "name",
            "credits",
            "semester",
            "kind",
            "component",
            "english",
            "professional_standard",
        )


class DisciplineModuleResource(RecordResource):
    discipline = related_by_code(Discipline, "discipline")

    class Meta(RecordResource.Meta):
        model = DisciplineModule
        import_id_fields = ("institution", "discipline", "code")
        fields = ("institution", "discipline", "code", "name", "points", "credits")


class StudentResource(RecordResource):
    programme = related_by_code(Programme, "programme")

    class Meta(RecordResource.Meta):
        model = Student
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "full_name", "email", "programme", "course", "group", "faculty")
