from django.template.loader import render_to_string
from wagtail import hooks

from studysupport.models import Volunteer


@hooks.register("record_inspect_sections")
def trainings_of_volunteer(request, record):
    """A volunteer's training, coaching and intervision sessions, on the volunteer's page (the vision
    text: «opleiding, begeleiding en intervisie … bij de opstart, maar ook tijdens en na»)."""
    if not isinstance(record, Volunteer):
        return ""
    sessions = record.training_sessions.for_user(request.user).order_by("-date")
    return render_to_string(
        "studysupport/admin/volunteer_trainings.html", {"sessions": sessions, "volunteer": record}, request=request
    )
