"""Live key figures (studysupport spec "Figures"): computed from the records, shown on pages and in the API."""

import pytest
from django.core.management import call_command

from cms.models import ContentPage
from core.demo import create_demo_accounts
from studysupport.demo import load_demo_records
from studysupport.figures import key_figures
from studysupport.models import Initiative, Pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    create_demo_accounts()
    assert load_demo_records()


def figures(school_year="2020-2021"):
    return {figure["label"]: figure["value"] for figure in key_figures("gent", school_year)}


def test_demo_records_reproduce_the_figures_of_the_vision_text(demo):
    assert figures() == {
        "pupils": "1414",
        "initiatives": "16",
        "SO": "31%",
        "BaO": "69%",
        "volunteers": "660",
        "on a waiting list": "181",
    }
    history = Pupil.objects.get(external_code="GENT-00001").history.get()
    assert history.history_change_reason == "Demogegevens (make run)", "in Ghent's language"
    assert Initiative.objects.get(coordinator_user__username="gent-coordinator")


def test_demo_records_load_once(demo, settings):
    settings.DEBUG = True  # the demo exists only in development
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Pupil.objects.count() == 1414


def test_figures_follow_the_records_and_the_school_year(demo):
    Pupil.objects.filter(external_code="GENT-00000").update(registered_on="2021-09-01")
    assert figures()["pupils"] == "1413"
    assert figures("2021-2022")["pupils"] == "1"
    assert figures("2021-2022")["SO"] == "100%"


def test_live_figures_block_on_a_page_and_in_the_api(demo, client):
    """P-C5: the computed key figures on the page and in the API."""
    page = ContentPage.objects.get(slug="visie-studieondersteuning")
    block = {"title": "Vandaag", "source": "studysupport", "institution": "gent", "school_year": "2020-2021"}
    page.body.append(("live_figures", block))
    page.save_revision().publish()

    html = client.get(page.url).content.decode()
    assert html.count('key-figure__value">1414<') == 2, "published 2020-2021 figure and the live one"

    api = client.get(f"/api/v2/pages/{page.pk}/").json()
    live = [figure for figure in api["key_figures"] if figure.get("live")]
    assert {figure["value"] for figure in live} >= {"1414", "660", "181"}


def test_demo_records_include_steps_waiting_in_the_admin(demo):
    """Without them a newcomer's admin would offer no workflow step to try; the figures stay."""
    from studysupport.models import Signal, SubsidyApplication, Volunteer

    assert Volunteer.objects.filter(screening_status="pending").count() == 3
    assert SubsidyApplication.objects.filter(status="submitted").count() == 3
    assert SubsidyApplication.objects.exclude(to_verify="").count() == 1, "one to verify (SS-R4)"
    assert Signal.objects.get(kind="Huisvesting").follow_up == Signal.FollowUp.OPEN
    assert figures()["volunteers"] == "660"


def test_a_year_without_pupils_shows_no_share(demo):
    """No pupils in a year: the shares are a dash, not 0 %, which reads as a measured share."""
    assert figures("2030-2031")["pupils"] == "0"
    assert figures("2030-2031")["SO"] == figures("2030-2031")["BaO"] == "–"
