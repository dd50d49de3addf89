"""The regulation's rules PF-R1..PF-R6 (spec ``portfolio.md``, source ``seeds/001``), each with its
clause; the messages name the clause in words, the ids stay here.

Models call the checks from ``clean()`` and the workflow steps; the sheets and the rating are
computed here from the scored half-years.
"""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.school_year import school_year_of

# Clause 4.2: the portfolio is kept from the 1st to the 9th class (a basic school).
FIRST_GRADE, LAST_GRADE = 1, 9
# PF-R6 (7.5): the marks of each scale.
SCALE_MARKS = {
    "mark": ("5", "4", "3", "2"),
    "pass_fail": ("pass", "fail"),
    "level": ("high", "medium", "low"),
    "quality": ("excellent", "good"),
}
# Section 3.2.1: the compulsory works, per subject.
STANDARDISED_WORKS = ("start_diagnostics", "intermediate", "final")
# Appendix 1: which entries each section holds.
SECTION_KINDS = {
    "portrait": ("about_me", "family", "interests", "pupil", "goals", "self_determination"),
    "reviews": ("observation", "teacher", "parent", "classmate", "other_characteristic", "self_analysis"),
    "miscellaneous": ("own_choice",),
}
# The half-year assessments of Appendix 2 the class teacher gives: (field, indicator).
ASSESSMENTS = (
    ("class_self_government", "class_self_government"),
    ("class_affairs", "class_affairs"),
    ("activity_review", "activity_review"),
    ("works_review", "works_review"),
)
WORKSHOP = (
    ("workshop_works", "workshop_works"),
    ("workshop_variety", "workshop_variety"),
    ("workshop_photos", "workshop_photos"),
)
SCORED_INPUTS = ("final_marks_average", *(field for field, _indicator in ASSESSMENTS + WORKSHOP))


def check_photo_consent(pupil):
    """Section 3 (the title page: "фото обучающегося (по желанию родителей и обучающегося)"): a
    photo only with the recorded consent of the parents and of the pupil."""
    if pupil.photo and not (pupil.parents_consent_on and pupil.pupil_consent_on):
        raise ValidationError(
            {
                "photo": _(
                    "A photo only with the consent of both the parents and the pupil: record the dates "
                    "of both consents (section 3 of the Regulation)."
                )
            }
        )


def check_mark(scale, mark):
    """PF-R6 (7.5): a mark belongs to its scale (pass/fail, high/medium/low, good/excellent, 2-5)."""
    if mark and not scale:
        raise ValidationError({"scale": _("Choose the scale of the mark (clause 7.5 of the Regulation).")})
    if scale and mark and mark not in SCALE_MARKS[scale]:
        raise ValidationError({"mark": _("This mark is not on the chosen scale (clause 7.5 of the Regulation).")})


def check_entry_kind(entry):
    """Appendix 1: an entry's kind belongs to its section ("Reviews" hold the observation sheets…)."""
    if entry.section and entry.kind and entry.kind not in SECTION_KINDS[entry.section]:
        raise ValidationError(
            {"kind": _("This kind of entry belongs to another section (Appendix 1 of the Regulation).")}
        )


def check_standardised_work(work):
    """Section 3.2.1: the start diagnostics, intermediate and final standardised works are kept
    per subject."""
    if work.kind in STANDARDISED_WORKS and not work.subject.strip():
        raise ValidationError(
            {"subject": _("A standardised work belongs to a subject: name it (clause 3.2.1 of the Regulation).")}
        )


def missing_standardised_works(subjects_and_kinds):
    """Section 3.2.1: per subject with a standardised work, the compulsory kinds still missing
    (start diagnostics, intermediate, final), from (subject, kind) pairs."""
    kept = {}
    for subject, kind in subjects_and_kinds:
        kept.setdefault(subject, set()).add(kind)
    return {
        subject: [kind for kind in STANDARDISED_WORKS if kind not in kinds]
        for subject, kinds in sorted(kept.items())
        if not kinds >= set(STANDARDISED_WORKS)
    }


def check_points_row(row):
    """Appendix 2 (7.8): a row gives fixed points, a range the class teacher scores within, or
    points per average mark; one row of a kind, level and result is in force on any date (PF-R5)."""
    if (row.points is None) == (row.per_mark is None) or (row.max_points is not None and row.points is None):
        raise ValidationError(
            _(
                "Give the points (with the most points for a range) or the points per average mark "
                "(Appendix 2 of the Regulation)."
            )
        )
    if row.max_points is not None and row.max_points < row.points:
        raise ValidationError({"max_points": _("The most points are fewer than the least.")})
    if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        raise ValidationError({"valid_to": _("The row ends before it starts.")})
    if row.valid_from and (overlapping := overlapping_row(row)):
        raise ValidationError(
            {
                "valid_from": _(
                    "Another row of this indicator, level and result is in force from %(date)s: end it before "
                    "this one starts (clause 7.8 of the Regulation)."
                )
                % {"date": f"{overlapping.valid_from:%d.%m.%Y}"}
            }
        )


