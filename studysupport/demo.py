"""Demo records that reproduce the vision text's 2020-2021 figures (make run).

1414 pupils (SO 31 %, BaO 69 %) registered in school year 2020-2021 (the 181 waiting among them),
16 initiatives recognised for 2020-2021 and for the current school year (SS-R4) of which some keep
no waiting list, 660 approved volunteers and 181 pupils on waiting lists; the supported pupils have
their intake done (SS-R6).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.demo import demo_reason
from core.models import Institution
from core.school_year import school_year_label, school_year_of
from studysupport.districts import load_districts
from studysupport.figures import forget_figures
from studysupport.models import (
    District,
    Format,
    Initiative,
    Intake,
    Pupil,
    Setting,
    Signal,
    SubsidyApplication,
    Support,
    TrainingSession,
    Volunteer,
    WaitingListEntry,
)

PUPILS, SECONDARY, INITIATIVES, VOLUNTEERS, WAITING = 1414, 438, 16, 660, 181
KINDS = ["non_profit", "de_facto", "higher_education", "public_body"]
FOCUSES = ["language", "learning_to_learn", "executive_skills", "e_inclusion", "transbaso"]
# The wijken the demo's pupils live in (of the city's list, studysupport.districts).
DISTRICTS = [
    "Brugse Poort - Rooigem",
    "Rabot - Blaisantvest",
    "Sluizeken - Tolhuis - Ham",
    "Nieuw Gent - UZ",
    "Ledeberg",
    "Dampoort",
    "Wondelgem",
]


def _initiative_for(number, waiting_lists, initiatives):
    """The first pupils wait at initiatives that keep a waiting list; the others are supported."""
    pool = waiting_lists if number < WAITING else initiatives
    return pool[number % len(pool)]


@transaction.atomic
def load_demo_records(institution_code="gent", coordinator_username="gent-coordinator"):
    """Create the demo records once; a second run changes nothing. Returns whether it created them."""
    gent = Institution.objects.get(code=institution_code)
    if Initiative.objects.filter(institution=gent).exists():
        return False
    reason = demo_reason(gent)
    load_districts(gent)
    districts = [District.objects.get(institution=gent, name=name) for name in DISTRICTS]
    coordinator = get_user_model().objects.filter(username=coordinator_username).first()
    bulk_create_with_history(
        [
            Initiative(
                institution=gent,
                code=f"initiatief-{number:02d}",
                name=f"Studieondersteuning {DISTRICTS[number % len(DISTRICTS)].split(' - ')[0]} {number}",
                kind=KINDS[number % len(KINDS)],
                coordinator_name=f"Coördinator {number}",
                coordinator_email=f"coordinator{number}@example.org",
                coordinator_user=coordinator if number == 1 else None,
                keeps_waiting_list=number % 3 != 0,
            )
            for number in range(1, INITIATIVES + 1)
        ],
        Initiative,
        default_change_reason=reason,
    )
    initiatives = list(Initiative.objects.filter(institution=gent).order_by("code"))
    # Each initiative serves its own wijk and the next one.
    Initiative.districts.through.objects.bulk_create(
        Initiative.districts.through(initiative=initiative, district=districts[(number + step) % len(districts)])
        for number, initiative in enumerate(initiatives, start=1)
        for step in (0, 1)
    )
    bulk_create_with_history(
        [
            Volunteer(
                institution=gent,
                initiative=initiatives[number % INITIATIVES],
                first_name="Vrijwilliger",
                last_name=f"{number:03d}",
                email=f"vrijwilliger{number:03d}@example.org",
                screening_status=Volunteer.Screening.APPROVED,
                screened_on=date(2020, 9, 1),
            )
            for number in range(VOLUNTEERS)
        ],
        Volunteer,
        default_change_reason=reason,
    )
    waiting_lists = [initiative for initiative in initiatives if initiative.keeps_waiting_list]
    start = date(2020, 9, 1)
    bulk_create_with_history(
        [
            Pupil(
                institution=gent,
                external_code=f"GENT-{number:05d}",
                first_name="Leerling",
                last_name=f"{number:05d}",
                school_level=Pupil.SchoolLevel.SECONDARY if number < SECONDARY else Pupil.SchoolLevel.PRIMARY,
                grade=1 + number % 6,
                district=districts[number % len(districts)],
                initiative=_initiative_for(number, waiting_lists, initiatives),
                status=Pupil.Status.WAITING if number < WAITING else Pupil.Status.SUPPORTED,
                registered_on=start + timedelta(days=number % 300),
            )
            for number in range(PUPILS)
        ],
        Pupil,
        default_change_reason=reason,
    )
    supported = Pupil.objects.filter(institution=gent, status=Pupil.Status.SUPPORTED)
    bulk_create_with_history(
        [
            Intake(
                institution=gent,
                pupil=pupil,
                date=pupil.registered_on,
                held_by="Coördinator",
                requested_focus=FOCUSES[pupil.pk % len(FOCUSES)],
                setting=Setting.HOME,
                format=Format.ONE_TO_ONE,
                done_on=pupil.registered_on,
            )
            for pupil in supported
        ],
        Intake,
        default_change_reason=reason,
    )
    _load_supports(gent, supported)
    waiting = Pupil.objects.filter(institution=gent, status=Pupil.Status.WAITING).select_related("initiative")
    bulk_create_with_history(
        [
            WaitingListEntry(institution=gent, pupil=pupil, initiative=pupil.initiative, since=pupil.registered_on)
            for pupil in waiting
        ],
        WaitingListEntry,
        default_change_reason=reason,
    )
    _load_recognitions(gent, initiatives)
    _load_trainings(gent, initiatives)
    _load_workflow_examples(gent, initiatives)
    forget_figures()
    return True


def _load_trainings(gent, initiatives):
    """The city's start training, and a coaching and an intervision session at the first initiative:
    the volunteers of the other initiatives are listed as active without training this school year."""
    current = school_year_of(gent.today())
    sessions = [
        TrainingSession(
            institution=gent,
            kind=TrainingSession.Kind.TRAINING,
            phase=TrainingSession.Phase.START,
            date=date(2020, 9, 15),
            topic="Startopleiding: leren leren en executieve vaardigheden",
        ),
        TrainingSession(
            institution=gent,
            initiative=initiatives[0],
            kind=TrainingSession.Kind.COACHING,
            phase=TrainingSession.Phase.DURING,
            date=date(current, 10, 6),
            topic="Begeleiding: een krachtige thuisomgeving",
        ),
        TrainingSession(
            institution=gent,
            initiative=initiatives[0],
            kind=TrainingSession.Kind.INTERVISION,
            phase=TrainingSession.Phase.DURING,
            date=date(current, 11, 17),
            topic="Intervisie: (armoede)signalen opvangen",
        ),
    ]
    bulk_create_with_history(sessions, TrainingSession, default_change_reason=demo_reason(gent))
    sessions = list(TrainingSession.objects.filter(institution=gent).order_by("date"))
    everyone = list(Volunteer.objects.filter(institution=gent).values_list("pk", flat=True))
    own = list(Volunteer.objects.filter(initiative=initiatives[0]).values_list("pk", flat=True))
    through = TrainingSession.attendees.through
    through.objects.bulk_create(
        [through(trainingsession=sessions[0], volunteer_id=pk) for pk in everyone]
        + [through(trainingsession=session, volunteer_id=pk) for session in sessions[1:] for pk in own]
    )


def _load_supports(gent, supported):
    """Each supported pupil's support in 2020-2021, one-to-one with a volunteer of its initiative
    (written beneath the relation's rules: the pupils are supported and screened already)."""
    volunteers = {}
    for volunteer in Volunteer.objects.filter(institution=gent).order_by("pk"):
        volunteers.setdefault(volunteer.initiative_id, []).append(volunteer)
    pupils = list(supported.order_by("pk"))
    supports = [
        Support(
            institution=gent,
            initiative_id=pupil.initiative_id,
            volunteer=volunteers[pupil.initiative_id][number % len(volunteers[pupil.initiative_id])],
            setting=Setting.HOME,
            format=Format.ONE_TO_ONE,
            focus=FOCUSES[number % len(FOCUSES)],
            start=pupil.registered_on,
            end=date(2021, 6, 30),
        )
        for number, pupil in enumerate(pupils)
    ]
    bulk_create_with_history(supports, Support, default_change_reason=demo_reason(gent))
    created = Support.objects.filter(institution=gent).order_by("pk")
    through = Support.pupils.through
    through.objects.bulk_create(
        through(support=support, pupil=pupil) for support, pupil in zip(created, pupils, strict=True)
    )


def _load_recognitions(gent, initiatives):
    """SS-R4, SS-R9: each initiative recognised for 2020-2021 (the text's 16) and for the current school
    year by an accepted, dated decision with its amount."""
    current = school_year_of(gent.today())
    years = {2020: date(2020, 8, 20), current: date(current, 8, 20)}
    bulk_create_with_history(
        [
            SubsidyApplication(
                institution=gent,
                initiative=initiative,
                school_year=school_year_label(start),
                requested_amount=Decimal("3000.00"),
                declares_support_free=True,
                declares_ghent_pupils=True,
                status=SubsidyApplication.Status.ACCEPTED,
                decided_on=decided_on,
                awarded_amount=Decimal("3000.00") - 250 * (number % 3),
            )
            for start, decided_on in years.items()
            for number, initiative in enumerate(initiatives)
        ],
        SubsidyApplication,
        default_change_reason=demo_reason(gent),
    )


def _load_workflow_examples(gent, initiatives):
    """A few records that wait for a step in the admin: screenings, subsidy decisions, a signal."""
    reason = demo_reason(gent)
    pending = [
        Volunteer(
            institution=gent,
            initiative=initiatives[number],
            first_name="Kandidaat",
            last_name=f"{number + 1:03d}",
            email=f"kandidaat{number + 1:03d}@example.org",
        )
        for number in range(3)
    ]
    bulk_create_with_history(pending, Volunteer, default_change_reason=reason)
    # SS-R4: a new initiative that applied for this school year (absent from the public forms until
    # accepted), an application for next year, and one from an address not its coordinator's.
    current = school_year_of(gent.today())
    newcomer = Initiative(
        institution=gent,
        code="huiswerkklas-rabot",
        name="Huiswerkklas Rabot",
        kind=Initiative.Kind.OTHER,
        kind_description="Buurtwerking",
        coordinator_name="Sara Aanvrager",
        coordinator_email="huiswerkklas-rabot@example.org",
    )
    bulk_create_with_history([newcomer], Initiative, default_change_reason=reason)
    bulk_create_with_history(
        [
            SubsidyApplication(
                institution=gent,
                initiative=initiative,
                school_year=school_year_label(year),
                requested_amount=Decimal("2500.00"),
                declares_support_free=True,
                declares_ghent_pupils=True,
                to_verify=to_verify,
            )
            for initiative, year, to_verify in (
                (newcomer, current, ""),
                (initiatives[0], current + 1, ""),
                (
                    initiatives[1],
                    current + 1,
                    "verstuurd vanaf iemand@example.org (Iemand), niet vanaf het adres van de coördinator "
                    f"{initiatives[1].coordinator_email}",
                ),
            )
        ],
        SubsidyApplication,
        default_change_reason=reason,
    )
    waiting_here = Pupil.objects.filter(initiative=initiatives[0], status=Pupil.Status.WAITING).first()
    if waiting_here is not None:  # SS-R6: an intake to mark done before the pupil's support starts
        intake = Intake(
            institution=gent,
            pupil=waiting_here,
            date=gent.today(),
            held_by="Coördinator 1",
            requested_focus="transbaso",
            setting=Setting.ORGANISATION,
            format=Format.SMALL_GROUP,
        )
        bulk_create_with_history([intake], Intake, default_change_reason=reason)
    reporter = Volunteer.objects.filter(initiative=initiatives[0], screening_status="approved").first()
    family = Pupil.objects.filter(initiative=initiatives[0], status=Pupil.Status.SUPPORTED).first()
    signals = [
        Signal(
            institution=gent,
            initiative=initiatives[0],
            pupil=family,
            reported_by=reporter,
            kind=kind,
            description=description,
            reported_on=reported_on,
        )
        for kind, description, reported_on in (
            ("Huisvesting", "Vochtige woning, geen rustige plek om te leren.", date(2021, 3, 15)),
            ("Digitale toegang", "Geen laptop thuis; de leerling werkt op de gsm van de moeder.", date(2021, 1, 12)),
        )
    ]
    bulk_create_with_history(signals, Signal, default_change_reason=reason)
