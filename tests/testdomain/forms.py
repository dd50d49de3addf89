from forms_app.forms import DomainModelForm
from tests.testdomain.models import Loan


class LoanRequestForm(DomainModelForm):
    label = "Borrow a book"
    reference_series = "LIB"

    class Meta:
        model = Loan
        fields = ["book", "borrower", "email", "lent_on"]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, institution=institution, **kwargs)
        self.fields["book"].queryset = institution.testdomain_book_set.all()
