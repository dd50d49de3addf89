"""Ghent study support (studieondersteuning) in the portal: spec ``studysupport.md``."""

from django.utils.translation import gettext_lazy as _

from core.domains import DemoAccount, Domain, KeyFigures, register_domain
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport import admin, demo
from studysupport.districts import DISTRICT_LISTS, load_districts
from studysupport.figures import key_figures
from studysupport.forms import PupilRegistrationForm, SubsidyApplicationForm, VolunteerSignUpForm
from studysupport.models import District


@register_domain
class StudySupport(Domain):
    label = _("Study support")
    icon = "folder-open-inverse"
    records = (
        admin.DistrictAdmin,
        admin.InitiativeAdmin,
        admin.PupilAdmin,
        admin.IntakeAdmin,
        admin.WaitingListEntryAdmin,
        admin.VolunteerAdmin,
        admin.SupportAdmin,
        admin.SignalAdmin,
        admin.TrainingSessionAdmin,
        admin.SubsidyApplicationAdmin,
    )
    forms = {
        "pupil_registration": PupilRegistrationForm,
        "volunteer_signup": VolunteerSignUpForm,
        "subsidy_application": SubsidyApplicationForm,
    }
    figures = (KeyFigures("studysupport", _("Study support: pupils, initiatives, volunteers"), key_figures),)
    # No reviewer: study support assigns no record to a reviewer (no ``reviewer_field``), so
    # Ghent offers no reviewer role (core.domains.roles_offered).
    demo_accounts = (
        DemoAccount("gent-admin", INSTITUTION_ADMINISTRATOR, "gent"),
        DemoAccount("gent-coordinator", INSTITUTION_ADMINISTRATOR, "gent"),  # coordinates one initiative
    )

    def set_up(self, institution):
        """The city's districts (wijken), an editable list: Ghent's loaded once, when it has none."""
        names = DISTRICT_LISTS.get(institution.code)
        if names and not District.objects.filter(institution=institution).exists():
            load_districts(institution, names)

    def load_demo(self):
        """The vision text's 2020-2021 figures, and records waiting for each workflow step."""
        return demo.load_demo_records()
