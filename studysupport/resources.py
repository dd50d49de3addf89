from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from core.resources import RecordResource, SameInstitutionWidget, many_related_by_code, related_by_code
from studysupport.districts import district_name
from studysupport.models import (
    PUPIL_REFERENCE_SERIES,
    District,
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


def figure_column(name):
    return fields.Field(attribute=name, column_name=name, readonly=True)


class DistrictResource(RecordResource):
    """The city's list of districts; exported from the list filtered by a school year, each district
    carries that year's figures (studysupport.figures.with_district_figures), which an import skips."""

    FIGURES = {
        "pupils_count": gettext_lazy("pupils registered or supported"),
        "supported_count": gettext_lazy("pupils supported"),
        "waiting_count": gettext_lazy("pupils waiting"),
        "initiatives_count": gettext_lazy("recognised initiatives serving it"),
    }
    pupils_count = figure_column("pupils_count")
    supported_count = figure_column("supported_count")
    waiting_count = figure_column("waiting_count")
    initiatives_count = figure_column("initiatives_count")

    class Meta(RecordResource.Meta):
        model = District
        import_id_fields = ("institution", "name")
        fields = ("institution", "name", "pupils_count", "supported_count", "waiting_count", "initiatives_count")

    def header_for(self, field):
        label = self.FIGURES.get(field.column_name)
        return capfirst(str(label)) if label else super().header_for(field)


class DistrictWidget(SameInstitutionWidget):
    """A district by its name in the city's list; a name as people write it ("Rabot" for
    "Rabot - Blaisantvest") is read as the list's (studysupport.districts.district_name)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(district_name(value) if isinstance(value, str) and value.strip() else value, row, **kwargs)


class InitiativeResource(RecordResource):
    districts = many_related_by_code(District, "districts", field="name")

    class Meta(RecordResource.Meta):
        model = Initiative
        use_bulk = False  # the districts served are a many-to-many relation, which bulk writes leave out
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
            "districts",
        )


class PupilResource(RecordResource):
    initiative = related_by_code(Initiative, "initiative")
    district = fields.Field(attribute="district", column_name="district", widget=DistrictWidget(District, field="name"))
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

    def import_instance(self, instance, row, **kwargs):
        """The row's pupils, for the model's own check of them (SS-R6, SS-R7 in ``Support.clean``)."""
        super().import_instance(instance, row, **kwargs)
        if "pupils" in row:
            instance.pending_pupils = list(self.fields["pupils"].clean(row))


class SignalResource(RecordResource):
    """Signals are sensitive: only the initiative's coordinator exports or imports them."""

    initiative = related_by_code(Initiative, "initiative")
    reported_by = related_by_code(Volunteer, "reported_by", field="email")
    pupil = related_by_code(Pupil, "pupil", field="external_code")

    class Meta(RecordResource.Meta):
        model = Signal
        import_id_fields = ("institution", "initiative", "reported_by", "reported_on", "kind")
        fields = (
            "institution",
            "initiative",
            "pupil",
            "reported_by",
            "reported_on",
            "kind",
            "description",
            "referred_to",
            "follow_up",
        )

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
