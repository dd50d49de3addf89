"""The one records admin (P-A1): a domain declares fields and the mechanism does the rest.

This is the only module that touches wagtail-modeladmin (in maintenance mode; its README
points to Wagtail's ModelViewSet), so moving every domain to another base is one file.
Scoping (P-A2) is enforced here for every view: modeladmin's edit, inspect and delete views
look the instance up without the admin's queryset (wagtail-nest/wagtail-modeladmin#21), so a
record of another institution would otherwise be one guessed URL away.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.forms import ClearableFileInput, ModelChoiceField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, IndexView, InspectView

from core import exchange_views, history, printing
from core.scoping import institutions_for

__all__ = [
    "ModelAdminGroup",
    "PrintedDocument",
    "RecordAdmin",
    "WorkflowAction",
    "modeladmin_register",
    "printed_document_url",
]


@dataclass(frozen=True)
class WorkflowAction:
    """A step of a record's workflow, a button on each row of the list.

    ``method`` names the model method that takes the step: it saves the record and raises
    ValidationError when the regulation refuses it. ``condition`` optionally names a model
    method telling whether the step is open for a record (the button shows only then).
    """

    method: str
    label: str
    condition: str = ""

    def is_open(self, record):
        return not self.condition or getattr(record, self.condition)()


@dataclass(frozen=True)
class PrintedDocument:
    """A document printed from a record: ``template`` renders it as A4 HTML, and as PDF."""

    name: str
    label: str
    template: str


def printed_document_url(record, document):
    """The print view of ``record``'s ``document`` (a PrintedDocument name of its RecordAdmin)."""
    opts = record._meta
    return reverse(f"{opts.app_label}_{opts.model_name}_modeladmin_print", args=(quote(record.pk), document))


@dataclass(frozen=True)
class StoredFile:
    """What a file input shows of the stored file: its name, linked to ``url``."""

    name: str
    url: str

    def __str__(self):
        return self.name


class PrivateFileInput(ClearableFileInput):
    """A private document's input: the stored file links to the checked download, never to a
    public media URL (which does not serve it)."""

    def __init__(self, download_url, **kwargs):
        super().__init__(**kwargs)
        self.download_url = download_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = StoredFile(Path(value.name).name, self.download_url)
        return context


def private_file_url(record, field_name):
    """Where staff download ``record``'s private document: the first answer of the apps'
    ``record_file_url`` hooks (forms_app offers the checked download), or None."""
    for url_of in hooks.get_hooks("record_file_url"):
        if url := url_of(record, field_name):
            return url
    return None


class ScopedFormMixin:
    """Offer only the institutions the user belongs to (one is preselected), and only the
    records and accounts of those institutions in every choice of a related record; a
    stored private document links to its checked download."""

    def get_form(self):
        form = super().get_form()
        user = self.request.user
        if form.instance.pk:
            for name, field in form.fields.items():
                if isinstance(field.widget, ClearableFileInput) and (url := private_file_url(form.instance, name)):
                    field.widget = PrivateFileInput(url)
        for field in form.fields.values():
            if not isinstance(field, ModelChoiceField):
                continue
            if hasattr(field.queryset, "for_user"):
                field.queryset = field.queryset.for_user(user)
            elif field.queryset.model is get_user_model() and not user.is_superuser:
                # An account to assign (a coordinator, a responsible deputy): a colleague's only.
                colleagues = field.queryset.filter(memberships__institution__in=institutions_for(user))
                field.queryset = colleagues.distinct()
        field = form.fields.get("institution")
        if field is not None:
            field.queryset = institutions_for(self.request.user)
            if not form.instance.pk and field.queryset.count() == 1:
                # The form's initial data (the unsaved instance's empty institution) wins over
                # the field's own initial value, so the choice is set there.
                form.initial["institution"] = field.queryset.get().pk
        return form


class ScopedCreateView(ScopedFormMixin, CreateView):
    pass


