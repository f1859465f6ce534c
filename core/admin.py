"""Admin building blocks every record admin reuses, and the admin for local units and
sectors.

``AuditedAdmin`` fills created/updated by, shows the change history of each record with a
readable diff and a revert, lists deleted records for restoring (``core.history``), and
refuses a save over someone else's (``core.edit_conflicts``); ``PublishableAdmin`` makes ``visibility`` read-only
for anyone without the model's publish permission, refuses a crafted request that tries
anyway, and offers "make public" / "make internal" bulk actions to Publishers only.
"""

import datetime
import functools
import hashlib
import html
import json
from urllib.parse import quote

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, connections, models, router, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import Country
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from . import history
from .edit_conflicts import TOKEN, guarded_form
from .formatting import flag_icon
from .importing_admin import RecordImportExportMixin
from .listcache import cached_for
from .models import AuditedModel, LocalUnit, PublishableModel, Sector, Visibility
from .resources import LocalUnitResource

AUDIT_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")


def can_publish(request, model):
    return request.user.has_perm(model.publish_permission())


def _with_visibility_readonly(request, model, readonly):
    """``readonly`` plus ``visibility`` for anyone who may not publish ``model``."""
    return readonly if can_publish(request, model) else (*readonly, "visibility")


def _stamp(instance, user):
    """Record who created/changed an audited instance before it is saved."""
    if not isinstance(instance, AuditedModel):
        return
    if instance._state.adding and instance.created_by_id is None:
        instance.created_by = user
    instance.updated_by = user


def _check_visibility_change(request, instance):
    """Refuse to save a record made public (or unpublished) by someone who may not publish.

    The form already shows visibility read-only to them; this is for crafted requests and
    for code paths that bypass the form.
    """
    if not isinstance(instance, PublishableModel) or can_publish(request, type(instance)):
        return
    if instance._state.adding:
        changed = instance.visibility != Visibility.INTERNAL
    else:
        stored = (
            type(instance)._base_manager.filter(pk=instance.pk).values_list("visibility", flat=True)
        )
        changed = instance.visibility != stored.first()
    if changed:
        raise PermissionDenied(_("Only Publishers may change the visibility of a record."))


def _check_deletion(request, instance):
    """Refuse to delete a public row (an inline one, say) without the publish permission."""
    if isinstance(instance, PublishableModel) and instance.is_public:
        if not can_publish(request, type(instance)):
            raise PermissionDenied(_("Only Publishers may delete public records."))


def _guard_inline(inline):
    """Give each row of ``inline`` (an audited model: an activity that has its own admin
    page too) its own edit token: a row changed on this page and saved elsewhere since is
    refused. Only rows the user changed are checked (only those are saved)."""
    get_formset, get_fieldsets = inline.get_formset, inline.get_fieldsets

    def guarded_get_formset(request, obj=None, **kwargs):
        kwargs.setdefault("form", guarded_form(inline.form, changelist=True))
        return get_formset(request, obj, **kwargs)

    def guarded_get_fieldsets(request, obj=None):
        fieldsets = get_fieldsets(request, obj)
        if TOKEN in flatten_fieldsets(fieldsets):
            return fieldsets
        *rest, (name, options) = fieldsets
        return [*rest, (name, {**options, "fields": [*options["fields"], TOKEN]})]

    inline.get_formset = guarded_get_formset
    inline.get_fieldsets = guarded_get_fieldsets


@functools.lru_cache(maxsize=1024)
def _flag_icon(code, language):
    return flag_icon(Country(code))


def list_flag_icon(country):
    """``core.formatting.flag_icon`` for a change-list cell, kept per country and language:
    a page of 100 rows would look the same country's flag and name up again in each."""
    return _flag_icon(country.code, translation.get_language())


