"""Ghent's records lists (P-A1): declarations only; core.admin does the rest."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin, WorkflowAction
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
    resource_class = InitiativeResource
    menu_icon = "group"
    list_display = ("name", "code", "kind", "coordinator_name", "keeps_waiting_list")
    list_filter = ("kind", "keeps_waiting_list", "support_is_free")
    search_fields = ("name", "code", "coordinator_name")


class PupilAdmin(RecordAdmin):
    model = Pupil
    resource_class = PupilResource
    menu_icon = "user"
    list_display = ("external_code", "first_name", "last_name", "school_level", "grade", "initiative", "status")
    list_filter = ("status", "school_level", "initiative")
    search_fields = ("external_code", "first_name", "last_name", "school")


class WaitingListEntryAdmin(RecordAdmin):
    model = WaitingListEntry
    resource_class = WaitingListEntryResource
    menu_icon = "time"
    list_display = ("pupil", "initiative", "since", "closed_on")
    list_filter = ("initiative",)
    workflow_actions = (WorkflowAction("close", _("Close"), condition="is_open"),)


class VolunteerAdmin(RecordAdmin):
    model = Volunteer
    resource_class = VolunteerResource
    menu_icon = "user"
    list_display = ("first_name", "last_name", "initiative", "screening_status", "active_from", "active_to")
    list_filter = ("screening_status", "initiative")
    search_fields = ("first_name", "last_name", "email")
    workflow_actions = (
        WorkflowAction(
            "approve_screening",
            _("Approve screening"),
            condition="awaits_screening",
            waiting=Q(screening_status=Volunteer.Screening.PENDING),
            decision=_("Your screening as a volunteer is approved. The initiative will contact you to start."),
        ),
        WorkflowAction(
            "refuse_screening",
            _("Refuse screening"),
            condition="awaits_screening",
            waiting=Q(screening_status=Volunteer.Screening.PENDING),
            decision=_("After your screening we cannot take you on as a volunteer. Contact us with any questions."),
        ),
    )


class SupportAdmin(RecordAdmin):
    model = Support
    resource_class = SupportResource
    menu_icon = "link"
    list_display = ("volunteer", "initiative", "setting", "format", "focus", "start", "end")
    list_filter = ("initiative", "setting", "format", "focus")


class SignalAdmin(RecordAdmin):
    model = Signal
    resource_class = SignalResource
    menu_icon = "warning"
    list_display = ("kind", "initiative", "reported_on", "follow_up")
    list_filter = ("follow_up",)
    workflow_actions = (
        WorkflowAction("refer", _("Referred"), condition="is_open", waiting=Q(follow_up=Signal.FollowUp.OPEN)),
        WorkflowAction("close", _("Close"), condition="can_close"),
    )


class TrainingSessionAdmin(RecordAdmin):
    model = TrainingSession
    resource_class = TrainingSessionResource
    menu_icon = "date"
    list_display = ("topic", "date", "initiative")


class SubsidyApplicationAdmin(RecordAdmin):
    model = SubsidyApplication
    resource_class = SubsidyApplicationResource
    menu_icon = "doc-full"
    list_display = ("initiative", "school_year", "requested_amount", "status")
    list_filter = ("status", "school_year")
    workflow_actions = (
        WorkflowAction(
            "accept",
            _("Accept"),
            condition="awaits_decision",
            waiting=Q(status=SubsidyApplication.Status.SUBMITTED),
            decision=_("Your application for recognition and subsidy is granted."),
        ),
        WorkflowAction(
            "reject",
            _("Reject"),
            condition="awaits_decision",
            waiting=Q(status=SubsidyApplication.Status.SUBMITTED),
            decision=_("Your application for recognition and subsidy is refused."),
        ),
    )
