"""The correspondence and evening departments of the Novocheboksarsk chemical-mechanical technical
college in the portal: spec ``correspondence.md``."""

from django.utils.translation import gettext_lazy as _

from core.domains import ALL_ACTIONS, Deadline, DemoAccount, Domain, register_domain
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from correspondence import admin, demo
from correspondence.deadlines import certificates_due, reviews_due, timetables_due
from correspondence.forms import HomeControlWorkForm, SummonsCertificateRequestForm
from correspondence.models import ExaminationSession, HomeControlWork, SummonsCertificate


@register_domain
class Correspondence(Domain):
    label = _("Correspondence department")
    icon = "mail"
    records = (
        admin.HomeControlWorkAdmin,
        admin.SummonsCertificateAdmin,
        admin.ExaminationSessionAdmin,
        admin.AttestationResultAdmin,
        admin.IndividualScheduleAdmin,
        admin.StudyGroupAdmin,
        admin.StudentAdmin,
        admin.DisciplineAdmin,
        admin.CurriculumLineAdmin,
        admin.TeacherAdmin,
        admin.SickLeaveAdmin,
    )
    # The student's public forms, linked from the Regulation's page (fixtures/content/nhmt.json).
    forms = {"home_control_work": HomeControlWorkForm, "summons_certificate": SummonsCertificateRequestForm}
    deadlines = (
        Deadline(HomeControlWork, _("Return the reviewed home control work (clause 6.7)"), reviews_due),
        Deadline(SummonsCertificate, _("Issue the summons certificate (clause 5.3)"), certificates_due),
        Deadline(ExaminationSession, _("Approve the session timetable (clause 5.4)"), timetables_due),
    )
    # The head of the department and the secretary administer; a teacher with the reviewer role
    # sees the works they review and takes the review's steps (clauses 6.5-6.17).
    demo_accounts = (
        DemoAccount("nhmt-admin", INSTITUTION_ADMINISTRATOR, demo.INSTITUTION, language="ru"),
        DemoAccount("nhmt-teacher", REVIEWER, demo.INSTITUTION, language="ru"),
    )
    role_permissions = {INSTITUTION_ADMINISTRATOR: ALL_ACTIONS, REVIEWER: ("view",)}

    def load_demo(self):
        """Two groups, one of each form, with their curriculum, a session, and works in every state."""
        return demo.load_demo_records()
