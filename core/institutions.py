"""The institutions as the portal's superuser keeps them (Settings → Institutions): names, the
domains each runs, its time zone and how many years its records are kept before the daily purge.
Only a user holding core's institution permissions (the superuser) sees them; nobody deletes one
here, since its records, their history and its published pages hang on it."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.domains import domains
from core.models import Institution


class InstitutionPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "delete"])


def domain_choices():
    return [(domain.app_label, domain.label) for domain in domains()]


class InstitutionForm(WagtailAdminModelForm):
    # A box per registered domain instead of the JSON list the model keeps.
    domains = forms.MultipleChoiceField(
        label=capfirst(_("domains")),
        choices=domain_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Institution._meta.get_field("domains").help_text,
    )
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ["code", "name", "short_name", "country", "language", "website", "domains", "time_zone"]
        fields += ["retention_years"]


class InstitutionViewSet(ModelViewSet):
    model = Institution
    form_class = InstitutionForm
    icon = "home"
    menu_label = _("Institutions")
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["name", "code", "language", "time_zone", "retention_years"]
    search_fields = ["name", "short_name", "code"]

    def get_form_class(self, for_update=False):
        return self.form_class
