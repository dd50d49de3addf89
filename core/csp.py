"""Content-Security-Policy (django-csp) with one loosening by path: Wagtail's admin.

The site-wide policy is ``CONTENT_SECURITY_POLICY`` (django-csp's setting). Under a path prefix of
``CONTENT_SECURITY_POLICY_PATHS`` the directives given there replace the site-wide ones of the
same name; the others stay. Wagtail 8's admin still renders inline ``<script>`` elements (date and
time choosers, inline panels), also inside HTML it loads into modals and listings afterwards, where
no nonce of the page can reach them, so its prefix allows inline scripts and styles, and nothing
else more than the public site.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


def path_directives(path):
    """The directives replacing the site-wide ones under ``path``, or None."""
    for prefix, directives in getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", {}).items():
        if path.startswith(prefix):
            return directives
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.replace is None:
            parts.replace = path_directives(request.path_info)
        return parts
