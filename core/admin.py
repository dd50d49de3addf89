"""The one records admin (P-A1): a domain declares fields and the mechanism does the rest.

This is the only module that touches wagtail-modeladmin (in maintenance mode; its README
points to Wagtail's ModelViewSet), so moving every domain to another base is one file.
Scoping (P-A2) is enforced here for every view: modeladmin's edit, inspect and delete views
look the instance up without the admin's queryset (wagtail-nest/wagtail-modeladmin#21), so a
record of another institution would otherwise be one guessed URL away.
"""

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.apps import apps
from django.contrib import messages
from django.contrib.admin import display as admin_display
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path, quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import InvalidPage
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.forms import ClearableFileInput, ModelChoiceField
from django.forms.utils import pretty_name
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail import hooks
from wagtail.admin.paginator import WagtailPaginator
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, IndexView, InspectView

from core import exchange_views, file_types, history, inbox, list_paging, notifications, printing, private_files
from core.exchange import EXPORT_CONTENT_TYPES
from core.models import OTHER_INSTITUTION, InstitutionRecord, linked_record_sets, private_file_fields, workflow_fields
from core.scoping import institutions_for, institutions_running, is_reviewer_only, user_runs_domain
from core.storage import STORAGE_ERRORS, STORAGE_UNAVAILABLE, atomic_with_files

__all__ = [
    "ModelAdminGroup",
    "PrintedDocument",
    "RecordAdmin",
    "RecordPhrases",
    "WorkflowAction",
    "modeladmin_register",
    "printed_document_url",
    "record_admins",
    "user_may_read",
]

# The RecordAdmin of each registered record model: what the checks over every list walk.
_record_admins = {}


def record_admins():
    """Every registered records list, in registration order."""
    return list(_record_admins.values())


def record_admin_for(model):
    return _record_admins.get(model)


def user_may_read(user, record):
    """P-A2: ``user`` may open ``record`` in its own list (its list permission and its scope)."""
    model_admin = record_admin_for(type(record))
    return (
        model_admin is not None
        and model_admin.permission_helper.user_can_list(user)
        and type(record).objects.for_user(user).filter(pk=record.pk).exists()
    )


def scoped_choices(queryset, user):
    """The related records ``user`` may pick or filter by: records of their scope, and for an
    account (a coordinator, a responsible deputy) a colleague's only."""
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    if queryset.model is get_user_model() and not user.is_superuser:
        return queryset.filter(memberships__institution__in=institutions_for(user)).distinct()
    return queryset


class DomainPermissionHelper(PermissionHelper):
    """A list's permissions hold only for a user whose institution runs the list's domain (issue
    11.7; superusers: every domain). Every view, button and menu item asks here, so a domain
    the user does not work in is absent from the menu and its URLs answer 403."""

    def user_has_specific_permission(self, user, perm_codename):
        return user_runs_domain(user, self.opts.app_label) and super().user_has_specific_permission(user, perm_codename)


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A filter by a related record that offers only the records the user may see (P-A2)."""

    def field_choices(self, field, request, model_admin):
        return [(record.pk, str(record)) for record in scoped_choices(field.related_model.objects.all(), request.user)]


@dataclass(frozen=True)
class WorkflowAction:
    """A step of a record's workflow, a button on each row of the list.

    ``method`` names the model method that takes the step: it saves the record and raises
    ValidationError when the regulation refuses it. ``when`` is the one statement of the records
    the step is open for, a query (Q): the button, the confirmation, the dashboard's inbox and the
    list's "Waiting for me" all read it. ``waiting`` says a record open for the step is work to do
    (the inbox and "Waiting for me"); a step a person may take but need not (renew, close) is not.
    ``needs`` optionally names a model method listing what the step still lacks (``core.models.Need``):
    the button says so before the click and links to where it is added. ``reviewer`` lets the
    reviewer a record is assigned to (its ``reviewer_field``) take the step, beside those who may
    edit it. ``decision`` is what the applicant is told by e-mail once the step is taken
    (core.notifications).
    """

    method: str
    label: str
    when: Q = dataclasses.field(default_factory=Q)
    waiting: bool = False
    needs: str = ""
    reviewer: bool = False
    decision: str = ""

    @property
    def flag(self):
        """The annotation a list's rows carry for the step (``inbox.annotate_steps``)."""
        return f"_open_{self.method}"

    def is_open(self, record):
        """Whether ``when`` holds for ``record``: read off its row's annotation in a list, else asked
        of the database (one query), so a condition is never stated twice."""
        if hasattr(record, self.flag):
            return getattr(record, self.flag)
        return type(record)._base_manager.filter(pk=record.pk).filter(self.when).exists()

    def needs_of(self, record):
        """What ``record`` still lacks for the step (a list of ``Need``), empty when it may be taken."""
        return getattr(record, self.needs)() if self.needs else []

    def may_take(self, user, model_admin, record=None):
        """``user`` may take the step: with the right to edit the record, or as its reviewer where
        the step is a reviewer's (the reviewer's list holds only the records assigned to them)."""
        if model_admin.permission_helper.user_can_edit_obj(user, record):
            return True
        return self.reviewer and model_admin.permission_helper.user_can_list(user) and is_reviewer_only(user)


