"""The admin speaks the signed-in user's language for the whole request (P-C3).

Wagtail switches to the user's admin language only inside its views; a 403 or 404 raised there
is rendered after it switched back, in the browser's language (English for a Russian
administrator whose browser asks for English). From here on, the admin's error pages, messages
and views all speak the user's language.
"""

from django.utils import translation


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (request.path.startswith("/admin/") and request.user.is_authenticated):
            return self.get_response(request)
        # The profile Wagtail's views read after this one (kept on the user): read once per request.
        profile = getattr(request.user, "wagtail_userprofile", None)
        language = profile.get_preferred_language() if profile else translation.get_language()
        request.LANGUAGE_CODE = language
        with translation.override(language):  # for this request only, as Wagtail's own views do
            return self.get_response(request)
