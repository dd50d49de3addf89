"""Recognition of non-formal and informal learning at the Technical University "Metinvest
Polytechnic" in the portal: spec ``recognition.md``."""

from django.utils.translation import gettext_lazy as _

from core.domains import ALL_ACTIONS, Deadline, DemoAccount, Domain, register_domain
from core.roles import INSTITUTION_ADMINISTRATOR
from recognition import admin, demo
from recognition.deadlines import applications_to_decide
from recognition.forms import RecognitionApplicationForm
from recognition.models import RecognitionApplication


@register_domain
class Recognition(Domain):
    label = _("Recognition of learning outcomes")
    icon = "tasks"
    records = (
        admin.RecognitionApplicationAdmin,
        admin.PriorLearningAdmin,
        admin.SupportingDocumentAdmin,
        admin.InquiryAdmin,
        admin.CommissionMemberAdmin,
        admin.DecisionAdmin,
        admin.RecognisedModuleAdmin,
        admin.ValidationAdmin,
        admin.CreditedResultAdmin,
        admin.StudentAdmin,
        admin.ProgrammeAdmin,
        admin.DisciplineAdmin,
        admin.DisciplineModuleAdmin,
        admin.GradeScaleAdmin,
    )
    forms = {"application": RecognitionApplicationForm}
    deadlines = (
        Deadline(
            RecognitionApplication,
            _("Decide whether to take the application further (clause 2.12)"),
            applications_to_decide,
        ),
    )
    # No reviewer: commission members sign in the department's records, not with accounts of their own.
    demo_accounts = (DemoAccount("metinvest-admin", INSTITUTION_ADMINISTRATOR, demo.INSTITUTION),)
    role_permissions = {INSTITUTION_ADMINISTRATOR: ALL_ACTIONS}

    def load_demo(self):
        """A programme with its disciplines and modules, students, and applications in each state."""
        return demo.load_demo_records()
