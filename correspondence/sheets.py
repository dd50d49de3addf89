"""What the head of the department draws up from the records, as data for the printed documents:
the journal of home control works (CO-R7), the admission list of a discipline (CO-R5), and after a
session (CO-R17, clause 5.5) the summary sheet of final grades per group, the students with debts
and the draft order of transfer."""

from dataclasses import dataclass, field

from correspondence.models import AttestationResult

POSITIVE_GRADES = ("5", "4", "3", "passed")


@dataclass
class SummaryRow:
    """A student's line of the summary sheet: the final result per attested discipline (None: none yet)."""

    student: object
    results: list
    debt_results: list = field(default_factory=list)  # (curriculum line, its last result or None) of each debt

    @property
    def debts(self):
        return [line.discipline for line, _result in self.debt_results]


def admission_list(group, discipline):
    """CO-R5 (clauses 4.11, 6.18): each student of the group with why they are not admitted (empty: admitted)."""
    return [(student, student.admission(discipline)) for student in group.students.order_by("name")]


def admission_lists(session):
    """CO-R5 (clauses 4.11, 6.18): before a session, for each discipline its course attests, each
    student of the group with why they are not admitted (empty: admitted)."""
    lines = session.group.curriculum.filter(course=session.course).exclude(attestation="")
    return {
        "admissions": [
            (line, admission_list(session.group, line.discipline)) for line in lines.select_related("discipline")
        ]
    }


def summary_sheet(group, course=None, session=None):
    """CO-R17 (clause 5.5): the course's attested curriculum lines, and a row per student with the last
    result of each (a retake replaces the earlier grade); a missing or unsatisfactory one is a debt.
    After a ``session``: the lines of the disciplines it attested, in its school year's course."""
    course = session.course if session else course or group.course
    lines = group.curriculum.filter(course=course).exclude(attestation="").select_related("discipline")
    if session is not None:
        lines = lines.filter(discipline__results__session=session).distinct()
    lines = list(lines)
    students = list(group.students.order_by("name"))
    last = {}
    results = AttestationResult.objects.filter(
        student__in=students, discipline__in=[line.discipline_id for line in lines]
    ).order_by("held_on", "pk")
    for result in results:
        last[result.student_id, result.discipline_id] = result
    rows = []
    for student in students:
        row = SummaryRow(student, [last.get((student.pk, line.discipline_id)) for line in lines])
        row.debt_results = [
            (line, result)
            for line, result in zip(lines, row.results, strict=True)
            if result is None or result.grade not in POSITIVE_GRADES
        ]
        rows.append(row)
    return lines, rows


def debtors(group, course=None, session=None):
    """CO-R17 (clause 5.5): the students with debts after the session, and their disciplines."""
    return [row for row in summary_sheet(group, course, session)[1] if row.debts]


def transferred(group, course=None, session=None):
    """CO-R17 (clause 5.5): the draft order of transfer to the next course, the students without debts."""
    return [row.student for row in summary_sheet(group, course, session)[1] if not row.debts]


def after_session(session):
    """What the session's printed documents show (CO-R17): the summary sheet's lines and rows, the
    students with debts and those transferred. The draft order transfers those with debts
    conditionally, as Article 58 of the Federal Law No. 273-FZ has it."""
    lines, rows = summary_sheet(session.group, session=session)
    return {
        "lines": lines,
        "rows": rows,
        "debtors": [row for row in rows if row.debts],
        "transferred": [row.student for row in rows if not row.debts],
    }


def journal_pages(works):
    """CO-R7 (clause 6.6): the journal keeps each group's works of a discipline together, in order of
    arrival, as the paper journal does."""
    return {"works": works.select_related("redo_of").order_by("group__code", "discipline__code", "received_on", "pk")}