@dataclass(frozen=True)
class RecordPhrases:
    """What a records list says about its own records, each phrase whole for the translators (P-C3).

    modeladmin drops the model's name into generic sentences ("Add %(object)s"), which Russian
    and Ukrainian cannot translate: the noun changes case ("Добавить ученика", "Просмотр
    дела") and the words around it agree with its gender. ``count`` is an ``ngettext_lazy``
    whose number is named ``count``."""

    add: str  # the add button and the add view's title: "Add pupil"
    inspect: str  # the inspect view's title: "View pupil"
    edit: str  # the edit view's title: "Edit pupil"
    none_yet: str  # an empty list: "No pupils yet."
    count: str  # under the list: ngettext_lazy("%(count)s pupil", "%(count)s pupils", "count")


@dataclass(frozen=True)
class PrintedDocument:
    """A document printed from a record (or a list): ``template`` renders it as A4 HTML, and as PDF;
    ``context``, given the record (the list's records), adds what the template shows besides it (say,
    a sheet drawn from its results)."""

    name: str
    label: str
    template: str
    context: Callable[[models.Model], dict] | None = None


def needs_with_links(user, record, needs):
    """A step's needs as the admin shows them: each with the add form of the record it lacks,
    started from ``record``, when ``user`` may add such records."""
    shown = []
    for need in needs:
        url = ""
        model_admin = record_admin_for(need.create) if need.create else None
        if model_admin is not None and model_admin.permission_helper.user_can_create(user):
            url = f"{model_admin.url_helper.create_url}?{need.field}={quote(record.pk)}"
        shown.append({"message": need.message, "short": need.short, "url": url})
    return shown


logger = logging.getLogger(__name__)

PRINT_LIST = "print"  # the list's export "format" of its printed documents (RecordAdmin.print_list_view)


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
    """Where staff download ``record``'s document in ``field_name``: core's checked download
    (core.private_files), or None for a field that is not a private file field."""
    if field_name not in {field.name for field in private_file_fields(type(record))}:
        return None
    opts = record._meta
    return reverse("core_record_file", args=[opts.app_label, opts.model_name, record.pk, field_name])


def private_file_view(request, app_label, model_name, pk, field_name):
    """A record's document, for staff who may read the record (its list permission and its
    scope); 404 for anyone else, as for a document that does not exist, so the answer tells
    nothing (P-A2)."""
    try:
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
    except (LookupError, FieldDoesNotExist) as missing:
        raise Http404 from missing
    if field not in private_file_fields(model):
        raise Http404
    record = get_object_or_404(model, pk=pk)
    stored = getattr(record, field_name)
    if not stored or not user_may_read(request.user, record):
        raise Http404
    return private_files.file_response(
        stored, Path(stored.name).name, file_types.sniff(stored) or "application/octet-stream"
    )


