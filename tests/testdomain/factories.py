import factory
from django.utils import timezone

from tests.factories import InstitutionFactory, RecordFactory


class BookFactory(RecordFactory):
    class Meta:
        model = "testdomain.Book"

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"b{n}")
    title = factory.Sequence(lambda n: f"Book {n}")


class LoanFactory(RecordFactory):
    class Meta:
        model = "testdomain.Loan"

    institution = factory.SubFactory(InstitutionFactory)
    book = factory.SubFactory(BookFactory, institution=factory.SelfAttribute("..institution"))
    borrower = factory.Sequence(lambda n: f"Borrower {n}")
    lent_on = factory.LazyFunction(timezone.localdate)