class EstimatedCountPaginator(Paginator):
    """A paginator that does not count a large table on every page view.

    The admin counts the rows behind each change list: on a table of a million rows, a
    full scan per page view. On PostgreSQL, for a table the planner estimates at more
    than ``LARGE`` rows, an unfiltered list uses that estimate; a filtered or searched one
    counts exactly up to ``EXACT_UP_TO`` rows (a count that stops there) and beyond uses the
    planner's estimate of the filtered query. Either way ``is_estimate`` says so and the
    page shows the total as approximate ("about …"); the page links only need its order
    of magnitude. The result is cached until a record changes (``core.listcache``).
    SQLite has no estimate and counts exactly.
    """

    LARGE = 100_000
    EXACT_UP_TO = 10_000

    is_estimate = False
    # Set by AuditedAdmin.get_paginator for a searched list: see ordered_keys.
    searched = False
    root_queryset = None

    @cached_property
    def _table_estimate(self):
        return self.estimate(self.object_list.model)

    @cached_property
    def ordered_keys(self):
        """For a searched list of a large table: the keys of every listed row, in the list's
        order, kept in the cache until a record changes; None otherwise (or beyond
        SEARCH_KEYS_UP_TO rows). The search's first view sorts its matches once; the next
        ones (other pages, the same list again) read a page of keys and fetch those rows
        by key, instead of sorting tens of thousands of rows per view. The count is then
        exact: the number of keys."""
        if not self.searched or self.root_queryset is None:
            return None
        if (self._table_estimate or 0) <= self.LARGE:
            return None
        keys = self.object_list.values_list("pk", flat=True)
        ordered = cached_for(
            "admin-ordered-keys", keys, lambda: list(keys[: SEARCH_KEYS_UP_TO + 1])
        )
        return ordered if len(ordered) <= SEARCH_KEYS_UP_TO else None

    def page(self, number):
        keys = self.ordered_keys
        if keys is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        wanted = keys[bottom:top]
        # The admin's own queryset (its joins and annotations), only the page's rows.
        rows = {row.pk: row for row in self.root_queryset.filter(_AnyOf(models.F("pk"), wanted))}
        return self._get_page([rows[key] for key in wanted if key in rows], number, self)

    @cached_property
    def count(self):
        queryset = self.object_list
        if getattr(queryset, "query", None) is None:
            return super().count
        if self.ordered_keys is not None:
            return len(self.ordered_keys)
        table = self._table_estimate
        if table is None or table <= self.LARGE:
            return cached_for("admin-count", queryset, queryset.count)
        if not queryset.query.where:
            self.is_estimate = True
            return table
        count, self.is_estimate = cached_for(
            "admin-count-capped", queryset, lambda: self._capped_count(queryset)
        )
        return count

    def _capped_count(self, queryset):
        """(count, is_estimate): exact up to EXACT_UP_TO rows, else the planner's estimate
        (never less than the rows already counted)."""
        counted = queryset.order_by()[: self.EXACT_UP_TO + 1].count()
        if counted <= self.EXACT_UP_TO:
            return counted, False
        return max(self.estimate_rows(queryset), counted), True

    @staticmethod
    def estimate_rows(queryset):
        """The planner's estimate of the rows ``queryset`` returns (PostgreSQL's EXPLAIN, not
        run). One query."""
        plan = json.loads(queryset.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])

    @staticmethod
    def estimate(model):
        """The planner's row estimate for ``model``'s table, or None (SQLite, never
        analysed). One cheap catalogue query."""
        connection = connections[router.db_for_read(model)]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(model._meta.db_table)],
            )
            row = cursor.fetchone()
        return row[0] if row and row[0] > 0 else None