def private_files_section(request, record):
    """The record's documents on its inspect view, each linked to the checked download."""
    documents = [
        {"label": field.verbose_name, "name": Path(stored.name).name, "url": private_file_url(record, field.name)}
        for field in private_file_fields(type(record))
        if (stored := getattr(record, field.name))
    ]
    if not documents:
        return ""
    return render_to_string("core/record_files.html", {"documents": documents}, request=request)


def dated_today(form):
    """The fields of ``form`` whose model default is today: the server's date, until the
    institution is known."""
    model_fields = {field.name: field for field in form._meta.model._meta.fields}
    return [name for name in form.fields if name in model_fields and model_fields[name].default is timezone.localdate]


class ScopedFormMixin:
    """Offer only the institutions the user belongs to (one is preselected, and a date that
    defaults to today is that institution's today), and only the records and accounts of those
    institutions in every choice of a related record; a stored private document links to its
    checked download."""

    def get_form(self):
        form = super().get_form()
        user = self.request.user
        if form.instance.pk:
            for name, field in form.fields.items():
                if isinstance(field.widget, ClearableFileInput) and (url := private_file_url(form.instance, name)):
                    field.widget = PrivateFileInput(url)
        for field in form.fields.values():
            if isinstance(field, ModelChoiceField):
                field.queryset = scoped_choices(field.queryset, user)
        field = form.fields.get("institution")
        if field is not None:
            field.queryset = institutions_running(user, self.model._meta.app_label)
            if not form.instance.pk and field.queryset.count() == 1:
                # The form's initial data (the unsaved instance's empty institution) wins over
                # the field's own initial value, so the choice is set there.
                institution = field.queryset.get()
                form.initial["institution"] = institution.pk
                form.initial.update(dict.fromkeys(dated_today(form), institution.today()))
        if not form.instance.pk:
            self._start_from_linked_record(form)
        return form

    def _start_from_linked_record(self, form):
        """An add form opened from a record (``?case=12``, the links beside a step's needs) starts
        from it: the link is chosen and the model copies what it takes over (``initial_from``). Only
        a record the user may see is read; anything else in the query string is ignored."""
        for name, value in self.request.GET.items():
            field = form.fields.get(name)
            if not isinstance(field, ModelChoiceField) or not value.isdigit():
                continue
            linked = field.queryset.filter(pk=value).first()
            if linked is not None:
                form.initial[name] = linked.pk
                form.initial.setdefault("institution", getattr(linked, "institution_id", None))
                form.initial.update(self.model.initial_from(linked))

    def form_valid(self, form):
        """P-A2 for many-to-many links before anything is saved: a user of two institutions
        cannot tie one's record to the other's (the model refuses it too, on every path)."""
        institution = form.cleaned_data.get("institution")
        institution_id = institution.pk if institution else form.instance.institution_id
        for field in linked_record_sets(type(form.instance)):
            chosen = form.cleaned_data.get(field.name)
            if chosen is not None and any(record.institution_id != institution_id for record in chosen):
                form.add_error(field.name, OTHER_INSTITUTION)
        if form.errors:
            return self.form_invalid(form)
        adding = form.instance._state.adding
        try:
            # A document is stored while the record is saved: should the store fail, the record,
            # its history and its log entry roll back, and a document stored before is removed;
            # the form comes back with everything typed (issue 21: a storage outage loses nothing).
            with atomic_with_files():
                response = super().form_valid(form)
        except STORAGE_ERRORS:
            logger.exception("Could not store the documents of a %s", form.instance._meta.label)
            if adding:  # rolled back: the form still adds a record
                form.instance.pk, form.instance._state.adding = None, True
            form.add_error(None, STORAGE_UNAVAILABLE)
            return self.form_invalid(form)
        for advice in form.instance.advisories():
            messages.warning(self.request, advice)
        return response


