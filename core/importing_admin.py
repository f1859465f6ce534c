"""Spreadsheet import and export in the admin, for every record type.

``RecordImportExportMixin`` goes before the record's admin base class::

    class ExchangeRateAdmin(RecordImportExportMixin, AuditedAdmin):
        resource_classes = [ExchangeRateResource]
        import_type = "rates"

It adds to django-import-export's ``ImportExportMixin``:

- the buttons Import, Export and Template (a blank XLSX to fill in; ``?format=csv`` for CSV)
  above the change list, which keeps its own template (``change_list.html`` of the app or
  the model) under them;
- import only for users who may add *and* change the records; export for anyone who may
  view them;
- the preview lists every problem by row, column and reason, counts new, updated,
  unchanged and invalid rows, and shows the notes (a partner to be created, a visibility
  kept); nothing is written while previewing, not even the history;
- an optional "create missing partners" box (``offer_create_missing_partners = True``);
- on confirmation, an import that fails after all (the data changed since the preview) is
  rolled back entirely and reported, never logged as done;
- the export is exactly the filtered change list, streamed (CSV row by row; XLSX through a
  temporary file), in CSV or XLSX, with formulas defused.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import select_template
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.signals import post_export

from .importing import (
    CSVFormat,
    XLSXFormat,
    build_template,
    csv_export_response,
    report_from,
    xlsx_export_response,
)

CONTENT_TYPES = {
    "xlsx": XLSXFormat.CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
}


class RecordImportForm(ImportForm):
    create_missing_partners = forms.BooleanField(
        label=_("Create missing partners"),
        required=False,
        help_text=_(
            "A partner the file names but that is not recorded yet is added (kind “Other”, "
            "internal, with the row's country). Otherwise it is an error on that row."
        ),
    )

    def __init__(self, formats, resources, *, offer_create_missing_partners=False, **kwargs):
        super().__init__(formats, resources, **kwargs)
        if not offer_create_missing_partners:
            del self.fields["create_missing_partners"]


class RecordConfirmImportForm(ConfirmImportForm):
    create_missing_partners = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RecordImportExportMixin(ImportExportMixin):
    """See the module docstring."""

    #: The type's name in ``core.importing.IMPORT_TYPES`` (file names, the template).
    import_type = None
    offer_create_missing_partners = False
    import_form_class = RecordImportForm
    confirm_form_class = RecordConfirmImportForm
    export_form_class = ExportForm
    import_template_name = "admin/core/import.html"
    import_export_change_list_template = "admin/core/import_export_change_list.html"

    # Formats

    @property
    def formats(self):
        return [CSVFormat, XLSXFormat]

    # Permissions

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # Resources

    def get_resource_kwargs(self, request, *args, **kwargs):
        form = kwargs.get("form")
        create = False
        if form is not None and hasattr(form, "cleaned_data"):
            create = bool(form.cleaned_data.get("create_missing_partners"))
        return {
            "user": request.user,
            "create_missing_partners": create and self.offer_create_missing_partners,
        }

    def get_import_form_kwargs(self, request):
        return {
            **super().get_import_form_kwargs(request),
            "offer_create_missing_partners": self.offer_create_missing_partners,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["create_missing_partners"] = import_form.cleaned_data.get(
                "create_missing_partners", False
            )
        return initial

    # Change list: keep the app's own change list template under the buttons

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        info = self.get_model_info()
        extra_context["import_template_url"] = reverse(
            "admin:{}_{}_import_template".format(*info), current_app=self.admin_site.name
        )
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context is not None:
            context["ie_base_change_list_template"] = self.own_change_list_template()
        return response

    def own_change_list_template(self):
        """The change list template Django would use without import-export: the model's
        or the app's override if there is one (``aid/aidproject/change_list.html``)."""
        if not hasattr(self, "_own_change_list_template"):
            if self.ie_base_change_list_template != "admin/change_list.html":
                self._own_change_list_template = self.ie_base_change_list_template
            else:
                app_label, model_name = self.get_model_info()
                self._own_change_list_template = select_template(
                    [
                        f"admin/{app_label}/{model_name}/change_list.html",
                        f"admin/{app_label}/change_list.html",
                        "admin/change_list.html",
                    ]
                ).template.name
        return self._own_change_list_template

    # The template download

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """A blank file to fill in, in the user's language: XLSX, or CSV with ?format=csv."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
        resource_class = self.get_import_resource_classes(request)[0]
        content = build_template(resource_class, file_format)
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
        name = self.import_type or self.model._meta.model_name
        response["Content-Disposition"] = f'attachment; filename="{name}-template.{file_format}"'
        return response

    # Import: the preview and the confirmation

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            context["import_template_url"] = reverse(
                "admin:{}_{}_import_template".format(*self.get_model_info()),
                current_app=self.admin_site.name,
            )
            if context.get("result") is not None:
                context["import_report"] = report_from(context["result"], dry_run=True)
        return response

    def process_result(self, result, request):
        """After the confirmation: if the import failed after all (the records changed
        since the preview), nothing was saved; say so, and log nothing."""
        if result.has_errors() or result.has_validation_errors():
            report = report_from(result, dry_run=False)
            messages.error(
                request,
                _("Nothing was imported: the file has problems. {problems}").format(
                    problems=" ".join(str(error) for error in report.errors[:20])
                ),
            )
            return HttpResponseRedirect(
                reverse(
                    "admin:{}_{}_import".format(*self.get_model_info()),
                    current_app=self.admin_site.name,
                )
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        report = report_from(result, dry_run=False)
        messages.success(
            request,
            _("Imported {records}: {summary}").format(
                records=self.model._meta.verbose_name_plural, summary=report.summary()
            ),
        )
        for note in report.notes:
            messages.info(request, str(note))

    # Export: the filtered change list, streamed

    def get_export_filename(self, request, queryset, file_format):
        name = self.import_type or self.model._meta.model_name
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.choose_export_resource_class(export_form, request)
        resource = resource_class(**self.get_export_resource_kwargs(request))
        filename = self.get_export_filename(request, queryset, file_format)
        if isinstance(file_format, XLSXFormat):
            response = xlsx_export_response(resource, queryset, filename)
        else:
            response = csv_export_response(resource, queryset, filename)
        post_export.send(sender=None, model=self.model)
        return response
