"""New applications in the dashboard's inbox (core.inbox): the submissions of the last days
whose records the user may read, per domain, newest first."""

import functools
import operator
from datetime import timedelta

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.admin import record_admin_for
from core.inbox import GROUP_LIMIT, InboxEntry, InboxGroup
from forms_app.models import Submission

NEW_DAYS = 14


def new_applications(user, domain):
    """One group: the domain's submissions of the last ``NEW_DAYS`` days that ``user`` may read
    (each record model's list permission and scope), in two queries however many there are."""
    readable = {
        ContentType.objects.get_for_model(model): (model, model_admin)
        for model in domain.record_models
        if (model_admin := record_admin_for(model)) and model_admin.permission_helper.user_can_list(user)
    }
    if not readable:
        return []
    scope = functools.reduce(
        operator.or_,
        (
            Q(record_type=record_type, record_id__in=model.objects.for_user(user).values("pk"))
            for record_type, (model, _admin) in readable.items()
        ),
    )
    submissions = Submission.objects.filter(scope, submitted_at__gte=timezone.now() - timedelta(days=NEW_DAYS))
    count = submissions.count()
    if not count:
        return []
    newest = submissions.select_related("page", "institution").order_by("-submitted_at")[:GROUP_LIMIT]
    entries = [
        InboxEntry(
            record=submission,
            url=readable[ContentType.objects.get_for_id(submission.record_type_id)][1].url_helper.get_action_url(
                "inspect", quote(submission.record_id)
            ),
            what=submission.page.title if submission.page else "",
            when=submission.submitted_at,
        )
        for submission in newest
    ]
    return [InboxGroup(title=_("New applications"), count=count, url="", entries=entries)]
