"""The one records admin (P-A1): a domain declares fields and the mechanism does the rest.

This is the only module that touches wagtail-modeladmin (in maintenance mode; its README
points to Wagtail's ModelViewSet), so moving every domain to another base is one file.
Scoping (P-A2) is enforced here for every view: modeladmin's edit, inspect and delete views
look the instance up without the admin's queryset (wagtail-nest/wagtail-modeladmin#21), so a
record of another institution would otherwise be one guessed URL away.
"""

from django.contrib.admin.utils import unquote
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, IndexView, InspectView

from core import exchange_views, history
from core.scoping import institutions_for

__all__ = ["ModelAdminGroup", "RecordAdmin", "modeladmin_register"]


class ScopedFormMixin:
    """Offer only the institutions the user belongs to; one institution is preselected."""

    def get_form(self):
        form = super().get_form()
        field = form.fields.get("institution")
        if field is not None:
            field.queryset = institutions_for(self.request.user)
            if not form.instance.pk and field.queryset.count() == 1:
                field.initial = field.queryset.get().pk
        return form


class ScopedCreateView(ScopedFormMixin, CreateView):
    pass


class ScopedEditView(ScopedFormMixin, EditView):
    pass


class RecordButtonHelper(ButtonHelper):
    """Adds "History" beside the stock edit, inspect and delete buttons."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        buttons.append(
            {
                "url": self.url_helper.get_action_url("history", obj.pk),
                "label": _("History"),
                "classname": self.finalise_classname(["button", "button-small", "button-secondary"]),
                "title": _("History of %(record)s") % {"record": obj},
            }
        )
        return buttons


class RecordIndexView(IndexView):
    """The list, with import and export beside "Add"."""

    def get_context_data(self, **kwargs):
        url_helper = self.model_admin.url_helper
        return super().get_context_data(
            import_url=url_helper.get_action_url("import"),
            export_url=url_helper.get_action_url("export"),
            user_can_import=exchange_views.user_can_import(self.model_admin, self.request.user),
            **kwargs,
        )


class RecordInspectView(InspectView):
    """The stock inspect view, plus what other apps show about a record through the
    ``record_inspect_sections`` hook (say, the application form it came from, P-F4)."""

    def get_context_data(self, **kwargs):
        sections = [section(self.request, self.instance) for section in hooks.get_hooks("record_inspect_sections")]
        return super().get_context_data(inspect_sections=[section for section in sections if section], **kwargs)


class RecordAdmin(ModelAdmin):
    """Base for the records of every domain: scoped list, create, edit, inspect, delete and history."""

    inspect_view_enabled = True
    list_per_page = 50
    create_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    button_helper_class = RecordButtonHelper
    index_template_name = "core/record_index.html"
    index_view_class = RecordIndexView
    inspect_view_class = RecordInspectView
    inspect_template_name = "core/record_inspect.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.list_select_related:
            # A list page costs the same few queries whatever its length: join the related
            # records its columns show (the stock check misses plain foreign keys).
            self.list_select_related = [
                name
                for name in self.list_display
                if isinstance(getattr(self.model, name, None), ForwardManyToOneDescriptor)
            ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def _scoped_instance(self, request, instance_pk):
        """The record if the user may see it; 404 otherwise, as if it did not exist."""
        return get_object_or_404(self.get_queryset(request), pk=unquote(instance_pk))

    def history_view(self, request, instance_pk):
        return history.history_view(request, self, self._scoped_instance(request, instance_pk))

    def revert_view(self, request, instance_pk):
        return history.revert_view(request, self, self._scoped_instance(request, instance_pk))

    def import_view(self, request):
        return exchange_views.import_view(request, self)

    def import_preview_view(self, request, instance_pk):
        return exchange_views.preview_view(request, self, instance_pk)

    def import_confirm_view(self, request, instance_pk):
        return exchange_views.confirm_view(request, self, instance_pk)

    def export_view(self, request):
        return exchange_views.export_view(request, self)

    def get_admin_urls_for_registration(self):
        whole_list = tuple(
            re_path(
                rf"^{self.url_helper.base_url_path}/{action}/$",
                getattr(self, f"{action}_view"),
                name=self.url_helper.get_action_url_name(action),
            )
            for action in ("import", "export")
        )
        per_object = tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                getattr(self, f"{action}_view"),
                name=self.url_helper.get_action_url_name(action),
            )
            for action in ("history", "revert", "import_preview", "import_confirm")
        )
        return super().get_admin_urls_for_registration() + whole_list + per_object

    def edit_view(self, request, instance_pk):
        self._scoped_instance(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self._scoped_instance(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._scoped_instance(request, instance_pk)
        return super().delete_view(request, instance_pk)
