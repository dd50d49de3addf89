from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from cms.models import HomePage
from cms.notes import render_note_markers

register = template.Library()


@register.simple_tag(takes_context=True)
def with_notes(context, html, escape_text=False):
    """Render note markers in ``html`` as links to the page's numbered notes."""
    if escape_text:
        html = escape(html)
    return render_note_markers(html, context.get("note_numbers", {}))


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def portal_name():
    return _("Education portal")


@register.simple_tag
def localized_home():
    """The home page in the active language, for the header's home link."""
    homes = HomePage.objects.live()
    return homes.filter(locale__language_code=get_language()).first() or homes.first()


@register.simple_tag
def page_translations(page):
    """The live translations of ``page`` for the language switcher, the page itself included."""
    names = dict(settings.LANGUAGES)
    items = []
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        code = translation.locale.language_code
        if code in names:
            items.append(
                {
                    "code": code,
                    "name": get_language_info(code)["name_local"],
                    "url": translation.get_url(),
                    "current": translation.pk == page.pk,
                }
            )
    return sorted(items, key=lambda item: item["code"])
