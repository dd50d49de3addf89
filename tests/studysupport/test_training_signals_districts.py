"""Issue 19, items 6 and 7 and the small-group leftover: training sessions on the volunteer and the
list of who had none this school year; a signal names the family, city staff count only; the
city's districts as an editable list (migrated from free text); figures per district and year,
cached; SS-R7's small group refused in the model, so an import and code refuse it too."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from core.admin import record_admin_for
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.districts import GHENT_DISTRICTS, district_name
from studysupport.figures import key_figures, signal_counts, with_district_figures
from studysupport.models import District, Initiative, Signal, TrainingSession, Volunteer, WaitingListEntry
from tests.factories import (
    InitiativeFactory,
    IntakeFactory,
    PupilFactory,
    SupportFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.rule_paths import admin_form_errors, import_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(gent):
    initiative = InitiativeFactory(institution=gent)
    volunteer = VolunteerFactory(institution=gent, initiative=initiative, screened_on=date(2026, 9, 1))
    return gent, initiative, volunteer


def screened_pupil(institution, **extra):
    return IntakeFactory(institution=institution, pupil__institution=institution, **extra).pupil


# SS-R7 in the model layer -------------------------------------------------------------------------


def test_ss_r7_a_small_group_of_one_is_refused_by_the_model_itself(place):
    gent, _initiative, volunteer = place
    first, second = screened_pupil(gent), screened_pupil(gent)
    group = SupportFactory(volunteer=volunteer, format="small_group")
    group.pending_pupils = [first]
    with pytest.raises(ValidationError) as refused:
        group.full_clean()
    assert refused.value.message_dict["pupils"] == ["A small group has two pupils or more."]
    with pytest.raises(ValidationError, match="two pupils or more"), transaction.atomic():
        group.take_into_support([first])  # code adding to the relation: the relation's own check
    assert not group.pupils.exists()
    group.take_into_support([first, second])
    assert set(group.pupils.all()) == {first, second}


def test_ss_r7_an_import_refuses_a_small_group_of_one(place):
    gent, _initiative, volunteer = place
    first, second = screened_pupil(gent), screened_pupil(gent)
    group = SupportFactory(volunteer=volunteer, format="small_group")
    group.take_into_support([first, second])
    assert import_problems(group, pupils=first.external_code) == ["A small group has two pupils or more."]
    assert not import_problems(group, pupils=f"{first.external_code},{second.external_code}")


def test_ss_r7_the_admin_form_shows_the_models_refusal_at_the_field(place):
    gent, _initiative, volunteer = place
    first, second = screened_pupil(gent), screened_pupil(gent)
    group = SupportFactory(volunteer=volunteer, format="small_group")
    assert admin_form_errors(group, pupils=[str(first.pk)])["pupils"] == ["A small group has two pupils or more."]
    assert "pupils" not in admin_form_errors(group, pupils=[str(first.pk), str(second.pk)])


# Training sessions ---------------------------------------------------------------------------------


def test_the_volunteer_page_shows_its_training_sessions(client, place, admin_user):
    gent, initiative, volunteer = place
    session = TrainingSession.objects.create(
        institution=gent,
        initiative=initiative,
        kind="intervision",
        phase="during",
        date=date(2026, 11, 3),
        topic="Signalen",
    )
    session.attendees.add(volunteer)
    client.force_login(admin_user)
    page = client.get(record_admin_for(Volunteer).url_helper.get_action_url("inspect", volunteer.pk))
    html = page.content.decode()
    assert "Signalen" in html and "03.11.2026" in html and "Intervision (intervisie)" in html
    assert "During the support" in html


def test_the_list_names_active_volunteers_without_training_this_school_year(client, gent):
    trained, untrained, gone, pending = (
        VolunteerFactory(institution=gent, last_name=name, screened_on=date(2020, 9, 1))
        for name in ("Opgeleid", "Zonder", "Vertrokken", "Kandidaat")
    )
    gone.active_to = date(2020, 6, 30)
    gone.save()
    Volunteer.objects.filter(pk=pending.pk).update(screening_status="pending", screened_on=None)
    this_year = gent.today()
    session = TrainingSession.objects.create(institution=gent, date=this_year, topic="Startopleiding")
    session.attendees.add(trained)
    old = TrainingSession.objects.create(institution=gent, date=date(2021, 1, 1), topic="Vorig jaar")
    old.attendees.add(untrained)
    staff = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=gent)
    client.force_login(staff)
    response = client.get(record_admin_for(Volunteer).url_helper.index_url, {"training": "none"})
    listed = set(response.context["object_list"])
    assert untrained in listed
    assert not listed & {trained, gone, pending}


# Signals -------------------------------------------------------------------------------------------


def test_a_signal_names_a_pupil_of_its_own_initiative(place):
    gent, initiative, volunteer = place
    elsewhere = PupilFactory(institution=gent, initiative=InitiativeFactory(institution=gent))
    signal = Signal(institution=gent, initiative=initiative, reported_by=volunteer, pupil=elsewhere, kind="Huisvesting")
    with pytest.raises(ValidationError) as refused:
        signal.full_clean()
    assert "pupil" in refused.value.message_dict
    signal.pupil = PupilFactory(institution=gent, initiative=initiative)
    signal.description = "Geen rustige plek om te leren."
    signal.full_clean()
    signal.pupil = None
    with pytest.raises(ValidationError) as refused:
        signal.full_clean()
    assert "pupil" in refused.value.message_dict


def test_city_staff_see_only_anonymous_counts_of_signals(client, place):
    gent, initiative, volunteer = place
    coordinator = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=gent)
    Initiative.objects.filter(pk=initiative.pk).update(coordinator_user=coordinator)
    pupil = PupilFactory(institution=gent, initiative=initiative, last_name="Vertrouwelijk")
    for kind, day in (
        ("Huisvesting", date(2025, 10, 1)),
        ("Huisvesting", date(2026, 3, 1)),
        ("Voeding", date(2026, 9, 2)),
    ):
        Signal.objects.create(
            institution=gent,
            initiative=initiative,
            reported_by=volunteer,
            pupil=pupil,
            kind=kind,
            description="Geheim detail",
            reported_on=day,
        )
    staff = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=gent)
    assert signal_counts(staff) == [("2026-2027", "Voeding", 1), ("2025-2026", "Huisvesting", 2)]
    client.force_login(staff)
    html = client.get(record_admin_for(Signal).url_helper.index_url).content.decode()
    assert "2025-2026" in html and "Huisvesting" in html
    assert "Vertrouwelijk" not in html and "Geheim detail" not in html and initiative.name not in html
    client.force_login(coordinator)
    assert "Vertrouwelijk" in client.get(record_admin_for(Signal).url_helper.index_url).content.decode()


# Districts -----------------------------------------------------------------------------------------


def test_the_city_list_of_wijken_is_loaded_when_ghent_is_set_up(gent):
    assert set(District.objects.filter(institution=gent).values_list("name", flat=True)) == set(GHENT_DISTRICTS)
    assert len(GHENT_DISTRICTS) == 25


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("Brugse Poort", "Brugse Poort - Rooigem"),
        ("sluizeken-tolhuis-ham", "Sluizeken - Tolhuis - Ham"),
        ("  Nieuw  Gent ", "Nieuw Gent - UZ"),
        ("Ledeberg", "Ledeberg"),
        ("Kouter", "Kouter"),
    ],
)
def test_a_typed_district_is_found_in_the_list_or_kept(typed, listed):
    assert district_name(typed) == listed


def test_the_registration_form_offers_the_district_list(client, registration_page, gent):
    form = client.get(registration_page.url).context["form"]
    assert set(form.fields["district"].queryset) == set(District.objects.filter(institution=gent))


def test_an_import_refuses_a_district_the_list_does_not_have(gent):
    pupil = PupilFactory(institution=gent, district=District.objects.get(institution=gent, name="Ledeberg"))
    assert import_problems(pupil, district="Atlantis")
    assert not import_problems(pupil, district="Dampoort")


# Figures per district and year ---------------------------------------------------------------------


def test_figures_per_district_and_school_year(place):
    gent, initiative, volunteer = place
    ledeberg = District.objects.get(institution=gent, name="Ledeberg")
    rabot = District.objects.get(institution=gent, name="Rabot - Blaisantvest")
    initiative.districts.add(ledeberg)
    from tests.factories import recognise

    recognise(initiative)
    supported = screened_pupil(gent, pupil__district=ledeberg, pupil__registered_on=date(2025, 5, 1))
    waiting = PupilFactory(institution=gent, district=ledeberg, registered_on=date(2026, 9, 20))
    WaitingListEntry.objects.create(institution=gent, pupil=waiting, since=date(2026, 9, 20))
    WaitingListEntry.objects.create(institution=gent, pupil=waiting, initiative=initiative, since=date(2026, 9, 21))
    PupilFactory(institution=gent, district=rabot, registered_on=date(2020, 10, 1))
    support = SupportFactory(volunteer=volunteer, format="one_to_one")
    support.take_into_support([supported])
    current = int(gent.today().year if gent.today().month >= 9 else gent.today().year - 1)
    rows = {d.name: d for d in with_district_figures(District.objects.filter(institution=gent), current)}
    assert (rows["Ledeberg"].pupils_count, rows["Ledeberg"].supported_count) == (2, 1)
    assert (rows["Ledeberg"].waiting_count, rows["Ledeberg"].initiatives_count) == (1, 1)
    assert (rows["Rabot - Blaisantvest"].pupils_count, rows["Rabot - Blaisantvest"].initiatives_count) == (0, 0)
    old = {d.name: d for d in with_district_figures(District.objects.filter(institution=gent), 2020)}
    assert old["Rabot - Blaisantvest"].pupils_count == 1 and old["Ledeberg"].pupils_count == 0


def test_the_district_overview_exports_per_year(client, gent, admin_user):
    ledeberg = District.objects.get(institution=gent, name="Ledeberg")
    PupilFactory(institution=gent, district=ledeberg, registered_on=date(2020, 10, 1))
    client.force_login(admin_user)
    export_url = record_admin_for(District).url_helper.get_action_url("export")
    response = client.get(export_url, {"format": "csv", "school_year": "2020-2021"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert "Pupils registered or supported" in header
    assert any(row.startswith("gent,Ledeberg,1,") for row in rows), rows[:3]
    xlsx = client.get(export_url, {"format": "xlsx", "school_year": "2020-2021"})
    assert xlsx.status_code == 200


@override_settings(FIGURES_CACHE_SECONDS=300)
def test_the_live_figures_are_cached_until_a_record_changes(gent, django_assert_max_num_queries):
    cache.clear()
    first = key_figures("gent")
    with django_assert_max_num_queries(1):  # the institution's school year; the counts come from the cache
        assert key_figures("gent") == first
    PupilFactory(institution=gent, registered_on=gent.today())
    pupils = {figure["label"]: figure["value"] for figure in key_figures("gent")}["pupils"]
    assert int(pupils) == int(first[0]["value"]) + 1
