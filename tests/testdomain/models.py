"""A school library: books, loans of a book (with a workflow step, a private document and a
teacher who reviews it) and reading lists."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.models import InstitutionRecord, private_storage, workflow_step
from core.retention import Retention


class Book(InstitutionRecord):
    retention = Retention(kept="the library's catalogue")
    code = models.SlugField("code", max_length=40)
    title = models.CharField("title", max_length=200)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="testdomain_book_unique_code")]

    def __str__(self):
        return self.title


class Loan(InstitutionRecord):
    LOAN_DAYS = 14
    # A reviewer (a class teacher) sees the loans they look after.
    reviewer_field = "teacher"

    retention = Retention(ends="returned_on", person=("borrower", "email"))
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="loans")
    borrower = models.CharField("borrower", max_length=200)
    email = models.EmailField("e-mail", blank=True)
    lent_on = models.DateField("lent on")
    returned_on = models.DateField("returned on", null=True, blank=True)
    reminded_at = models.DateTimeField("reminded at", null=True, blank=True)  # a time column of a list
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    slip = models.FileField("signed slip", upload_to="testdomain/slips/", storage=private_storage, blank=True)

    class Meta:
        ordering = ["-lent_on"]
        constraints = [  # the import key
            models.UniqueConstraint(fields=["institution", "book", "borrower", "lent_on"], name="testdomain_loan_key")
        ]

    def __str__(self):
        return f"{self.book} · {self.borrower}"

    def due_on(self):
        return self.lent_on + timedelta(days=self.LOAN_DAYS)

    @workflow_step("Give back", "returned_on")
    def give_back(self):
        """The workflow step: the book is back today (the institution's date), which is not before
        the day it was lent."""
        today = self.institution.today()
        if today < self.lent_on:
            raise ValidationError("A book cannot come back before the day it was lent.")
        self.returned_on = today
        self.save()


class ReadingList(InstitutionRecord):
    retention = Retention(kept="a reading list, with no personal data")
    name = models.CharField("name", max_length=200)
    books = models.ManyToManyField(Book, blank=True, related_name="reading_lists")

    def __str__(self):
        return self.name
