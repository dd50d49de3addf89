"""P-O4 behind a reverse proxy: the login lock counts per client address, read as the forms' rate
limit reads it (FORMS_CLIENT_ADDRESS_HEADER), so one client cannot lock a staff account for all."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.1"  # every request reaches Django from the proxy


def login(client, username, password, **meta):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=PROXY, **meta)


def forwarded(address, claimed="192.0.2.77"):
    """X-Forwarded-For as the proxy passes it on: what the client claimed, then the address it saw."""
    return {"HTTP_X_FORWARDED_FOR": f"{claimed}, {address}"}


def test_axes_reads_the_address_like_the_forms():
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.network.client_address"
    from core.network import client_address as shared
    from forms_app.abuse import client_address

    assert client_address is shared, "one function for the forms' rate limit and the login lock"


@pytest.mark.django_db
@override_settings(FORMS_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR", AXES_FAILURE_LIMIT=5)
def test_behind_a_proxy_wrong_passwords_lock_the_forwarded_address_only(client):
    user = UserFactory(username="staff-member", is_staff=True)
    attacker = "198.51.100.4"
    statuses = [
        login(client, user.username, "wrong-password", **forwarded(attacker, claimed=f"192.0.2.{n}")).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429], "the first entries vary, the proxy's last one counts"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}

    locked = login(client, user.username, PASSWORD, **forwarded(attacker, claimed="192.0.2.200"))
    assert locked.status_code == 429, "a made-up first entry does not get the attacker past the lock"

    other = login(client, user.username, PASSWORD, **forwarded("203.0.113.8"))
    assert other.status_code == 302, "the same user still logs in from another client behind the same proxy"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
@override_settings(FORMS_CLIENT_ADDRESS_HEADER="REMOTE_ADDR", AXES_FAILURE_LIMIT=5)
def test_by_default_the_connecting_address_counts_and_forwarded_headers_are_ignored(client):
    user = UserFactory(username="staff-member", is_staff=True)
    statuses = [
        login(client, user.username, "wrong-password", **forwarded(f"198.51.100.{n}")).status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429], "without a proxy, X-Forwarded-For is the client's to invent"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    assert login(client, user.username, PASSWORD).status_code == 429

    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302, "another connecting address is not locked"
