"""The test domain's one declaration: everything it gets from the portal comes from here."""

from core.domains import ALL_ACTIONS, Deadline, DemoAccount, Domain, KeyFigures, register_domain
from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.testdomain import admin
from tests.testdomain.forms import LoanRequestForm
from tests.testdomain.models import Book, Loan

LIBRARY = "test-library"


def loans_out(queryset):
    for loan in queryset.filter(returned_on__isnull=True):
        yield loan, loan.due_on()


def book_figures(institution_code, school_year):
    books = Book.objects.filter(institution__code=institution_code)
    return [{"value": str(books.count()), "label": "books", "note": ""}]


def count_overdue_loans():
    loans = Loan.objects.select_related("institution")
    overdue = [loan for loan, due in loans_out(loans) if due < loan.institution.today()]
    return {"overdue": len(overdue)}


@register_domain
class Library(Domain):
    label = "Library loans"
    icon = "doc-full"
    records = (admin.BookAdmin, admin.LoanAdmin, admin.ReadingListAdmin)
    forms = {"loan_request": LoanRequestForm}
    figures = (KeyFigures("testdomain", "Library: books", book_figures),)
    deadlines = (Deadline(Loan, "Bring the book back", loans_out),)
    daily_jobs = (count_overdue_loans,)
    demo_accounts = (DemoAccount("library-admin", INSTITUTION_ADMINISTRATOR, LIBRARY),)
    role_permissions = {INSTITUTION_ADMINISTRATOR: ALL_ACTIONS, REVIEWER: ("view",)}
    demo_institutions = ({"code": LIBRARY, "name": "Test library", "country": "BE", "language": "en"},)

    def load_demo(self):
        library = Institution.objects.get(code=LIBRARY)
        if Book.objects.filter(institution=library).exists():
            return False
        Book.objects.create(institution=library, code="b1", title="De Leeuw van Vlaanderen")
        return True
