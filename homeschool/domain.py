"""Home schooling at МАОУ СОШ № 8, Verkhny Tagil, in the portal: spec ``homeschool.md``."""

from django.utils.translation import gettext_lazy as _

from core.domains import ALL_ACTIONS, Deadline, DemoAccount, Domain, register_domain
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from homeschool import admin, demo
from homeschool.deadlines import cases_to_organise
from homeschool.forms import HomeSchoolingApplicationForm
from homeschool.lifecycle import run_daily_as_dict
from homeschool.models import AttestationMark, HomeSchoolingCase, Lesson

# Clause 3.3: the teachers fill in the journal with the lessons held and the marks; the class teacher
# (a reviewer, 2.19-2.20, 3.2) records them for the pupils of their class.
JOURNAL = ("add", "change", "view")


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
    # Who does what, as the regulation names them. The administration (the director, who issues the
    # order and approves the plans, 2.3, 2.15-2.16, and the deputies) keeps every record. A reviewer is
    # either the deputy director responsible for a case (order, item 3; 2.19: controls the
    # curriculum): reads its records, prints its documents and records the parent's agreement; or the
    # case's class teacher (2.19-2.20, 3.2-3.3): reads the case and records its lessons and marks.
    # Which of the two a reviewer is, the case says (``responsible``, ``class_teacher_account``), and
    # the journal's lists let only the class teacher write (admin.ClassTeacherWrites).
    demo_accounts = (
        DemoAccount("vtagil-admin", INSTITUTION_ADMINISTRATOR, "vtagil-school-8", language="ru"),
        DemoAccount("vtagil-deputy", REVIEWER, "vtagil-school-8", language="ru"),
        DemoAccount("vtagil-teacher", REVIEWER, "vtagil-school-8", language="ru"),
    )

    @property
    def role_permissions(self):
        reviewer = dict.fromkeys(self.record_models, ("view",))
        reviewer.update({Lesson: JOURNAL, AttestationMark: JOURNAL})
        return {INSTITUTION_ADMINISTRATOR: ALL_ACTIONS, REVIEWER: reviewer}

    def load_demo(self):
        """One pupil taught at home with all the appendices' documents, and one new application."""
        return demo.load_demo_records()
