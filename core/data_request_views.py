"""The administrator's pages for a person's request (core.data_requests): find, export, erase."""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import data_requests


class FindPersonForm(forms.Form):
    institution = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Institution"))
    name = forms.CharField(required=False, max_length=200, label=gettext_lazy("Name"))
    email = forms.EmailField(required=False, label=gettext_lazy("E-mail address"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = data_requests.institutions_handled_by(user)
        self.fields["institution"].queryset = institutions
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.get()

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip() and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Give the person's name, their e-mail address or both."))
        return data


def entry(record):
    return {"record": record, "kind": record._meta.verbose_name, "key": data_requests.key_of(record)}


def handled_institutions(request):
    institutions = data_requests.institutions_handled_by(request.user)
    if not institutions.exists():
        raise PermissionDenied
    return institutions


def find_view(request):
    handled_institutions(request)
    form = FindPersonForm(request.GET or None, user=request.user)
    found = None
    if form.is_valid():
        data = form.cleaned_data
        found = data_requests.find(data["institution"], data["name"], data["email"] or "")
    context = {
        "page_title": _("Personal data requests"),
        "form": form,
        "found": [entry(record) for record in found or []],
        "searched": found is not None,
    }
    return TemplateResponse(request, "core/data_requests/find.html", context)


def ticked_records(view):
    """A view of the records ticked on the search page (a POST): it gets the institution and the
    records; nothing usable sent, the search again with a message."""

    @functools.wraps(view)
    def checked(request):
        if request.method != "POST":
            return redirect("core_data_requests")
        pk = request.POST.get("institution", "")
        institution = handled_institutions(request).filter(pk=pk).first() if pk.isdigit() else None
        records = data_requests.chosen(institution, request.POST.getlist("record")) if institution else []
        if not records:
            messages.error(request, _("Tick the records that are the person's."))
            return redirect("core_data_requests")
        return view(request, institution, records)

    return checked


@ticked_records
def export_view(request, institution, records):
    archive = data_requests.export_archive(records)
    response = HttpResponse(archive, content_type="application/zip")
    name = f"personal-data-{institution.code}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@ticked_records
def erase_view(request, institution, records):
    if request.POST.get("confirm") == "yes":
        report = data_requests.erase(institution, records, request.user)
        erased = sum(count for what, count in report[institution.code].items() if "." in what)
        messages.success(
            request,
            ngettext(
                "The person's data is erased from %(count)s record.",
                "The person's data is erased from %(count)s records.",
                erased,
            )
            % {"count": erased},
        )
        return redirect("core_data_requests")
    to_erase, kept = data_requests.erasure_plan(records)
    context = {
        "page_title": _("Erase a person's data"),
        "institution": institution,
        "keys": [data_requests.key_of(record) for record in records],
        "to_erase": [entry(record) for record in to_erase],
        "kept": [{**entry(record), "clause": clause} for record, clause in kept],
        "find_url": reverse("core_data_requests"),
    }
    return TemplateResponse(request, "core/data_requests/erase.html", context)
