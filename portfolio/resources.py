from core.resources import RecordResource, member_by_username, related_by_code
from portfolio.models import PointsRow, Pupil, SchoolClass


class SchoolClassResource(RecordResource):
    """The class teacher by the user name of their account at the school (5.1)."""

    class_teacher = member_by_username("class_teacher")

    class Meta(RecordResource.Meta):
        model = SchoolClass
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "school_year", "grade", "letter", "class_teacher")


class PupilResource(RecordResource):
    """The title page's data; a photo and its consents are kept in the admin, never in a file."""

    school_class = related_by_code(SchoolClass, "school_class")

    class Meta(RecordResource.Meta):
        model = Pupil
        import_id_fields = ("institution", "code")
        fields = (
            "institution",
            "code",
            "last_name",
            "first_name",
            "patronymic",
            "school_class",
            "parent_name",
            "family_email",
            "phone",
        )


class PointsRowResource(RecordResource):
    """A row is checked against the rows written before it (PF-R5: one row in force on a date), so
    one file may end a row and start its successor: rows are written one by one, not in bulk."""

    class Meta(RecordResource.Meta):
        model = PointsRow
        use_bulk = False
        import_id_fields = ("institution", "indicator", "level", "result", "valid_from")
        fields = (
            "institution",
            "indicator",
            "level",
            "result",
            "category",
            "points",
            "max_points",
            "per_mark",
            "valid_from",
            "valid_to",
            "note",
        )