class ScopedCreateView(ScopedFormMixin, CreateView):
    def get_page_title(self):
        return self.model_admin.phrases.add

    def get_meta_title(self):
        return self.model_admin.phrases.add

    def get_page_subtitle(self):
        return ""

    def get_success_message(self, instance):
        return _("Added: %(record)s.") % {"record": instance}

    def get_error_message(self):
        return _("This record could not be saved: see the errors below.")


class ScopedEditView(ScopedFormMixin, EditView):
    def get_page_title(self):
        return self.model_admin.phrases.edit

    def get_meta_title(self):
        return self.model_admin.phrases.edit

    def get_success_message(self, instance):
        return _("Saved: %(record)s.") % {"record": instance}

    def get_error_message(self):
        return _("This record could not be saved: see the errors below.")


class RecordButtonHelper(ButtonHelper):
    """Adds "History", the open workflow steps and "Print" beside the stock buttons; every
    button names the record or says the list's own phrase, never "this %(object)s"."""

    def _button(self, url, label, title, primary=False):
        classnames = ["button", "button-small"] + ([] if primary else ["button-secondary"])
        return {"url": url, "label": label, "classname": self.finalise_classname(classnames), "title": title}

    def _step_button(self, obj, action):
        """A step's button; while the step still lacks something, a disabled button with what it
        lacks beside it, each lack linked to where it is added (issue 11.11)."""
        button = self._button(
            self.url_helper.get_action_url("workflow", quote(obj.pk), action.method), action.label, action.label, True
        )
        needs = action.needs_of(obj)
        if needs:
            button.update(url="", classname=self.finalise_classname(["button", "button-small", "button-secondary"]))
            button["needs"] = needs_with_links(self.request.user, obj, needs)
            button["title"] = _("%(step)s: first %(needs)s") % {
                "step": action.label,
                "needs": "; ".join(str(need.message) for need in needs),
            }
            # Where the model words each lack in a few words and none is a record to add, the list
            # shows one short line beside the button; the button's title keeps the whole reason.
            if all(need["short"] and not need["url"] for need in button["needs"]):
                button["needs_short"] = ", ".join(str(need["short"]) for need in button["needs"])
        return button

    def add_button(self, *args, **kwargs):
        button = super().add_button(*args, **kwargs)
        button["label"] = button["title"] = self.view.model_admin.phrases.add
        return button

    # Our own words for the row buttons: Wagtail's read "Inspecteer"/"Wijzig" in Dutch.
    def inspect_button(self, *args, **kwargs):
        return {**super().inspect_button(*args, **kwargs), "label": pgettext("record button", "Inspect")}

    def edit_button(self, *args, **kwargs):
        return {**super().edit_button(*args, **kwargs), "label": pgettext("record button", "Edit")}

    def get_primary_button(self, obj):
        button = super().get_primary_button(obj)
        if button:
            button["title"] = f"{button['label']}: {obj}"
        return button

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        for button in buttons:
            button["title"] = f"{button['label']}: {obj}"
        pk = quote(obj.pk)
        history_title = _("History of %(record)s") % {"record": obj}
        buttons.append(self._button(self.url_helper.get_action_url("history", pk), _("History"), history_title))
        model_admin = self.view.model_admin
        buttons += [
            self._step_button(obj, action)
            for action in model_admin.workflow_actions
            if action.is_open(obj) and action.may_take(self.request.user, model_admin, obj)
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


class RecordPaginator(WagtailPaginator):
    """Counts a list's records in its own words: "5 учеников", never "5 ученики"; a list of a
    million rows counted once and no further than needed, its pages read by key (core.list_paging)."""

    @cached_property
    def _count(self):
        return list_paging.list_count(self.object_list)

    @cached_property
    def count(self):
        return self._count[0]

    @cached_property
    def items_count_label(self):
        label = record_admin_for(self.model).phrases.count % {"count": self.count}
        return _("about %(count)s") % {"count": label} if self._count[1] else label

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(list_paging.page_rows(self.object_list, bottom, top), number, self)


class RecordIndexView(IndexView):
    """The list, with import and export beside "Add".

    Only the declared filters, search, ordering and paging read the query string: any other
    parameter (a lookup into another institution's records, ``__regex`` on a password hash)
    is refused with 400 before a query runs, as Django's admin refuses what ``lookup_allowed``
    does not allow."""

    paginator_class = RecordPaginator

    def get_filters(self, request):
        try:
            filter_specs, has_filters, undeclared, use_distinct = super().get_filters(request)
        except IncorrectLookupParameters as error:
            raise DisallowedModelAdminLookup("A records list was asked for an unknown lookup.") from error
        if undeclared:
            raise DisallowedModelAdminLookup(f"Undeclared lookups on a records list: {sorted(undeclared)}")
        return filter_specs, has_filters, undeclared, use_distinct

    def get_queryset(self, request=None):
        try:
            queryset = super().get_queryset(request)
        except IncorrectLookupParameters as error:  # a declared filter with a value it cannot read
            raise DisallowedModelAdminLookup("A records list filter got a value it cannot read.") from error
        return list_paging.sorted_matches(queryset) if self.query else queryset

    def get_base_queryset(self, request=None):
        return inbox.annotate_steps(super().get_base_queryset(request), self.model_admin, self.request.user)

    def _all_count(self, paginator):
        """The records the list holds before its filters and search ("12 of 40"): the shown rows'
        count when nothing narrows them, else counted as the paginator counts (capped, estimated)."""
        if not self.query and not self.get_filters_params():
            return paginator.count
        return list_paging.list_count(self.get_base_queryset())[0]

    def _paged_context(self, **kwargs):
        """The stock list's context without its two counts of every row (issue 15.6): the
        paginator counts the shown rows once, and the whole list is counted only when filtered."""
        queryset = self.get_queryset()
        paginator = self.paginator_class(queryset, self.items_per_page)
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        context = {
            "view": self,
            "all_count": self._all_count(paginator),
            "result_count": paginator.count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            **kwargs,
        }
        return super(IndexView, self).get_context_data(**context)

    FORMATS = (*EXPORT_CONTENT_TYPES, PRINT_LIST)  # ``?export=<format>``: see as_spreadsheet

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The export of exactly the records the list shows, filtered, searched and ordered by
        the list's own machinery (modeladmin's export hook, reached through ``export_view``), or
        their printed document (reached through ``print_list_view``)."""
        if spreadsheet_format == PRINT_LIST:
            return self.print_list(queryset)
        if self.model_admin.resource_class is None:
            raise Http404
        return exchange_views.export_response(self.request, self.model_admin, queryset, spreadsheet_format)

    def print_list(self, queryset):
        """The list's records, as filtered, in a document of ``list_printed_documents``: in the
        language of the records' institution (the user's first when they span several)."""
        printed = getattr(self.request, "printed_list", None)
        if printed is None:  # ``?export=print`` typed into the list's address
            raise Http404
        document, query, as_pdf = printed
        institutions = institutions_for(self.request.user)
        institution = institutions.filter(pk__in=queryset.values("institution")).first() or institutions.first()
        with institution.localised():  # the heading's filters and the context in the document's language
            context = {
                "records": queryset,
                "institution": institution,
                "filters": self.chosen_filters(),
                "pdf_url": f"?{query}&format=pdf",
                **(document.context(queryset) if document.context else {}),
            }
        return printing.printed_response(
            self.request, document, context, institution, as_pdf, institution.today().isoformat()
        )

    def chosen_filters(self):
        """The filters the list is narrowed by, as (title, chosen value): the printed list's heading."""
        chosen = []
        for spec in self.filter_specs:
            choices = list(spec.choices(self))[1:]  # the first is "All"
            chosen += [(spec.title, choice["display"]) for choice in choices if choice["selected"]]
        return chosen

    def get_context_data(self, **kwargs):
        url_helper = self.model_admin.url_helper
        list_query = self.request.GET.copy()
        list_query.pop(self.PAGE_VAR, None)
        return self._paged_context(
            import_url=url_helper.get_action_url("import"),
            export_url=url_helper.get_action_url("export"),
            printed_lists=[
                (url_helper.get_action_url("print_list", document.name), document.label)
                for document in self.model_admin.list_printed_documents
            ],
            list_query=list_query.urlencode(),
            user_can_import=exchange_views.user_can_import(self.model_admin, self.request.user),
            can_export=self.model_admin.resource_class is not None,
            **kwargs,
        )