class AuditedAdmin(SimpleHistoryAdmin):
    """Shows the audit fields read-only and fills them from the logged-in user; the change
    history, the deleted records and the edit-conflict guard (see the module docstring)."""

    # Without it Django 5.x warns on every form with a URL field (RemovedInDjango60Warning),
    # and a bare "example.org" would be saved as http://; 6.0 makes https the default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    object_history_template = "admin/core/object_history.html"
    object_history_form_template = "admin/core/object_history_form.html"
    deleted_records_template = "admin/core/deleted_records.html"
    history_list_per_page = 50
    # Counts exactly below 100,000 rows, estimates above (see EstimatedCountPaginator).
    paginator = EstimatedCountPaginator
    # Facets count every choice of every filter over the whole list: never at this scale.
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        # The date hierarchy's years come from the cache (see CachedDatesChangeList).
        return CachedDatesChangeList

    def action_checkbox(self, obj):
        # The admin's checkbox, written directly: its widget template costs a render per
        # row. The same HTML (tested against the admin's own).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if isinstance(paginator, EstimatedCountPaginator) and not self.list_editable:
            # A searched list pages through its cached keys (EstimatedCountPaginator).
            paginator.searched = bool(request.GET.get(SEARCH_VAR, "").strip())
            paginator.root_queryset = self._page_queryset(request)
        return paginator

    def _page_queryset(self, request):
        """The admin's queryset with the change list's select_related (as ChangeList's
        apply_select_related), unfiltered: a page's rows fetched by key."""
        queryset = self.get_queryset(request)
        related = self.get_list_select_related(request)
        if related is True:
            return queryset.select_related()
        if related:
            return queryset.select_related(*related)
        foreign_keys = {field.name for field in self.model._meta.fields if field.is_relation}
        if foreign_keys & set(self.get_list_display(request)):
            return queryset.select_related()
        return queryset

    def get_search_results(self, request, queryset, search_term):
        # On PostgreSQL, a search each field's trigram index can answer (indexed_search);
        # elsewhere (and for Django's ^ = @ prefixes) the admin's own.
        fields = self.get_search_fields(request)
        if (
            not search_term
            or not fields
            or connections[queryset.db].vendor != "postgresql"
            or any(field[0] in "^=@" for field in fields)
        ):
            return super().get_search_results(request, queryset, search_term)
        return indexed_search(queryset, fields, search_term), False

    def get_readonly_fields(self, request, obj=None):
        readonly = (*super().get_readonly_fields(request, obj), *AUDIT_FIELDS)
        if getattr(obj, "_history", None) is not None and not self.has_change_permission(
            request, obj
        ):
            # A past version shown to a viewer (the library's view does not make the form
            # read-only as the change view does): every field read-only.
            if self.fieldsets:
                names = flatten_fieldsets(self.get_fieldsets(request, obj))
            else:
                names = [
                    f.name
                    for f in self.model._meta.get_fields()
                    if (f.concrete or f.many_to_many) and not f.auto_created
                ]
            readonly = (*readonly, *names)
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:
            audit = list(AUDIT_FIELDS)
            if self._guards_edits(request, obj):
                audit.append(TOKEN)
            return [
                *fieldsets,
                (_("Record history"), {"classes": ["collapse"], "fields": audit}),
            ]
        return fieldsets

    # Edit conflicts (core.edit_conflicts)

    def _guards_edits(self, request, obj):
        return (
            obj is not None
            and hasattr(self.model, "updated_at")
            and self.has_change_permission(request, obj)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._guards_edits(request, obj) and "form" not in kwargs:
            kwargs["form"] = guarded_form(self.form)
        # The past-version page asks without change=True: it is a change all the same.
        return super().get_form(request, obj, change=change or obj is not None, **kwargs)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None:
            for inline in inlines:
                if hasattr(inline.model, "updated_at") and inline.has_change_permission(
                    request, obj
                ):
                    _guard_inline(inline)
        return inlines

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        if hasattr(self.model, "updated_at"):
            return guarded_form(form, changelist=True)
        return form

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "deleted_records_url": self._deleted_records_url()
            if history.is_tracked(self.model)
            else None,
        }
        if request.method == "POST" and self.list_editable:
            # The rows' edit tokens are checked under their row locks: one transaction.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        return super().changelist_view(request, extra_context)

    # Saving: one history version per save, written once the lists and inlines are saved

    def save_model(self, request, obj, form, change):
        if getattr(obj, "_history", None) is not None and isinstance(obj, PublishableModel):
            # Reverting to a past version: the visibility stays a Publisher's decision.
            if not can_publish(request, type(obj)):
                stored = (
                    type(obj)._base_manager.filter(pk=obj.pk).values_list("visibility", flat=True)
                )
                obj.visibility = stored.first() or Visibility.INTERNAL
        _check_visibility_change(request, obj)
        _stamp(obj, request.user)
        if history.is_tracked(type(obj)):
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def _write_pending_version(self, obj, history_type):
        if hasattr(obj, "skip_history_when_saving") and history.is_tracked(type(obj)):
            del obj.skip_history_when_saving
            history.write_version(obj, history_type)

    def log_addition(self, request, obj, message):
        self._write_pending_version(obj, history.CREATED)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._write_pending_version(obj, history.CHANGED)
        return super().log_change(request, obj, message)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            _check_visibility_change(request, instance)
            _stamp(instance, request.user)
            instance._history_user = request.user
            instance.save()
        for instance in formset.deleted_objects:
            _check_deletion(request, instance)
            instance._history_user = request.user
            instance.delete()
        formset.save_m2m()

    # The change history page and the revert page

    def history_view(self, request, object_id, extra_context=None):
        """Every version of the record, newest first, each with who, when and what changed
        (field: before → after). A constant number of queries per page."""
        model = self.model
        if not history.is_tracked(model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        object_id = unquote(object_id)
        versions = (
            model.history.filter(id=object_id)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        obj = self.get_object(request, object_id)
        exists = obj is not None
        if obj is None:
            latest = versions.first()
            if latest is None:
                raise Http404
            obj = latest.instance
        if not self.has_view_or_change_permission(request, obj if exists else None):
            raise PermissionDenied
        paginator = Paginator(versions, self.history_list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        records = list(page.object_list)
        previous = None
        if records and page.has_next():
            previous = versions.filter(history_date__lt=records[-1].history_date).first()
        described = history.describe_versions(model, records, previous)
        may_revert = exists and self.has_change_permission(request, obj)
        opts = model._meta
        for index, version in enumerate(described):
            newest = page.number == 1 and index == 0
            version["revert_url"] = (
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                    args=[obj.pk, version["record"].history_id],
                    current_app=self.admin_site.name,
                )
                if exists and not newest and version["record"].history_type != history.DELETED
                else None
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: {record}").format(record=obj),
            "subtitle": None,
            "object": obj,
            "object_exists": exists,
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(opts.verbose_name_plural),
            "versions": described,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "may_revert": may_revert,
            "deleted_records_url": self._deleted_records_url(),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version in the form; "Revert" saves it (users who may change the record
        only, checked here: the library's view would let anyone who may view it post)."""
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return not self.has_change_permission(request, obj)

    # Deleted records

    def _deleted_records_url(self):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_deleted", current_app=self.admin_site.name
        )

    def get_urls(self):
        opts = self.model._meta
        info = opts.app_label, opts.model_name
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_records_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "deleted/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def deleted_records_view(self, request):
        """The records of this type that were deleted: what, who deleted it, when; with a
        Restore button for users who may add records."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        paginator = Paginator(history.deleted_versions(self.model), self.history_list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        instances = history.with_related(self.model, [v.instance for v in page.object_list])
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted {records}").format(records=opts.verbose_name_plural),
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(opts.verbose_name_plural),
            "page_obj": page,
            "rows": list(zip(page.object_list, map(str, instances), strict=True)),
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "may_restore": self.has_add_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.deleted_records_template, context)

    def restore_view(self, request, version_id):
        """Restore a deleted record (POST), with its lists and the inline rows deleted with
        it; its history is kept and gains a version saying who restored it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        deletion = get_object_or_404(history.deleted_versions(self.model), history_id=version_id)
        try:
            instance = history.restore_deleted(
                deletion, request.user, may_publish=lambda model: can_publish(request, model)
            )
        except (IntegrityError, ValidationError) as error:
            self.message_user(
                request,
                _("The record could not be restored: {reason}").format(
                    reason="; ".join(getattr(error, "messages", [str(error)]))
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._deleted_records_url())
        self.log_change(request, instance, [{"changed": {"fields": []}}])
        self.message_user(
            request,
            _("Restored “{record}” from its change history.").format(record=instance),
            messages.SUCCESS,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[instance.pk],
                current_app=self.admin_site.name,
            )
        )

    def set_field(self, request, queryset, field, value):
        """Set one field on every record of ``queryset`` for a bulk action; return how many.

        Saved one by one (not ``.update()``) so that the audit fields and the admin history
        see every record that changed. The history message is stored untranslated, as
        Django's own are, and translated when shown.
        """
        with translation.override(None):
            label = str(self.model._meta.get_field(field).verbose_name)
        message = [{"changed": {"fields": [label]}}]
        changed = 0
        with transaction.atomic():
            for obj in queryset:
                setattr(obj, field, value)
                obj.updated_by = request.user
                obj._history_user = request.user
                obj.save(update_fields=[field, "updated_by", "updated_at"])
                self.log_change(request, obj, message)
                changed += 1
        return changed


class PublishableAdmin(AuditedAdmin):
    """Admin for a record with a visibility; see the module docstring."""

    actions = ["make_public", "make_internal"]

    def has_publish_permission(self, request):
        return can_publish(request, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return _with_visibility_readonly(request, self.model, readonly)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_public and "visibility" in form.changed_data:
            self._warn_if_not_shown(request, self.model._default_manager.filter(pk=obj.pk))

    def has_delete_permission(self, request, obj=None):
        # Removing a public record changes what the public sees: a Publisher's decision.
        if obj is not None and obj.is_public and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # The record's own visibility, not public(): a public relationship of an internal
        # partner is hidden from the site but still a Publisher's to delete.
        public = queryset.filter(visibility=Visibility.PUBLIC)
        if not self.has_publish_permission(request) and public.exists():
            raise PermissionDenied(_("Only Publishers may delete public records."))
        super().delete_queryset(request, queryset)

    def _set_visibility(self, request, queryset, visibility):
        return self.set_field(
            request, queryset.exclude(visibility=visibility), "visibility", visibility
        )

    @admin.action(description=_("Make the selected records public"), permissions=["publish"])
    def make_public(self, request, queryset):
        changed = self._set_visibility(request, queryset, Visibility.PUBLIC)
        self.message_user(
            request,
            ngettext(
                "%(count)d record is now public.", "%(count)d records are now public.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )
        self._warn_if_not_shown(request, queryset)

    def _warn_if_not_shown(self, request, queryset):
        """A public record can still be hidden from the public site when a record it belongs
        to is internal (a relationship's partner, say); tell the Publisher which ones."""
        hidden = list(queryset.exclude(pk__in=self.model.objects.public().values("pk")))
        if not hidden:
            return
        self.message_user(
            request,
            _(
                "Public, but not shown on the public site while a record they belong to is "
                "internal: {records}."
            ).format(records="; ".join(str(obj) for obj in hidden)),
            messages.WARNING,
        )

    @admin.action(description=_("Make the selected records internal"), permissions=["publish"])
    def make_internal(self, request, queryset):
        changed = self._set_visibility(request, queryset, Visibility.INTERNAL)
        self.message_user(
            request,
            ngettext(
                "%(count)d record is now internal.", "%(count)d records are now internal.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )


class PublishableInlineMixin:
    """For inlines of publishable rows: without the publish permission, visibility is
    read-only and ticking "delete" on a public row is a form error (not a 403 that loses
    everything else typed on the page)."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return _with_visibility_readonly(request, self.model, readonly)

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)
        if can_publish(request, self.model):
            return formset_class

        class KeepPublicRowsFormSet(formset_class):
            def clean(self):
                super().clean()
                if any(form.instance.pk and form.instance.is_public for form in self.deleted_forms):
                    raise ValidationError(_("Only Publishers may delete public records."))

        return KeepPublicRowsFormSet


class _PageLabelsAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete select, reading its selected option's label from
    ``labels`` (shared by every row of a page) instead of a query per row."""

    def __init__(self, field, admin_site, labels, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.labels = labels

    def optgroups(self, name, value, attr=None):
        default = (None, [], 0)
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in selected[:1] if not self.allow_multiple_selected else selected:
            label = self.labels.get(key)
            if label is not None:
                default[1].append(
                    self.create_option(name, key, label, set(selected), len(default[1]))
                )
        return [default]


class _PageLabels(dict):
    """{key: label} of every row of ``queryset``, read (one query) when first asked."""

    def __init__(self, queryset):
        super().__init__()
        self.queryset, self.loaded = queryset, False

    def get(self, key, default=None):
        if not self.loaded:
            self.update((str(obj.pk), str(obj)) for obj in self.queryset)
            self.loaded = True
        return super().get(key, default)


class CachedChoicesInlineMixin:
    """``cached_choice_fields`` (foreign keys to a list of thousands, such as the 3,000
    local units) are autocomplete inputs (type to find), not a select listing every row
    in every inline row and in the empty row; the selected values' labels are read once
    per page (one query), not once per row as the autocomplete widget would."""

    cached_choice_fields = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.cached_choice_fields and "widget" not in kwargs:
            labels = request.__dict__.setdefault("_admin_page_labels", {})
            related = db_field.remote_field.model
            if related not in labels:
                labels[related] = _PageLabels(related._default_manager.all())
            kwargs["widget"] = _PageLabelsAutocompleteSelect(
                db_field, self.admin_site, labels[related], using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LabelledInlineMixin:
    """A tabular inline labels its columns once, in the table header, so its inputs have no
    label of their own: each gets its column's label as ``aria-label`` for screen readers
    (axe-core's "label" rule, WCAG 4.1.2). For any tabular inline, generic ones included."""

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset_class):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    if field.label and not field.widget.is_hidden:
                        field.widget.attrs.setdefault("aria-label", field.label)

        return LabelledFormSet


class LabelledTabularInline(LabelledInlineMixin, admin.TabularInline):
    pass


@admin.register(LocalUnit)
class LocalUnitAdmin(RecordImportExportMixin, AuditedAdmin):
    resource_classes = [LocalUnitResource]
    import_type = "units"
    list_display = ["name", "name_en", "abbreviation", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name__unaccent", "name_en__unaccent", "abbreviation__unaccent"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "abbreviation", "kind", "parent", "is_active"]}),
    ]


@admin.register(Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "code"]
    search_fields = ["name__unaccent", "name_en", "code"]
    ordering = ["name"]
    fieldsets = [(None, {"fields": ["code", "name", "name_en"]})]

    def get_readonly_fields(self, request, obj=None):
        # The code is what links, filters and imports rely on: fixed once the sector exists.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "code") if obj is not None else readonly


# Change-list helpers for national-scale tables ---------------------------------------------
# The admin works out a filter's choices and the date hierarchy's years from the whole table
# on every view: a scan of a million rows. These compute the same once and keep it in the
# cache until any record changes (``core.listcache``).


class ParameterFilter(admin.SimpleListFilter):
    """A filter that a link sets and the sidebar only shows while it applies (the
    dashboard's "in force at the end of the period", "disbursed in the period"): a rule
    that the admin's field lookups cannot spell, given as one parameter instead of the
    list of every record's id (a URL of hundreds of kilobytes at national scale). A value
    that does not parse is the admin's "incorrect lookup" (the list says so)."""

    def parse(self, value):
        """The parameter's value as the filter needs it; raises ValueError."""
        raise NotImplementedError

    def describe(self, parsed):
        """The choice the sidebar shows while the filter applies."""
        raise NotImplementedError

    def apply(self, request, queryset, parsed):
        raise NotImplementedError

    def _parsed(self):
        try:
            return self.parse(self.value())
        except (TypeError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def lookups(self, request, model_admin):
        if self.value() is None:
            return []
        return [(self.value(), self.describe(self._parsed()))]

    def choices(self, changelist):
        yield {
            "selected": False,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": True,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return self.apply(request, queryset, self._parsed())


class DayFilter(ParameterFilter):
    """A ``ParameterFilter`` whose value is one day (``?in_force_on=2025-12-31``)."""

    def parse(self, value):
        return parse_day(value)

    def describe(self, day):
        from django.utils.formats import date_format

        return date_format(day, "SHORT_DATE_FORMAT")


def parse_day(value):
    """An ISO date (``2025-12-31``); raises ValueError."""
    return datetime.date.fromisoformat(value)


def parse_period(value):
    """Two ISO dates joined by ``..`` (``2025-01-01..2025-12-31``), in order."""
    first, last = (parse_day(part) for part in value.split("..", 1))
    if first > last:
        raise ValueError("The period ends before it starts.")
    return first, last


class CachedCountryFilter(CountryFilter):
    """django-countries' filter, offering the countries the rows have, from the cache."""

    def lookup_choices(self, changelist):
        queryset = changelist.model._default_manager.all()
        values = (
            queryset.distinct().order_by(self.field_path).values_list(self.field_path, flat=True)
        )

        def used():
            codes = set()
            for value in values:
                codes.update(code.strip() for code in (value or "").split(",") if code.strip())
            return codes

        codes = cached_for(f"admin-countries:{self.field_path}", values, used)
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


class CachedRelatedOnlyFieldListFilter(admin.RelatedOnlyFieldListFilter):
    """The related rows that some row points to (the admin's own filter), from the cache.

    Rendered as the admin's filter is, but its links are built from one query string
    (the admin encodes the whole query string again for each choice) and written in one
    piece (``choices_html``), not by a template loop: the local units are 3,000 choices.
    """

    template = "admin/core/prerendered_filter.html"
    _MARK = "__choice__"

    def choices(self, changelist):
        choices = list(self._choices(changelist))
        # html.escape is what Django's escape() does, without its per-call overhead.
        self.choices_html = mark_safe(
            "\n".join(
                '<li{}><a href="{}">{}</a></li>'.format(
                    ' class="selected"' if choice["selected"] else "",
                    html.escape(choice["query_string"]),
                    html.escape(str(choice["display"])),
                )
                for choice in choices
            )
        )
        return choices

    def _choices(self, changelist):
        selected = {str(value) for value in self.lookup_val or ()}
        yield {
            "selected": self.lookup_val is None and not self.lookup_val_isnull,
            "query_string": iri_to_uri(
                changelist.get_query_string(remove=[self.lookup_kwarg, self.lookup_kwarg_isnull])
            ),
            "display": _("All"),
        }
        # Parameters are sorted by name, so only the value differs from choice to choice.
        pattern = iri_to_uri(
            changelist.get_query_string({self.lookup_kwarg: self._MARK}, [self.lookup_kwarg_isnull])
        )
        for pk_val, val in self.lookup_choices:
            yield {
                "selected": str(pk_val) in selected,
                "query_string": pattern.replace(self._MARK, quote(str(pk_val))),
                "display": val,
            }
        if self.include_empty_choice:
            yield {
                "selected": bool(self.lookup_val_isnull),
                "query_string": iri_to_uri(
                    changelist.get_query_string(
                        {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                    )
                ),
                "display": self.empty_value_display,
            }

    def field_choices(self, field, request, model_admin):
        used = (
            model_admin.get_queryset(request)
            .order_by()
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        ordering = self.field_admin_ordering(field, request, model_admin)
        # The (pk, name) pairs themselves, per language: one query on a miss, as before.
        return cached_for(
            f"admin-related:{self.field_path}:{translation.get_language()}",
            used,
            lambda: list(
                field.get_choices(
                    include_blank=False, limit_choices_to={"pk__in": used}, ordering=ordering
                )
            ),
        )


class _CachedDatesMixin:
    def dates(self, field_name, kind, order="ASC"):
        compute = super().dates
        return cached_for(
            f"dates:{field_name}:{kind}:{order}",
            self,
            lambda: list(compute(field_name, kind, order)),
        )

    def aggregate(self, *args, **kwargs):
        # The date hierarchy's first and last dates, a change list's totals line: figures
        # over every listed row (a scan of the filtered list), as fixed as the rows.
        compute = super().aggregate
        spec = hashlib.sha256(repr((args, sorted(kwargs.items()))).encode()).hexdigest()[:16]
        return cached_for(
            f"aggregate:{spec}",
            self,
            lambda: compute(*args, **kwargs),
        )


_cached_dates_classes = {}


class CachedDatesChangeList(ChangeList):
    """A change list whose date hierarchy reads its years (months, days) and its first and
    last dates from the cache, as do its other aggregates (a totals line): the admin's
    ``date_hierarchy`` asks the whole (filtered) list for them on every view."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each row's link carries the list's filters back (?_changelist_filters=…). The
        # admin adds them per row with add_preserved_filters(), which resolves the row's
        # URL against every URL of the site to find out it is not the change list: 100
        # resolutions per filtered page. The same link, written here once per row.
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_link_filters}" if self.row_link_filters else url

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        base = queryset.__class__
        if base not in _cached_dates_classes:
            _cached_dates_classes[base] = type(
                f"CachedDates{base.__name__}", (_CachedDatesMixin, base), {}
            )
        queryset.__class__ = _cached_dates_classes[base]
        return queryset


class _AnyOf(models.Lookup):
    """``lhs = ANY(%s)`` with the list as one array parameter on PostgreSQL: one parameter
    however many keys (an IN list of 30,000 is 30,000 parameters to bind and parse)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, keys)
        # Elsewhere (SQLite: tests, the demo) a plain IN list.
        placeholders = ", ".join(["%s"] * len(keys))
        return f"{lhs} IN ({placeholders})", (*lhs_params, *keys)


# A word matching more rows than this is filtered by its subquery, not by a list of keys.
SEARCH_KEYS_UP_TO = 100_000


def _word_matches(model, search_fields, word):
    """The keys of ``model``'s rows where one of ``search_fields`` contains ``word``: a
    UNION of one query per field, each served by that field's trigram index. A field
    reached through a many-to-many (``partners__name``) is looked up in the link table
    directly (no join back to the large table), its fields ORed in one branch."""
    branches, through_lookups = [], {}
    for field_path in search_fields:
        first, _sep, rest = field_path.partition("__")
        field = model._meta.get_field(first)
        if rest and field.many_to_many and not field.auto_created:
            through_lookups.setdefault(field, []).append(rest)
            continue
        branches.append(
            model._default_manager.filter(**{f"{field_path}__icontains": word})
            .order_by()
            .values_list("pk", flat=True)
        )
    for field, lookups in through_lookups.items():
        through = field.remote_field.through
        target = field.m2m_reverse_field_name()
        condition = models.Q()
        for rest in lookups:
            condition |= models.Q(**{f"{target}__{rest}__icontains": word})
        branches.append(
            through._default_manager.filter(condition)
            .order_by()
            .values_list(field.m2m_column_name(), flat=True)
        )
    return branches[0].union(*branches[1:]) if len(branches) > 1 else branches[0]


def indexed_search(queryset, search_fields, search_term):
    """The admin's search (every word must match one of ``search_fields``, accents and case
    ignored where the field says ``__unaccent``), written so PostgreSQL can use an index
    per field: per word, the UNION of one query per field (``_word_matches``), where the
    admin would OR the fields (joins included) in one WHERE, which only a full scan can
    answer.

    The matching keys are kept in the cache until a record changes (``core.listcache``):
    a common word ("kapos" is in 37,000 delegations) costs its UNION once, then each page,
    its count and its dates filter by the list of keys (``pk = ANY(…)``), which the planner
    answers by walking the list's ordering index. Above ``SEARCH_KEYS_UP_TO`` keys the
    list filters by the UNION itself, as a subquery."""
    model = queryset.model
    for word in smart_split(search_term):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if not word:
            continue
        matches = _word_matches(model, search_fields, word)
        keys = cached_for(
            "admin-search", matches, lambda matches=matches: list(matches[: SEARCH_KEYS_UP_TO + 1])
        )
        if len(keys) > SEARCH_KEYS_UP_TO:
            queryset = queryset.filter(pk__in=matches)
        else:
            queryset = queryset.filter(_AnyOf(models.F("pk"), keys))
    return queryset
