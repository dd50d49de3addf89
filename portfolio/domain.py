"""The pupil portfolio of МОУ Емишевская ОШ in the portal: spec ``portfolio.md``."""

from django.utils.translation import gettext_lazy as _

from core.domains import ALL_ACTIONS, DemoAccount, Domain, register_domain
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from portfolio import admin, demo, family, points_table
from portfolio.forms import AchievementForm
from portfolio.models import (
    Achievement,
    ClassSummarySheet,
    HalfYearScore,
    PointsRow,
    PortfolioEntry,
    Pupil,
    SchoolClass,
    Work,
)

READ = ("view",)
FILL_IN = ("view", "add", "change")


@register_domain
class Portfolio(Domain):
    label = _("Pupil portfolio")
    icon = "folder-inverse"
    records = (
        admin.PupilAdmin,
        admin.AchievementAdmin,
        admin.WorkAdmin,
        admin.PortfolioEntryAdmin,
        admin.HalfYearScoreAdmin,
        admin.ClassSummarySheetAdmin,
        admin.AnnualRatingAdmin,
        admin.SchoolClassAdmin,
        admin.PointsRowAdmin,
    )
    forms = {"achievement": AchievementForm}
    # The administration (the director and deputies, 5.5) does everything; a class teacher (a
    # reviewer, 5.1) fills in, checks and scores the portfolios of their class's pupils, reads the
    # class, its summary sheet and the points table, and never edits the table or approves a sheet (7.8).
    role_permissions = {
        INSTITUTION_ADMINISTRATOR: ALL_ACTIONS,
        REVIEWER: {
            SchoolClass: READ,
            Pupil: READ,
            PortfolioEntry: FILL_IN,
            Work: FILL_IN,
            Achievement: FILL_IN,
            HalfYearScore: FILL_IN,
            ClassSummarySheet: READ,
            PointsRow: READ,
        },
    }
    demo_accounts = (
        DemoAccount("emishevo-admin", INSTITUTION_ADMINISTRATOR, "emishevo-school", language="ru"),
        DemoAccount("emishevo-teacher", REVIEWER, "emishevo-school", language="ru"),
    )

    visitor_urls = family.urlpatterns

    def visitor_links(self, email):
        """A family signed in with the e-mail the school holds sees their children's portfolios."""
        return family.links(email)

    def set_up(self, institution):
        """The Regulation's points table (Appendix 2), loaded for its school when stored without
        one (created by the seed on a database without the demo); an edited table stays."""
        if institution.code == points_table.SCHOOL:
            points_table.load_default_table(PointsRow, institution)

    def load_demo(self):
        """Two classes of this year and last year's, with achievements in each state and scores."""
        return demo.load_demo_records()