class RecordInspectView(InspectView):
    """The stock inspect view, plus what other apps show about a record through the
    ``record_inspect_sections`` hook (say, the application form it came from, P-F4); times in
    the record's institution's time zone (its template shows the fields in it too)."""

    def get_page_title(self):
        return self.model_admin.phrases.inspect

    def get_meta_title(self):
        return self.model_admin.phrases.inspect

    def get_field_label(self, field_name, field=None):
        return capfirst(super().get_field_label(field_name, field))

    def get_context_data(self, **kwargs):
        with timezone.override(self.instance.institution.zone):
            sections = [section(self.request, self.instance) for section in hooks.get_hooks("record_inspect_sections")]
        return super().get_context_data(inspect_sections=[section for section in sections if section], **kwargs)


class RecordDeleteView(DeleteView):
    """A deletion refused because other records refer to this one names only the records the
    user may see and counts the rest (P-A2): a volunteer's delete page must not reveal the
    coordinator-only signals that block it. Its texts name the record, not the model."""

    def get_meta_title(self):
        return _("Delete %(record)s?") % {"record": self.instance}

    def confirmation_message(self):
        return _("Are you sure you want to delete %(record)s?") % {"record": self.instance}

    def post(self, request, *args, **kwargs):
        deleted = _("Deleted: %(record)s.") % {"record": self.instance}
        try:
            with transaction.atomic():
                log(instance=self.instance, action="wagtail.delete")
                self.delete_instance()
        except ProtectedError:  # the stock view lists what still refers to it
            return super().post(request, *args, **kwargs)
        messages.success(request, deleted)
        return redirect(self.index_url)

    linked_shown = 10  # a page of names is enough to act on; the rest are counted

    def get_context_data(self, **kwargs):
        if "linked_objects" in kwargs:
            linked = kwargs["linked_objects"]
            visible = readable_records(self.request.user, linked)
            kwargs["linked_objects"] = visible[: self.linked_shown]
            kwargs["more_linked_count"] = len(visible[self.linked_shown :])
            kwargs["hidden_linked_count"] = len(linked) - len(visible)
        return super().get_context_data(**kwargs)


