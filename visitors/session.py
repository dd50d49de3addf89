"""A visitor's session: the e-mail they proved they read, never a Django login (request.user stays
anonymous, so the staff admin stays closed to it)."""

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "visitor_email"


def sign_in(request, email):
    request.session.cycle_key()  # a new session id: one planted before the sign-in is worthless
    request.session[SESSION_KEY] = email
    request.session.set_expiry(settings.VISITOR_SESSION_SECONDS)


def sign_out(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def visitor_email(request):
    return request.session.get(SESSION_KEY, "")


def visitor_required(view):
    """The view for a signed-in visitor, given their e-mail; others go to the sign-in form."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        email = visitor_email(request)
        if not email:
            return redirect(f"{reverse('visitors:sign_in')}?next={request.path}")
        return view(request, email, *args, **kwargs)

    return wrapped
