"""Ghent's records lists (P-A1): declarations only; core.admin does the rest."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import RecordAdmin, RecordPhrases, WorkflowAction
from studysupport.models import (
    Initiative,
    Pupil,
    Signal,
    SubsidyApplication,
    Support,
    TrainingSession,
    Volunteer,
    WaitingListEntry,
)
from studysupport.resources import (
    InitiativeResource,
    PupilResource,
    SignalResource,
    SubsidyApplicationResource,
    SupportResource,
    TrainingSessionResource,
    VolunteerResource,
    WaitingListEntryResource,
)


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
    list_display = ("name", "code", "kind", "coordinator_name", "keeps_waiting_list")
    list_filter = ("kind", "keeps_waiting_list", "support_is_free")
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
    list_filter = ("status", "school_level", "initiative")
    search_fields = ("external_code", "first_name", "last_name", "school")


class WaitingListEntryAdmin(RecordAdmin):
    model = WaitingListEntry
    phrases = RecordPhrases(
        add=_("Add waiting list entry"),
        inspect=_("View waiting list entry"),
        edit=_("Edit waiting list entry"),
        none_yet=_("No waiting list entries yet."),
        count=ngettext_lazy("%(count)s waiting list entry", "%(count)s waiting list entries", "count"),
    )
    resource_class = WaitingListEntryResource
    menu_icon = "time"
    list_display = ("pupil", "initiative", "since", "closed_on")
    list_filter = ("initiative",)
    workflow_actions = (WorkflowAction("close", _("Close"), when=Q(closed_on__isnull=True)),)


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
    list_filter = ("screening_status", "initiative")
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
    list_display = ("kind", "initiative", "reported_on", "follow_up")
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
    list_display = ("topic", "date", "initiative")


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
    list_display = ("initiative", "school_year", "requested_amount", "status")
    list_filter = ("status", "school_year")
    workflow_actions = (
        WorkflowAction(
            "accept",
            _("Accept"),
            when=Q(status=SubsidyApplication.Status.SUBMITTED),
            waiting=True,
            decision=_("Your application for recognition and subsidy is granted."),
        ),
        WorkflowAction(
            "reject",
            _("Reject"),
            when=Q(status=SubsidyApplication.Status.SUBMITTED),
            waiting=True,
            decision=_("Your application for recognition and subsidy is refused."),
        ),
    )