def readable_records(user, records):
    """Those of ``records`` that ``user`` may open in their own lists, in one query per model."""
    by_model = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    readable = set()
    for model, of_model in by_model.items():
        model_admin = record_admin_for(model)
        if model_admin is None or not model_admin.permission_helper.user_can_list(user):
            continue
        pks = (
            model.objects.for_user(user).filter(pk__in=[record.pk for record in of_model]).values_list("pk", flat=True)
        )
        readable.update((model, pk) for pk in pks)
    return [record for record in records if (type(record), record.pk) in readable]


def as_time(value, record):
    """A date or date-time as one <time> value that never wraps mid-way, a time in the record's
    institution's zone whoever looks; any other value as it is."""
    if isinstance(value, datetime):
        value = timezone.localtime(value, record.institution.zone)
    elif not isinstance(value, date):
        return value
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), formats.localize(value))


def date_column(field):
    """The column of a date or date-time field."""

    def column(record):
        return as_time(getattr(record, field.attname), record)

    column.short_description = field.verbose_name
    column.admin_order_field = field.name
    return column


def method_column(model, name):
    """The column of a model method (``organise_by``): a date it gives shows as a date field's does."""
    method = getattr(model, name)

    def column(record):
        return as_time(getattr(record, name)(), record)

    column.short_description = getattr(method, "short_description", pretty_name(name))
    for attribute in ("admin_order_field", "boolean", "empty_value_display"):
        if hasattr(method, attribute):
            setattr(column, attribute, getattr(method, attribute))
    return column


