"""Sign-in by a one-time link, the visitor's home and sign-out (issue 14 item 8)."""

import logging

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.domains import domains
from core.notifications import base_url
from core.tasks import job
from forms_app.abuse import HoneypotField, allow_request
from visitors.models import SignInLink
from visitors.session import sign_in, sign_out, visitor_email, visitor_required

logger = logging.getLogger(__name__)
RATE_SCOPE = "visitors-sign-in"
REFUSALS = {
    "unknown": _("This sign-in link is not valid. Ask for a new one below."),
    "used": _("This sign-in link has already been used: each link opens the area once. Ask for a new one below."),
    "expired": _("This sign-in link has expired. Ask for a new one below."),
}


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), help_text=_("The address the school or university holds."))

    website = HoneypotField()  # bots fill it in (P-F5); a repeated request only sends another link


def links_for(email):
    """What every domain offers the visitor with ``email``: [(label, url)]."""
    return [link for domain in domains() for link in domain.visitor_links(email)]


def sign_in_view(request):
    """The same answer whether or not the address is known, so the form tells nobody who is."""
    form = SignInForm(request.POST or None)
    if request.method == "POST":
        if not allow_request(request, RATE_SCOPE):
            return render(request, "visitors/rate_limited.html", status=429)
        if form.is_valid():
            send_link_task.enqueue(form.cleaned_data["email"], base_url(request), translation.get_language())
            context = {"email": form.cleaned_data["email"], "minutes": settings.VISITOR_LINK_MINUTES}
            return render(request, "visitors/sent.html", context)
    return render(request, "visitors/sign_in.html", {"form": form})


@job(resumable=True, backend="background")  # a second link is harmless
def send_link_task(email, portal_url, language):
    """A one-time link to ``email``, only where a domain holds something for that address."""
    with translation.override(language):
        if not links_for(email):
            return
        token = SignInLink.issue(email)
        context = {
            "url": portal_url + reverse("visitors:follow", args=[token]),
            "minutes": settings.VISITOR_LINK_MINUTES,
        }
        body = render_to_string("visitors/email/link.txt", context)
        send_mail(str(_("Your sign-in link")), body, settings.DEFAULT_FROM_EMAIL, [email])


def follow_view(request, token):
    """GET asks to confirm (a mail scanner opening the link uses nothing up); POST signs in."""
    if request.method != "POST":
        return render(request, "visitors/follow.html", {"token": token})
    email, refusal = SignInLink.redeem(token)
    if email is None:
        context = {"form": SignInForm(), "refusal": REFUSALS[refusal]}
        return render(request, "visitors/sign_in.html", context, status=410 if refusal != "unknown" else 404)
    sign_in(request, email)
    return redirect("visitors:home")


@visitor_required
def home_view(request, email):
    return render(request, "visitors/home.html", {"email": email, "links": links_for(email)})


@require_POST
def sign_out_view(request):
    if visitor_email(request):
        sign_out(request)
    return redirect("visitors:sign_in")
