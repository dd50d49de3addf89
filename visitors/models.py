"""Signing in without a staff account (issue 14 item 8): a family, later an applicant, asks for a
one-time link sent to an e-mail address a domain holds, and follows it into their own area.

The link carries a random token; the database keeps only its hash, when it expires and when it
was used, so that a link opens one session once, in whichever process serves it.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class SignInLink(models.Model):
    """A one-time sign-in link sent to ``email``: valid until ``expires_at``, once."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self):
        return self.email

    @classmethod
    def issue(cls, email):
        """A new link's token (shown once, in the e-mail); the database keeps its hash."""
        token = secrets.token_urlsafe(32)
        lifetime = timedelta(minutes=settings.VISITOR_LINK_MINUTES)
        cls.objects.create(email=email, token_hash=token_hash(token), expires_at=timezone.now() + lifetime)
        return token

    @classmethod
    def redeem(cls, token):
        """The e-mail the link was sent to, marking it used; or the reason it opens nothing:
        "unknown", "used" or "expired". One update settles two clicks at once: one of them wins."""
        now = timezone.now()
        link = cls.objects.filter(token_hash=token_hash(token)).first()
        if link is None:
            return None, "unknown"
        if link.used_at is not None:
            return None, "used"
        if link.expires_at <= now:
            return None, "expired"
        won = cls.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
        return (link.email, "") if won else (None, "used")
