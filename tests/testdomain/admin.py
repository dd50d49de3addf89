from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import PrintedDocument, RecordAdmin, RecordPhrases, WorkflowAction
from tests.testdomain.models import Book, Loan, ReadingList
from tests.testdomain.resources import BookResource, LoanResource


class BookAdmin(RecordAdmin):
    model = Book
    phrases = RecordPhrases(
        add=_("Add book"),
        inspect=_("View book"),
        edit=_("Edit book"),
        none_yet=_("No books yet."),
        count=ngettext_lazy("%(count)s book", "%(count)s books", "count"),
    )
    resource_class = BookResource
    list_display = ("code", "title")
    search_fields = ("code", "title")


class LoanAdmin(RecordAdmin):
    model = Loan
    phrases = RecordPhrases(
        add=_("Add loan"),
        inspect=_("View loan"),
        edit=_("Edit loan"),
        none_yet=_("No loans yet."),
        count=ngettext_lazy("%(count)s loan", "%(count)s loans", "count"),
    )
    resource_class = LoanResource
    list_display = ("book", "borrower", "lent_on", "returned_on", "reminded_at")
    search_fields = ("borrower",)
    list_filter = ("book",)
    workflow_actions = (
        WorkflowAction(
            "give_back",
            "Returned",
            when=Q(returned_on__isnull=True),
            waiting=True,
            reviewer=True,
            decision="Thank you: the book you borrowed is returned.",
        ),
    )
    printed_documents = (PrintedDocument("slip", "loan slip", "testdomain/loan_slip.html"),)


class ReadingListAdmin(RecordAdmin):
    model = ReadingList
    phrases = RecordPhrases(
        add=_("Add reading list"),
        inspect=_("View reading list"),
        edit=_("Edit reading list"),
        none_yet=_("No reading lists yet."),
        count=ngettext_lazy("%(count)s reading list", "%(count)s reading lists", "count"),
    )
    list_display = ("name",)