class RecordAdmin(ModelAdmin):
    """Base for the records of every domain: scoped list, create, edit, inspect, delete and history."""

    inspect_view_enabled = True
    list_per_page = 50
    permission_helper_class = DomainPermissionHelper
    create_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    button_helper_class = RecordButtonHelper
    index_template_name = "core/record_index.html"
    index_view_class = RecordIndexView
    inspect_view_class = RecordInspectView
    inspect_template_name = "core/record_inspect.html"
    delete_view_class = RecordDeleteView
    delete_template_name = "core/record_delete.html"
    workflow_actions = ()  # WorkflowAction steps offered on each row
    printed_documents = ()  # PrintedDocument documents printed from each row
    list_printed_documents = ()  # PrintedDocument documents printed from the whole list, as filtered
    resource_class = None  # the RecordResource of its import and export; without one the list has neither
    phrases = None  # RecordPhrases: every list says "Add …", "No … yet" in its own words

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not isinstance(self.phrases, RecordPhrases):
            raise ImproperlyConfigured(f"{type(self).__name__} declares no RecordPhrases (P-C3).")
        _record_admins[self.model] = self
        self.date_columns = {}
        for name in self.list_display:
            field = next((field for field in self.model._meta.fields if field.name == name), None)
            if isinstance(field, models.DateField):
                column = date_column(field)
            elif field is None and callable(getattr(self.model, name, None)):
                column = method_column(self.model, name)
            else:
                continue
            self.date_columns[name] = f"{name}_column"
            setattr(self, f"{name}_column", column)
        has_times = any(
            isinstance(field, models.DateTimeField)
            for field in self.model._meta.fields
            if field.name in self.date_columns
        )
        if not self.list_select_related:
            # A list page costs the same few queries whatever its length: join the related
            # records its columns show (the stock check misses plain foreign keys), and the
            # institution whose time zone a time column shows.
            self.list_select_related = [
                name
                for name in self.list_display
                if isinstance(getattr(self.model, name, None), ForwardManyToOneDescriptor)
            ] + (["institution"] if has_times else [])

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def get_menu_label(self):
        """The list's name as its language has it (lazy: the menu is built once, for every
        language), capitalised once, not title-cased ("Записи в листе ожидания")."""
        return self.menu_label or capfirst(self.opts.verbose_name_plural)

    def get_form_fields_exclude(self):
        """A workflow field moves only through its step, never in the edit form."""
        return [*super().get_form_fields_exclude(), *workflow_fields(self.model)]

    def get_list_filter(self, request):
        """Filters by a related record offer only the records the user may see (P-A2); a list
        with steps that wait (``WorkflowAction.waiting``) filters by "Waiting for me"."""
        filters = [self._scoped_filter(entry) for entry in super().get_list_filter(request)]
        return filters + [inbox.WaitingForMeFilter] if inbox.waiting_actions(self) else filters

    def get_list_display(self, request):
        """Times in the record's institution's zone; who may take the steps sees which each record
        waits for, and sorts by it."""
        columns = [self.date_columns.get(name, name) for name in super().get_list_display(request)]
        actions = inbox.actions_waiting_for(request.user, self)
        if not actions:
            return columns

        @admin_display(description=gettext_lazy("Waiting for"), ordering="_waiting")
        def waiting_for(obj):
            return inbox.steps_waiting(obj, actions)

        return (*columns, waiting_for)

    def _scoped_filter(self, entry):
        if isinstance(entry, str):
            related = get_fields_from_path(self.model, entry)[-1].related_model
            if related is not None and (issubclass(related, InstitutionRecord) or related is get_user_model()):
                return (entry, ScopedRelatedFieldListFilter)
        return entry

    def _require_list_permission(self, view):
        """The import and export views ask first for the list's own permission (P-A2): a member
        without it gets 403 on the export as on the list. A list without a resource has neither."""

        def checked(request, *args, **kwargs):
            if not self.permission_helper.user_can_list(request.user):
                raise PermissionDenied
            if self.resource_class is None:
                raise Http404
            return view(request, *args, **kwargs)

        return checked

    def _scoped_instance(self, request, instance_pk):
        """The record if the user may see it: 403 without the list's permission, 404 for a
        record out of their scope, as if it did not exist. Every view of one record asks here."""
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
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
        if not action.may_take(request.user, self, instance):
            raise PermissionDenied
        index_url = self.url_helper.index_url
        if request.method != "POST":
            context = {
                "view": {"model_admin": self},
                "instance": instance,
                "action": action,
                "index_url": index_url,
                "open": action.is_open(instance),
                "needs": needs_with_links(request.user, instance, action.needs_of(instance)),
            }
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
            notifications.decision_taken(request, instance, action)
        return redirect(index_url)

    def print_view(self, request, instance_pk, document):
        """A printed document of the record, as A4 HTML or, with ``?format=pdf``, as PDF; in
        the institution's language and time zone, whatever the admin's."""
        document = next((entry for entry in self.printed_documents if entry.name == document), None)
        if document is None:
            raise Http404
        instance = self._scoped_instance(request, instance_pk)
        if not self.permission_helper.user_can_inspect_obj(request.user, instance):
            raise PermissionDenied
        return printing.printed_record(request, instance, document)

    def print_list_view(self, request, document):
        """A document of ``list_printed_documents`` printed from the list's records as its filters,
        search and ordering give them (the list's own view reads them, as for the export)."""
        document = next((entry for entry in self.list_printed_documents if entry.name == document), None)
        if document is None:
            raise Http404
        params = request.GET.copy()
        as_pdf = params.pop("format", [""])[-1] == "pdf"
        query = params.urlencode()
        params[self.index_view_class.EXPORT_VAR] = PRINT_LIST
        request.GET = params
        request.printed_list = (document, query, as_pdf)
        return self.index_view(request)

    def import_view(self, request):
        return exchange_views.import_view(request, self)

    def import_preview_view(self, request, instance_pk):
        return exchange_views.preview_view(request, self, instance_pk)

    def import_confirm_view(self, request, instance_pk):
        return exchange_views.confirm_view(request, self, instance_pk)

    def export_view(self, request):
        return exchange_views.export_view(request, self)

    def import_template_view(self, request):
        return exchange_views.template_view(request, self)

    def export_job_view(self, request, instance_pk):
        return exchange_views.export_job_view(request, self, instance_pk)

    def export_download_view(self, request, instance_pk):
        return exchange_views.export_download_view(request, self, instance_pk)

    def get_admin_urls_for_registration(self):
        """Beside the stock views (history among them, answered by ``history_view`` here): import,
        its template file and export of the whole list (a large export's progress and download), revert,
        and the workflow and print views of one record."""
        base = self.url_helper.base_url_path
        whole_list = tuple(
            re_path(
                rf"^{base}/{action}/$",
                self._require_list_permission(getattr(self, f"{action}_view")),
                name=self.url_helper.get_action_url_name(action),
            )
            for action in ("import", "import_template", "export")
        ) + (
            re_path(
                rf"^{base}/print_list/(?P<document>\w+)/$",
                self.print_list_view,
                name=self.url_helper.get_action_url_name("print_list"),
            ),
        )
        per_object = tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                view,
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view in (
                ("revert", self.revert_view),
                ("import_preview", self._require_list_permission(self.import_preview_view)),
                ("import_confirm", self._require_list_permission(self.import_confirm_view)),
                ("export_job", self._require_list_permission(self.export_job_view)),
                ("export_download", self._require_list_permission(self.export_download_view)),
            )
        )
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
