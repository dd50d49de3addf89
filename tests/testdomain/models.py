"""A school library: books, loans of a book (with a workflow step) and reading lists."""

from datetime import timedelta

from django.db import models

from core.models import InstitutionRecord, workflow_step


class Book(InstitutionRecord):
    code = models.SlugField("code", max_length=40)
    title = models.CharField("title", max_length=200)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="testdomain_book_unique_code")]

    def __str__(self):
        return self.title


class Loan(InstitutionRecord):
    LOAN_DAYS = 14

    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="loans")
    borrower = models.CharField("borrower", max_length=200)
    email = models.EmailField("e-mail", blank=True)
    lent_on = models.DateField("lent on")
    returned_on = models.DateField("returned on", null=True, blank=True)
    reminded_at = models.DateTimeField("reminded at", null=True, blank=True)  # a time column of a list

    class Meta:
        ordering = ["-lent_on"]

    def __str__(self):
        return f"{self.book} · {self.borrower}"

    def due_on(self):
        return self.lent_on + timedelta(days=self.LOAN_DAYS)

    def is_out(self):
        return self.returned_on is None

    @workflow_step("Give back", "returned_on")
    def give_back(self):
        """The workflow step: the book is back today."""
        self.returned_on = self.institution.today()
        self.save()


class ReadingList(InstitutionRecord):
    name = models.CharField("name", max_length=200)
    books = models.ManyToManyField(Book, blank=True, related_name="reading_lists")

    def __str__(self):
        return self.name
