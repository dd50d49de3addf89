"""The default points table (7.8, Appendix 2 of seeds/001), in force since the Regulation was
approved (order № 133/01-09 of 30.08.2019). The school's administrator edits it as data.

Appendix 2 does not say which of the summary sheet's seven categories (Appendices 3-4) each row
counts in: the defaults below are a reading of it, and each row's category is editable.
"""

from datetime import date
from decimal import Decimal

# The school whose Regulation the table is: another school running the portfolio enters its own.
SCHOOL = "emishevo-school"
APPROVED_ON = date(2019, 8, 30)
LEVELS_5 = ("school", "city", "region", "national", "international")
LEVELS_3 = ("school", "city", "region")
DISTANCE_LEVELS = ("school", "region", "national", "international")
AMBIGUOUS = (
    "Приложение 2 даёт строку «5 / 6 / 7 / 8 баллов / 9 баллов» под уровнями школа-международный без "
    "пояснения; здесь она прочитана как баллы за проектную деятельность на этом уровне."
)


def _levelled(indicator, category, levels, results):
    """Rows of points by result and level; None where the table gives no points."""
    return [
        (indicator, level, result, category, points, None, None, "")
        for result, by_level in results.items()
        for level, points in zip(levels, by_level, strict=True)
        if points is not None
    ]


CONTESTS_3 = {"winner": (15, 20, 25), "prize_winner": (10, 15, 20), "participant": (5, 10, 10)}

# (indicator, level, result, category, points, most points, points per average mark, note)
DEFAULT_ROWS = [
    # 1. Study, intellectual and research activity
    ("final_marks", "", "", "study", None, None, 10, ""),
    ("control_works", "", "", "study", None, None, 10, ""),
    *_levelled(
        "intellectual_contest",
        "olympiads",
        LEVELS_5,
        {
            "winner": (15, 20, 25, 30, 40),
            "prize_winner": (10, 15, 20, 25, None),
            "participant": (5, 10, 10, 20, None),
        },
    ),
    *[
        ("project_activity", level, "", "olympiads", points, None, None, AMBIGUOUS)
        for level, points in zip(LEVELS_5, (5, 6, 7, 8, 9), strict=True)
    ],
    ("distance_contest", "", "", "olympiads", 5, None, None, ""),
    *_levelled(
        "distance_contest",
        "olympiads",
        DISTANCE_LEVELS,
        {"first_place": (5, 10, 15, 20), "second_place": (3, 7, 11, 15), "third_place": (1, 4, 7, 10)},
    ),
    # 2. Public, sports and creative activity
    *[
        ("class_self_government", "", result, "public_life", points, None, None, "")
        for result, points in (("high", 5), ("medium", 3), ("low", 1))
    ],
    *[
        ("class_affairs", "", result, "events", points, None, None, "")
        for result, points in (("high", 5), ("medium", 3), ("low", 1))
    ],
    *_levelled("sports_competition", "sports", LEVELS_3, CONTESTS_3),
    ("sports_section", "", "", "sports", 5, None, None, ""),
    *_levelled("creative_contest", "creative", LEVELS_3, CONTESTS_3),
    ("studio", "", "", "additional", 5, None, None, ""),
    # 3. Reviews of study and extracurricular activity
    *[
        ("activity_review", "", result, "public_life", points, None, None, "")
        for result, points in (("high", 8), ("good", 6), ("medium", 4), ("low", 2))
    ],
    *[
        ("works_review", "", result, "study", points, None, None, "")
        for result, points in (("high", 5), ("good", 4), ("medium", 3), ("low", 2))
    ],
    ("media_article", "", "high", "creative", 5, None, None, ""),
    ("media_article", "", "good", "creative", 4, None, None, ""),
    ("commendation", "", "", "study", 5, None, None, ""),
    ("class_life_letter", "", "", "public_life", 5, None, None, ""),
    ("administration_letter", "", "", "events", 5, None, None, ""),
    ("partner_letter", "", "", "events", 5, None, None, ""),
    # 4. Creative workshop: ranges the class teacher scores within
    ("workshop_works", "", "", "creative", 0, 10, None, ""),
    ("workshop_variety", "", "", "creative", 5, 10, None, ""),
    ("workshop_photos", "", "", "creative", 0, 6, None, ""),
]


def decimal(value):
    return None if value is None else Decimal(value)


def load_default_table(points_row_model, institution):
    """Create the default rows for ``institution`` unless it has a table already; returns the
    number created. Takes the model, so that a migration passes its historical one."""
    if points_row_model.objects.filter(institution=institution).exists():
        return 0
    for indicator, level, result, category, points, most, per_mark, note in DEFAULT_ROWS:
        points_row_model.objects.create(
            institution=institution,
            indicator=indicator,
            level=level,
            result=result,
            category=category,
            points=decimal(points),
            max_points=decimal(most),
            per_mark=decimal(per_mark),
            valid_from=APPROVED_ON,
            note=note,
        )
    return len(DEFAULT_ROWS)
