from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.resources import RecordResource, many_related_by_code, related_by_code
from studysupport.models import (
    PUPIL_REFERENCE_SERIES,
    Initiative,
    Intake,
    Pupil,
    Signal,
    SubsidyApplication,
    Support,
    TrainingSession,
    Volunteer,
    WaitingListEntry,
)


class InitiativeResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = Initiative
        import_id_fields = ("institution", "code")
        fields = (
            "institution",
            "code",
            "name",
            "kind",
            "kind_description",
            "coordinator_name",
            "coordinator_email",
            "coordinator_phone",
            "keeps_waiting_list",
            "support_is_free",
        )


class PupilResource(RecordResource):
    initiative = related_by_code(Initiative, "initiative")
    reserved_references = {"external_code": PUPIL_REFERENCE_SERIES}

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
            "refusal_reason",
            "active_from",
            "active_to",
        )


class IntakeResource(RecordResource):
    pupil = related_by_code(Pupil, "pupil", field="external_code")

    class Meta(RecordResource.Meta):
        model = Intake
        import_id_fields = ("institution", "pupil", "date")
        fields = ("institution", "pupil", "date", "held_by", "requested_focus", "setting", "format", "done_on")


class WaitingListEntryResource(RecordResource):
    pupil = related_by_code(Pupil, "pupil", field="external_code")
    initiative = related_by_code(Initiative, "initiative")

    class Meta(RecordResource.Meta):
        model = WaitingListEntry
        import_id_fields = ("institution", "pupil", "initiative", "since")
        fields = ("institution", "pupil", "initiative", "since", "closed_on")


class SupportResource(RecordResource):
    """Taking pupils into support closes their waiting-list entries (SS-R1) on this path too:
    the rule listens to the relation, so rows are saved one by one, not in bulk."""

    initiative = related_by_code(Initiative, "initiative")
    volunteer = related_by_code(Volunteer, "volunteer", field="email")
    pupils = many_related_by_code(Pupil, "pupils", field="external_code")

    class Meta(RecordResource.Meta):
        model = Support
        use_bulk = False
        import_id_fields = ("institution", "initiative", "volunteer", "start")
        fields = ("institution", "initiative", "volunteer", "start", "end", "setting", "format", "focus", "pupils")


class SignalResource(RecordResource):
    """Signals are sensitive: only the initiative's coordinator exports or imports them."""

    initiative = related_by_code(Initiative, "initiative")
    reported_by = related_by_code(Volunteer, "reported_by", field="email")

    class Meta(RecordResource.Meta):
        model = Signal
        import_id_fields = ("institution", "initiative", "reported_by", "reported_on", "kind")
        fields = ("institution", "initiative", "reported_by", "reported_on", "kind", "referred_to", "follow_up")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if self.user is None or self.user.is_superuser:
            return
        initiative = self.fields["initiative"].clean(row)
        if initiative is not None and initiative.coordinator_user_id != self.user.pk:
            raise ValidationError({"initiative": _("Only the initiative's coordinator may import its signals.")})


class TrainingSessionResource(RecordResource):
    initiative = related_by_code(Initiative, "initiative")
    attendees = many_related_by_code(Volunteer, "attendees", field="email")

    class Meta(RecordResource.Meta):
        model = TrainingSession
        use_bulk = False  # attendees are a many-to-many relation, which bulk writes leave out
        import_id_fields = ("institution", "date", "topic")
        fields = ("institution", "date", "topic", "kind", "phase", "initiative", "attendees")


class SubsidyApplicationResource(RecordResource):
    initiative = related_by_code(Initiative, "initiative")

    class Meta(RecordResource.Meta):
        model = SubsidyApplication
        import_id_fields = ("institution", "initiative", "school_year")
        fields = (
            "institution",
            "initiative",
            "school_year",
            "requested_amount",
            "declares_support_free",
            "declares_ghent_pupils",
            "status",
            "decided_on",
            "awarded_amount",
            "decision",
        )
