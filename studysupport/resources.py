from core.exchange import register
from core.resources import RecordResource, related_by_code
from studysupport.models import Initiative, Pupil, Volunteer


@register
class InitiativeResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = Initiative
        import_id_fields = ("institution", "code")
        fields = (
            "institution",
            "code",
            "name",
            "kind",
            "coordinator_name",
            "coordinator_email",
            "coordinator_phone",
            "keeps_waiting_list",
            "support_is_free",
        )


@register
class PupilResource(RecordResource):
    initiative = related_by_code(Initiative, "initiative")

    class Meta(RecordResource.Meta):
        model = Pupil
        import_id_fields = ("institution", "external_code")
        fields = (
            "institution",
            "external_code",
            "first_name",
            "last_name",
            "school_level",
            "grade",
            "school",
            "district",
            "initiative",
            "status",
            "registered_on",
        )


@register
class VolunteerResource(RecordResource):
    initiative = related_by_code(Initiative, "initiative")

    class Meta(RecordResource.Meta):
        model = Volunteer
        import_id_fields = ("institution", "email")
        fields = (
            "institution",
            "email",
            "first_name",
            "last_name",
            "phone",
            "initiative",
            "screening_status",
            "screened_on",
            "active_from",
            "active_to",
        )