def overlapping_row(row):
    """The table's other row of the same kind, level and result whose validity meets this one's."""
    others = type(row)._base_manager.filter(
        institution_id=row.institution_id, indicator=row.indicator, level=row.level, result=row.result
    )
    if row.valid_to:
        others = others.filter(valid_from__lte=row.valid_to)
    return others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=row.valid_from)).exclude(pk=row.pk).first()


def rows_in_force(institution, indicator, on):
    """PF-R5: the points table's rows of ``indicator`` in force on the date ``on``."""
    return apps.get_model("portfolio", "PointsRow").objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), institution=institution, indicator=indicator, valid_from__lte=on
    )


def check_achievement(achievement):
    """PF-R5 (3.3): an achievement is confirmed against its document, so once confirmed what the
    document proves no longer changes; it cannot lie in the future."""
    on = achievement.achieved_on
    if on and achievement.institution_id and on > achievement.institution.today():
        raise ValidationError({"achieved_on": _("The achievement's date cannot lie in the future.")})
    if on and achievement.institution_id and achievement.indicator:
        check_scored_by(achievement)
    if achievement._state.adding or achievement.status != "confirmed":
        return
    stored = type(achievement)._base_manager.get(pk=achievement.pk)
    proven = ("indicator", "level", "result", "achieved_on", "document")
    if any(getattr(achievement, name) != getattr(stored, name) for name in proven):
        raise ValidationError(
            _(
                "The achievement is confirmed against its document: its kind, level, result, date and document "
                "no longer change (clause 3.3 of the Regulation)."
            )
        )


def check_scored_by(achievement):
    """Appendix 2 (PF-R5): an achievement gives the level and the result the table in force on its
    date scores its kind by (a distance contest has no city level, a contest no "high"). A cell the
    table leaves empty ("—", an international participant) is a level it scores at: 0 points."""
    rows = rows_in_force(achievement.institution, achievement.indicator, achievement.achieved_on)
    messages = {
        "level": _("Choose a level the points table scores this kind at (Appendix 2 of the Regulation)."),
        "result": _("Choose a result the points table scores this kind by (Appendix 2 of the Regulation)."),
    }
    errors = {}
    for name, message in messages.items():
        scored_by = set(rows.exclude(**{name: ""}).values_list(name, flat=True))
        if scored_by and getattr(achievement, name) not in scored_by:
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def half_year_of(day):
    """(school year, half-year) of a date: the first half-year runs from September to December."""
    return school_year_of(day), 1 if day.month >= 9 else 2


def half_year_bounds(school_year, half):
    """The first and last day of a half-year (1 September-31 December, 1 January-31 August)."""
    if half == 1:
        return date(school_year, 9, 1), date(school_year, 12, 31)
    return date(school_year + 1, 1, 1), date(school_year + 1, 8, 31)


def half_year_scored(achievement):
    """7.8: whether the pupil's half-year of the achievement's date is already scored."""
    school_year, half = half_year_of(achievement.achieved_on)
    return achievement.pupil.half_years.filter(
        school_class__school_year=school_year, half=half, scored_on__isnull=False
    ).exists()


def scored_message(achievement):
    return _(
        "The pupil's half-year of %(date)s is already scored: the achievement no longer counts in it "
        "(clause 7.8 of the Regulation)."
    ) % {"date": f"{achievement.achieved_on:%d.%m.%Y}"}


def reason_missing_message():
    return _("The reason for returning the achievement is not written yet (clause 3.3 of the Regulation).")


def undecided_message(count):
    return ngettext(
        "%(count)s achievement of the pupil in this half-year awaits confirmation (clauses 3.3 and 7.8 of the "
        "Regulation).",
        "%(count)s achievements of the pupil in this half-year await confirmation (clauses 3.3 and 7.8 of the "
        "Regulation).",
        count,
    ) % {"count": count}


def unscored_message(pupils):
    return _("Not scored in both half-years yet: %(pupils)s (clause 7.8 of the Regulation).") % {
        "pupils": ", ".join(pupil.short_name for pupil in pupils)
    }


def bounds_of(score):
    return half_year_bounds(score.school_class.school_year, score.half)


def achievements_in(score):
    """The pupil's achievements dated in the half-year of ``score``."""
    return score.pupil.achievements.filter(achieved_on__range=bounds_of(score))


def check_half_year_score(score):
    """PF-R1 (7.8): the class teacher scores once per half-year, so a scored half-year's
    assessments no longer change; the creative workshop is scored within the table's ranges."""
    if not score.school_class_id:
        return
    if score.pk and score.scored_on:
        stored = type(score)._base_manager.get(pk=score.pk)
        if any(getattr(score, name) != getattr(stored, name) for name in SCORED_INPUTS):
            raise ValidationError(
                _("The half-year is scored: its assessments no longer change (clause 7.8 of the Regulation).")
            )
    end = bounds_of(score)[1]
    errors = {}
    for field, indicator in WORKSHOP:
        value = getattr(score, field)
        row = rows_in_force(score.institution, indicator, end).filter(max_points__isnull=False).first()
        if value is not None and row is not None and not row.points <= value <= row.max_points:
            errors[field] = _("Score between %(least)s and %(most)s points (Appendix 2 of the Regulation).") % {
                "least": row.points,
                "most": row.max_points,
            }
    if errors:
        raise ValidationError(errors)


