from core.resources import RecordResource, related_by_code
from tests.testdomain.models import Book, Loan


class BookResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = Book
        import_id_fields = ("institution", "code")
        fields = ("institution", "code", "title")


class LoanResource(RecordResource):
    book = related_by_code(Book, "book")

    class Meta(RecordResource.Meta):
        model = Loan
        import_id_fields = ("institution", "book", "borrower", "lent_on")
        fields = ("institution", "book", "borrower", "email", "lent_on", "returned_on")
