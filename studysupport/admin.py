"""Ghent's records lists (P-A1): declarations only; core.admin does the rest."""

from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList

from core.admin import PrintedDocument, RecordAdmin, RecordIndexView, RecordPhrases, WorkflowAction
from core.models import local_date
from core.school_year import parse_school_year, school_year_label, school_year_of
from studysupport.figures import signal_counts, untrained_in, with_district_figures, year_bounds
from studysupport.models import (
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
from studysupport.resources import (
    DistrictResource,
    InitiativeResource,
    IntakeResource,
    PupilResource,
    SignalResource,
    SubsidyApplicationResource,
    SupportResource,
    TrainingSessionResource,
    VolunteerResource,
    WaitingListEntryResource,
)


def current_school_year(request):
    """The start year of the school year the signed-in member's institution is in."""
    membership = request.user.memberships.select_related("institution").first()
    return school_year_of(local_date(membership.institution if membership else None))


class SchoolYearFilter(SimpleListFilter):
    """The school year a list's figures are counted for; the current one when none is chosen."""

    title = _("school year")
    parameter_name = "school_year"

    def lookups(self, request, model_admin):
        current = current_school_year(request)
        return [(school_year_label(year), school_year_label(year)) for year in range(current + 1, 2019, -1)]

    def start_year(self, request):
        return parse_school_year(self.value() or "") or current_school_year(request)

    def choices(self, changelist):
        """Without a choice the list counts the current school year: "All" would say otherwise."""
        first, *years = super().choices(changelist)
        yield {**first, "display": _("This school year")}
        yield from years


class DistrictFiguresFilter(SchoolYearFilter):
    """The district list as the overview per district and year (DS1 «in kaart brengen spreiding in
    Gent»): each district with its figures of the chosen school year, shown and exported."""

    def queryset(self, request, queryset):
        return with_district_figures(queryset, self.start_year(request))


class DistrictAdmin(RecordAdmin):
    model = District
    phrases = RecordPhrases(
        add=_("Add district"),
        inspect=_("View district"),
        edit=_("Edit district"),
        none_yet=_("No districts yet."),
        count=ngettext_lazy("%(count)s district", "%(count)s districts", "count"),
    )
    resource_class = DistrictResource
    menu_icon = "site"
    list_display = ("name", "pupils", "supported", "waiting", "serving")
    list_filter = (DistrictFiguresFilter,)
    search_fields = ("name",)

    @admin_display(description=_("pupils registered or supported"), ordering="pupils_count")
    def pupils(self, district):
        return getattr(district, "pupils_count", "–")

    @admin_display(description=_("pupils supported"), ordering="supported_count")
    def supported(self, district):
        return getattr(district, "supported_count", "–")

    @admin_display(description=_("pupils waiting"), ordering="waiting_count")
    def waiting(self, district):
        return getattr(district, "waiting_count", "–")

    @admin_display(description=_("recognised initiatives serving it"), ordering="initiatives_count")
    def serving(self, district):
        return getattr(district, "initiatives_count", "–")


class InitiativeAdmin(RecordAdmin):
    model = Initiative
    phrases = RecordPhrases(
        add=_("Add initiative"),
        inspect=_("View initiative"),
        edit=_("Edit initiative"),
        none_yet=_("No initiatives yet."),
        count=ngettext_lazy("%(count)s initiative", "%(count)s initiatives", "count"),
    )
    resource_class = InitiativeResource
    menu_icon = "group"
    list_display = ("name", "code", "kind", "coordinator_name", "keeps_waiting_list", "recognition_now")
    list_filter = ("kind", "keeps_waiting_list", "support_is_free", "districts")
    search_fields = ("name", "code", "coordinator_name")


class PupilAdmin(RecordAdmin):
    model = Pupil
    phrases = RecordPhrases(
        add=_("Add pupil"),
        inspect=_("View pupil"),
        edit=_("Edit pupil"),
        none_yet=_("No pupils yet."),
        count=ngettext_lazy("%(count)s pupil", "%(count)s pupils", "count"),
    )
    resource_class = PupilResource
    menu_icon = "user"
    list_display = ("external_code", "first_name", "last_name", "school_level", "grade", "initiative", "status")
    list_filter = ("status", "school_level", "initiative", "district")
    search_fields = ("external_code", "first_name", "last_name", "school")
    # SS-R5: the status moves by steps, each with its precondition.
    workflow_actions = (
        WorkflowAction(
            "put_on_waiting_list",
            _("Put on the waiting list"),
            when=Q(status=Pupil.Status.REGISTERED),
            needs="waiting_list_needs",
        ),
        WorkflowAction("close", _("Close"), when=~Q(status=Pupil.Status.CLOSED)),
    )


class IntakeAdmin(RecordAdmin):
    model = Intake
    phrases = RecordPhrases(
        add=_("Add intake"),
        inspect=_("View intake"),
        edit=_("Edit intake"),
        none_yet=_("No intakes yet."),
        count=ngettext_lazy("%(count)s intake", "%(count)s intakes", "count"),
    )
    resource_class = IntakeResource
    menu_icon = "form"
    list_display = ("pupil", "date", "held_by", "requested_focus", "setting", "format", "done_on")
    list_filter = ("requested_focus", "format")
    workflow_actions = (WorkflowAction("mark_done", _("Intake done"), when=Q(done_on__isnull=True), waiting=True),)


class WaitingListIndexView(RecordIndexView):
    def get_base_queryset(self, request=None):
        """SS-R5: each open entry's place on its list (the city's is one list too), derived from
        ``since`` among that list's open entries; on the list only (a step locks rows, which a
        window function forbids)."""
        place = Window(RowNumber(), partition_by=[F("initiative"), F("closed_on")], order_by=[F("since"), F("pk")])
        return super().get_base_queryset(request).annotate(place=place)


class WaitingListEntryAdmin(RecordAdmin):
    model = WaitingListEntry
    index_view_class = WaitingListIndexView
    phrases = RecordPhrases(
        add=_("Add waiting list entry"),
        inspect=_("View waiting list entry"),
        edit=_("Edit waiting list entry"),
        none_yet=_("No waiting list entries yet."),
        count=ngettext_lazy("%(count)s waiting list entry", "%(count)s waiting list entries", "count"),
    )
    resource_class = WaitingListEntryResource
    menu_icon = "time"
    list_display = ("pupil", "initiative", "position", "since", "days_waiting", "closed_on")
    list_filter = ("initiative",)
    workflow_actions = (WorkflowAction("close", _("Close"), when=Q(closed_on__isnull=True)),)

    @admin_display(description=_("position"), ordering="place")
    def position(self, entry):
        return entry.place if entry.closed_on is None else "–"


class TrainingFilter(SimpleListFilter):
    """The vision text: training, coaching and intervision «niet enkel bij de opstart, maar ook
    tijdens en na de begeleiding»: who, active this school year, has had none of them."""

    title = _("training this school year")
    parameter_name = "training"

    def lookups(self, request, model_admin):
        return [("none", _("Active, without any training this school year"))]

    def queryset(self, request, queryset):
        if self.value() != "none":
            return queryset
        return queryset.filter(untrained_in(*year_bounds(current_school_year(request))))


class VolunteerAdmin(RecordAdmin):
    model = Volunteer
    phrases = RecordPhrases(
        add=_("Add volunteer"),
        inspect=_("View volunteer"),
        edit=_("Edit volunteer"),
        none_yet=_("No volunteers yet."),
        count=ngettext_lazy("%(count)s volunteer", "%(count)s volunteers", "count"),
    )
    resource_class = VolunteerResource
    menu_icon = "user"
    list_display = ("first_name", "last_name", "initiative", "screening_status", "active_from", "active_to")
    list_filter = ("screening_status", "initiative", TrainingFilter)
    search_fields = ("first_name", "last_name", "email")
    workflow_actions = (
        WorkflowAction(
            "approve_screening",
            _("Approve screening"),
            when=Q(screening_status=Volunteer.Screening.PENDING),
            waiting=True,
            decision=_("Your screening as a volunteer is approved. The initiative will contact you to start."),
        ),
        WorkflowAction(
            "refuse_screening",
            _("Refuse screening"),
            when=Q(screening_status=Volunteer.Screening.PENDING),
            waiting=True,
            needs="refusal_needs",
            decision=_("After your screening we cannot take you on as a volunteer. Contact us with any questions."),
        ),
    )


class SupportAdmin(RecordAdmin):
    model = Support
    phrases = RecordPhrases(
        add=_("Add support"),
        inspect=_("View support"),
        edit=_("Edit support"),
        none_yet=_("No supports yet."),
        count=ngettext_lazy("%(count)s support", "%(count)s supports", "count"),
    )
    resource_class = SupportResource
    menu_icon = "link"
    list_display = ("volunteer", "initiative", "setting", "format", "focus", "start", "end")
    list_filter = ("initiative", "setting", "format", "focus")

    def get_edit_handler(self):
        """The form asks the model whether its pupils make up the support (SS-R6, SS-R7) and shows
        the refusal under the field, before anything is saved."""
        return ObjectList(super().get_edit_handler().children, base_form_class=SupportForm)


class SupportForm(WagtailAdminModelForm):
    def clean(self):
        """Tells the model the pupils chosen; its ``clean()`` refuses them (SS-R6, SS-R7)."""
        cleaned = super().clean()
        pupils = cleaned.get("pupils")
        if pupils is not None:
            self.instance.pending_pupils = list(pupils)
        return cleaned


class SignalAdmin(RecordAdmin):
    model = Signal
    phrases = RecordPhrases(
        add=_("Add signal"),
        inspect=_("View signal"),
        edit=_("Edit signal"),
        none_yet=_("No signals yet."),
        count=ngettext_lazy("%(count)s signal", "%(count)s signals", "count"),
    )
    resource_class = SignalResource
    menu_icon = "warning"
    # City staff read no signal, only how many of each kind per school year (pillar 4, SS-R8).
    index_template_name = "studysupport/signal_index.html"
    list_display = ("kind", "pupil", "initiative", "reported_on", "follow_up")

    def index_view(self, request):
        request.signal_counts = signal_counts(request.user)
        return super().index_view(request)

    list_filter = ("follow_up",)
    workflow_actions = (
        WorkflowAction("refer", _("Referred"), when=Q(follow_up=Signal.FollowUp.OPEN), waiting=True),
        WorkflowAction("close", _("Close"), when=~Q(follow_up=Signal.FollowUp.CLOSED)),
    )


class TrainingSessionAdmin(RecordAdmin):
    model = TrainingSession
    phrases = RecordPhrases(
        add=_("Add training or intervision session"),
        inspect=_("View training or intervision session"),
        edit=_("Edit training or intervision session"),
        none_yet=_("No training or intervision sessions yet."),
        count=ngettext_lazy(
            "%(count)s training or intervision session", "%(count)s training or intervision sessions", "count"
        ),
    )
    resource_class = TrainingSessionResource
    menu_icon = "date"
    list_display = ("topic", "kind", "phase", "date", "initiative")
    list_filter = ("kind", "phase")


class SubsidyApplicationAdmin(RecordAdmin):
    model = SubsidyApplication
    phrases = RecordPhrases(
        add=_("Add recognition and subsidy application"),
        inspect=_("View recognition and subsidy application"),
        edit=_("Edit recognition and subsidy application"),
        none_yet=_("No recognition and subsidy applications yet."),
        count=ngettext_lazy(
            "%(count)s recognition and subsidy application", "%(count)s recognition and subsidy applications", "count"
        ),
    )
    resource_class = SubsidyApplicationResource
    menu_icon = "doc-full"
    # DS1 «opvolgen en evalueren»: filtered by school year, the list is requested against awarded per
    # initiative, and exports as such.
    list_display = (
        "initiative",
        "school_year",
        "requested_amount",
        "awarded_amount",
        "decided_on",
        "status",
        "standing",
    )
    list_filter = ("status", "school_year")
    search_fields = ("initiative__name",)
    workflow_actions = (
        WorkflowAction(
            "verify", _("Verified"), when=Q(status=SubsidyApplication.Status.SUBMITTED) & ~Q(to_verify=""), waiting=True
        ),
        WorkflowAction(
            "accept",
            _("Accept"),
            when=Q(status=SubsidyApplication.Status.SUBMITTED),
            waiting=True,
            needs="accept_needs",
            decision=_("Your application for recognition and subsidy is granted."),
        ),
        WorkflowAction(
            "reject",
            _("Reject"),
            when=Q(status=SubsidyApplication.Status.SUBMITTED),
            waiting=True,
            needs="reject_needs",
            decision=_("Your application for recognition and subsidy is refused."),
        ),
    )
    printed_documents = (
        PrintedDocument("decision_letter", _("decision letter"), "studysupport/print/decision_letter.html"),
    )
