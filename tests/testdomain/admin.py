from django.db.models import Q

from core.admin import PrintedDocument, RecordAdmin, WorkflowAction
from tests.testdomain.models import Book, Loan, ReadingList
from tests.testdomain.resources import BookResource, LoanResource


class BookAdmin(RecordAdmin):
    model = Book
    resource_class = BookResource
    list_display = ("code", "title")
    search_fields = ("code", "title")


class LoanAdmin(RecordAdmin):
    model = Loan
    resource_class = LoanResource
    list_display = ("book", "borrower", "lent_on", "returned_on", "reminded_at")
    list_filter = ("book",)
    workflow_actions = (
        WorkflowAction(
            "give_back",
            "Returned",
            condition="is_out",
            waiting=Q(returned_on__isnull=True),
            decision="Thank you: the book you borrowed is returned.",
        ),
    )
    printed_documents = (PrintedDocument("slip", "loan slip", "testdomain/loan_slip.html"),)


class ReadingListAdmin(RecordAdmin):
    model = ReadingList
    list_display = ("name",)
