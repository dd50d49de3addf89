"""The client's address, read one way by everything that counts per client: the public forms' rate
limit (P-F5) and the login lock (django-axes' ``AXES_CLIENT_IP_CALLABLE``, P-O4)."""

from django.conf import settings


def client_address(request):
    """The client's address: ``REMOTE_ADDR``, or behind a reverse proxy the header it sets
    (``FORMS_CLIENT_ADDRESS_HEADER``, e.g. ``HTTP_X_FORWARDED_FOR``). Of X-Forwarded-For only the
    last entry counts, the one our proxy appended: earlier entries are the client's to invent."""
    value = request.META.get(settings.FORMS_CLIENT_ADDRESS_HEADER) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()