class ScopedEditView(ScopedFormMixin, EditView):
    pass


class RecordButtonHelper(ButtonHelper):
    """Adds "History", the open workflow steps and "Print" beside the stock buttons."""

    def _button(self, url, label, title, primary=False):
        classnames = ["button", "button-small"] + ([] if primary else ["button-secondary"])
        return {"url": url, "label": label, "classname": self.finalise_classname(classnames), "title": title}

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        pk = quote(obj.pk)
        history_title = _("History of %(record)s") % {"record": obj}
        buttons.append(self._button(self.url_helper.get_action_url("history", pk), _("History"), history_title))
        model_admin = self.view.model_admin
        if model_admin.workflow_actions and self.permission_helper.user_can_edit_obj(self.request.user, obj):
            buttons += [
                self._button(
                    self.url_helper.get_action_url("workflow", pk, action.method), action.label, action.label, True
                )
                for action in model_admin.workflow_actions
                if action.is_open(obj)
            ]
        buttons += [
            self._button(
                self.url_helper.get_action_url("print", pk, document.name),
                _("Print: %(document)s") % {"document": document.label},
                document.label,
            )
            for document in model_admin.printed_documents
        ]
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
    workflow_actions = ()  # WorkflowAction steps offered on each row
    printed_documents = ()  # PrintedDocument documents printed from each row

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

    def workflow_view(self, request, instance_pk, method):
        """Take a workflow step: a confirmation page on GET, the step itself on POST only.

        The row is locked for the step, so two clicks at once take it once; the history row
        of the change gives the step as its reason."""
        action = next((action for action in self.workflow_actions if action.method == method), None)
        if action is None:
            raise Http404
        instance = self._scoped_instance(request, instance_pk)
        if not self.permission_helper.user_can_edit_obj(request.user, instance):
            raise PermissionDenied
        index_url = self.url_helper.index_url
        if request.method != "POST":
            context = {"view": {"model_admin": self}, "instance": instance, "action": action, "index_url": index_url}
            return TemplateResponse(request, "core/workflow_confirm.html", context)
        try:
            with transaction.atomic():
                locked = self.get_queryset(request).select_for_update(of=("self",))
                instance = get_object_or_404(locked, pk=unquote(instance_pk))
                if not action.is_open(instance):
                    raise ValidationError(_("This step is not open for %(record)s.") % {"record": instance})
                instance._change_reason = str(action.label)
                getattr(instance, action.method)()
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, _("%(step)s: %(record)s.") % {"step": action.label, "record": instance})
        return redirect(index_url)

    def print_view(self, request, instance_pk, document):
        """A printed document of the record, as A4 HTML or, with ``?format=pdf``, as PDF; in
        the institution's language, whatever the language of the admin."""
        document = next((entry for entry in self.printed_documents if entry.name == document), None)
        if document is None:
            raise Http404
        instance = self._scoped_instance(request, instance_pk)
        if not self.permission_helper.user_can_inspect_obj(request.user, instance):
            raise PermissionDenied
        with translation.override(instance.institution.language):
            html = render_to_string(document.template, {"record": instance, "document": document}, request=request)
        if request.GET.get("format") != "pdf":
            return HttpResponse(html)
        filename = f"{slugify(document.name)}-{instance.pk}.pdf"
        return HttpResponse(
            printing.html_to_pdf(html),
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )

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
        base = self.url_helper.base_url_path
        steps = tuple(
            re_path(
                rf"^{base}/{action}/(?P<instance_pk>[-\w]+)/(?P<{argument}>\w+)/$",
                getattr(self, f"{action}_view"),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, argument in (("workflow", "method"), ("print", "document"))
        )
        return super().get_admin_urls_for_registration() + whole_list + per_object + steps

    def edit_view(self, request, instance_pk):
        self._scoped_instance(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self._scoped_instance(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._scoped_instance(request, instance_pk)
        return super().delete_view(request, instance_pk)