def control_works_average(score):
    """Appendix 2, 1.2: the average of the marks (2-5) of the half-year's standardised works."""
    marks = score.pupil.works.filter(
        kind__in=STANDARDISED_WORKS, scale="mark", done_on__range=bounds_of(score)
    ).values_list("mark", flat=True)
    marks = [Decimal(mark) for mark in marks if mark]
    return (sum(marks) / len(marks)).quantize(Decimal("0.01")) if marks else None


def half_year_points(score):
    """PF-R1 (7.8): the half-year's points per summary sheet category, from the assessments and
    the pupil's achievements confirmed in it (PF-R5: each by the table in force on its date; the
    assessments by the table in force on the half-year's last day)."""
    points = {category: Decimal("0") for category in CATEGORIES}
    end = bounds_of(score)[1]

    def add(indicator, result="", value=None):
        for row in rows_in_force(score.institution, indicator, end).filter(level="", result=result):
            points[row.category] += row.score(value)

    if score.final_marks_average is not None:
        add("final_marks", value=score.final_marks_average)
    if (average := control_works_average(score)) is not None:
        add("control_works", value=average)
    for field, indicator in ASSESSMENTS:
        if getattr(score, field):
            add(indicator, result=getattr(score, field))
    for field, indicator in WORKSHOP:
        if getattr(score, field) is not None:
            add(indicator, value=getattr(score, field))
    for achievement in achievements_in(score).filter(status="confirmed"):
        for row in achievement.rows():
            points[row.category] += row.score()
    return points


CATEGORIES = ("study", "olympiads", "sports", "creative", "additional", "events", "public_life")


def summary_sheet(scores):
    """PF-R2 (Appendix 3): the categories × the two half-years and the totals of scored half-years."""
    by_half = {score.half: score for score in scores}
    rows = []
    for category in CATEGORIES:
        first, second = (getattr(by_half[half], category) if half in by_half else Decimal("0.00") for half in (1, 2))
        rows.append({"category": category, "first": first, "second": second, "total": first + second})
    return {
        "rows": rows,
        "first": sum((row["first"] for row in rows), Decimal("0")),
        "second": sum((row["second"] for row in rows), Decimal("0")),
        "total": sum((row["total"] for row in rows), Decimal("0")),
    }


def class_rows(school_class):
    """PF-R3 (Appendix 4): a row per pupil scored in the class, the categories and the total of the year."""
    scores = school_class.half_year_scores.filter(scored_on__isnull=False).select_related("pupil")
    by_pupil = {}
    for score in scores:
        by_pupil.setdefault(score.pupil, []).append(score)
    return [
        {"pupil": pupil, **summary_sheet(scored)}
        for pupil, scored in sorted(by_pupil.items(), key=lambda item: (item[0].last_name, item[0].first_name))
    ]


def pupils_not_scored(school_class):
    """The class's pupils (now, or scored in it) not scored in both half-years of its year."""
    Pupil = apps.get_model("portfolio", "Pupil")
    pupils = Pupil.objects.filter(Q(school_class=school_class) | Q(half_years__school_class=school_class)).distinct()
    scored = school_class.half_year_scores.filter(scored_on__isnull=False)
    complete = {pupil for pupil, halves in _halves_by_pupil(scored).items() if halves >= {1, 2}}
    return [pupil for pupil in pupils if pupil.pk not in complete]


def _halves_by_pupil(scores):
    halves = {}
    for pupil_id, half in scores.values_list("pupil_id", "half"):
        halves.setdefault(pupil_id, set()).add(half)
    return halves


def year_totals(institution, school_year, school_class=None):
    """(pupil, class, total of the year's scored half-years) for the school, or one class."""
    scores = apps.get_model("portfolio", "HalfYearScore").objects.filter(
        institution=institution, school_class__school_year=school_year, scored_on__isnull=False
    )
    if school_class is not None:
        scores = scores.filter(school_class=school_class)
    sums = list(scores.values("pupil", "school_class").annotate(year_total=Sum("total")))
    pupils = apps.get_model("portfolio", "Pupil").objects.in_bulk([row["pupil"] for row in sums])
    classes = apps.get_model("portfolio", "SchoolClass").objects.in_bulk([row["school_class"] for row in sums])
    return [(pupils[row["pupil"]], classes[row["school_class"]], row["year_total"]) for row in sums]


def rating(annual_rating, totals):
    """PF-R4 (7.7): the pupils by total, highest first; equal totals share a place ("1, 1, 3").
    3.3.3: the name is shown only when the school has chosen to publish it."""
    ordered = sorted(totals, key=lambda item: (-item[2], item[0].last_name, item[0].first_name))
    return [
        {
            "place": 1 + sum(1 for *_others, other in ordered if other > total),
            "total": total,
            "pupil": pupil,
            "school_class": school_class.name,
            "name": pupil.short_name if annual_rating.names_published else "",
        }
        for pupil, school_class, total in ordered
    ]
