"""Home schooling at МАОУ СОШ № 8, Verkhny Tagil, in the portal: spec ``homeschool.md``."""

from django.utils.translation import gettext_lazy as _

from core.domains import ALL_ACTIONS, Deadline, DemoAccount, Domain, register_domain
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from homeschool import admin, demo
from homeschool.deadlines import cases_to_organise
from homeschool.forms import HomeSchoolingApplicationForm
from homeschool.lifecycle import run_daily_as_dict
from homeschool.models import HomeSchoolingCase


@register_domain
class HomeSchooling(Domain):
    label = _("Home schooling")
    icon = "home"
    records = (
        admin.HomeSchoolingCaseAdmin,
        admin.HomeSchoolingOrderAdmin,
        admin.TeacherAssignmentAdmin,
        admin.HomeSchoolingContractAdmin,
        admin.IndividualCurriculumAdmin,
        admin.CurriculumLineAdmin,
        admin.IndividualScheduleAdmin,
        admin.ScheduleEntryAdmin,
        admin.LessonAdmin,
        admin.AttestationMarkAdmin,
        admin.PromotionDecisionAdmin,
        admin.SchoolCalendarAdmin,
        admin.CalendarPeriodAdmin,
    )
    forms = {"application": HomeSchoolingApplicationForm}
    deadlines = (Deadline(HomeSchoolingCase, _("Organise home schooling (clause 2.5)"), cases_to_organise),)
    daily_jobs = (run_daily_as_dict,)  # HS-R4, HS-R6: terms that end, parents to remind
    # A deputy director with the reviewer role follows the cases they are responsible for (order,
    # item 3; clause 2.19): they read them and print their documents, the administrator edits.
    demo_accounts = (
        DemoAccount("vtagil-admin", INSTITUTION_ADMINISTRATOR, "vtagil-school-8", language="ru"),
        DemoAccount("vtagil-deputy", REVIEWER, "vtagil-school-8", language="ru"),
    )
    role_permissions = {INSTITUTION_ADMINISTRATOR: ALL_ACTIONS, REVIEWER: ("view",)}

    def load_demo(self):
        """One pupil taught at home with all the appendices' documents, and one new application."""
        return demo.load_demo_records()
