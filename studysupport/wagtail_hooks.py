from django.utils.translation import gettext_lazy as _

from core.admin import ModelAdminGroup, RecordAdmin, modeladmin_register
from studysupport.models import Initiative, Pupil, WaitingListEntry


class InitiativeAdmin(RecordAdmin):
    model = Initiative
    menu_icon = "group"
    list_display = ("name", "code", "kind", "coordinator_name", "keeps_waiting_list")
    list_filter = ("kind", "keeps_waiting_list")
    search_fields = ("name", "code", "coordinator_name")


class PupilAdmin(RecordAdmin):
    model = Pupil
    menu_icon = "user"
    list_display = ("external_code", "first_name", "last_name", "school_level", "grade", "initiative", "status")
    list_filter = ("status", "school_level", "initiative")
    search_fields = ("external_code", "first_name", "last_name", "school")


class WaitingListEntryAdmin(RecordAdmin):
    model = WaitingListEntry
    menu_icon = "time"
    list_display = ("pupil", "initiative", "since", "closed_on")
    list_filter = ("initiative",)


@modeladmin_register
class StudySupportGroup(ModelAdminGroup):
    menu_label = _("Study support")
    menu_icon = "folder-open-inverse"
    items = (InitiativeAdmin, PupilAdmin, WaitingListEntryAdmin)
