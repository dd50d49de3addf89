from datetime import timedelta

from django.utils import timezone
from wagtail import hooks

from visitors.models import SignInLink

# A spent link is kept a day for the sign-in page to say "used" or "expired" rather than "unknown".
SPENT_LINKS_KEPT = timedelta(days=1)


@hooks.register("purge_expired")
def purge_spent_sign_in_links():
    """Sign-in links hold an e-mail address: they go a day after they expired (P-O3)."""
    spent = SignInLink.objects.filter(expires_at__lt=timezone.now() - SPENT_LINKS_KEPT)
    count, _by_model = spent.delete()
    return {"sign-in links": count} if count else {}
