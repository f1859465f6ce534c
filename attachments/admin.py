"""The attachments inline that every record type's admin shows (see ``ATTACHABLE_MODELS``).

An upload is checked by its content when the record is saved; a refused file is an error on
its own row, and nothing of the page is saved. A saved attachment's file is not replaced
(upload a new one, delete the old one); its caption, date and visibility can change.
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledInlineMixin, PublishableInlineMixin

from .forms import AttachmentForm, StoredFileWidget
from .models import Attachment


class AttachmentFormSet(BaseGenericInlineFormSet):
    """A save that carries no attachments part at all (a script, or a form saved from a page
    rendered before attachments existed) leaves the attachments as they are, instead of
    failing the whole save for a missing management form. A part that is present is
    checked as usual.

    ``user`` (set per request by the inline) is recorded in the history of a deletion,
    which the audit fields cannot carry."""

    user = None

    def save_existing_objects(self, commit=True):
        saved = super().save_existing_objects(commit)
        for attachment in self.deleted_objects:
            attachment._history_user = self.user
        return saved

    @cached_property
    def management_form(self):
        if self.is_bound and f"{self.prefix}-{TOTAL_FORM_COUNT}" not in self.data:
            form = ManagementForm(
                {f"{self.prefix}-{TOTAL_FORM_COUNT}": 0, f"{self.prefix}-{INITIAL_FORM_COUNT}": 0},
                auto_id=self.auto_id,
                prefix=self.prefix,
                renderer=self.renderer,
            )
            form.full_clean()
            return form
        return super().management_form


class AttachmentInline(LabelledInlineMixin, PublishableInlineMixin, GenericTabularInline):
    model = Attachment
    form = AttachmentForm
    formset = AttachmentFormSet
    extra = 1
    fields = ["preview", "file", "caption", "caption_en", "date", "visibility"]
    readonly_fields = ["preview", "stored_file"]
    classes = ["attachments"]
    # Its own address is the file, for staff; "view on site" would suggest a public page.
    view_on_site = False
    verbose_name = _("attachment (document or photo)")
    verbose_name_plural = _("attachments (documents and photos)")

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)
        return type(formset_class.__name__, (formset_class,), {"user": request.user})

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            # Read-only, the admin would link the file's storage address, which is not
            # served: link the protected one.
            return ["stored_file" if field == "file" else field for field in fields]
        return fields

    @admin.display(description=_("preview"))
    def preview(self, attachment):
        if attachment is None or not attachment.pk:
            return ""
        if attachment.is_photo:
            return format_html(
                '<a href="{}"><img src="{}" alt="{}" class="attachment-thumbnail" '
                'width="120" loading="lazy"></a>',
                attachment.get_absolute_url(),
                attachment.get_thumbnail_url(),
                attachment.display_caption,
            )
        # A document: the file column links it already.
        return format_html('<span class="quiet">{}</span>', attachment.get_file_type_display())

    @admin.display(description=_("file"))
    def stored_file(self, attachment):
        if attachment is None or not attachment.pk:
            return ""
        return StoredFileWidget(attachment).render("file", None)
