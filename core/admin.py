"""Admin building blocks every record admin reuses, and the admin for local units and
sectors.

``AuditedAdmin`` fills created/updated by; ``PublishableAdmin`` makes ``visibility`` read-only
for anyone without the model's publish permission, refuses a crafted request that tries
anyway, and offers "make public" / "make internal" bulk actions to Publishers only.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models, router, transaction
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

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


class AuditedAdmin(admin.ModelAdmin):
    """Shows the audit fields read-only and fills them from the logged-in user."""

    # Without it Django 5.x warns on every form with a URL field (RemovedInDjango60Warning),
    # and a bare "example.org" would be saved as http://; 6.0 makes https the default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_changelist(self, request, **kwargs):
        # The date hierarchy's years come from the cache (see CachedDatesChangeList).
        return CachedDatesChangeList

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
        return (*super().get_readonly_fields(request, obj), *AUDIT_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:
            return [
                *fieldsets,
                (_("Record history"), {"classes": ["collapse"], "fields": AUDIT_FIELDS}),
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        _check_visibility_change(request, obj)
        _stamp(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            _check_visibility_change(request, instance)
            _stamp(instance, request.user)
            instance.save()
        for instance in formset.deleted_objects:
            _check_deletion(request, instance)
            instance.delete()
        formset.save_m2m()

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


class CachedChoicesInlineMixin:
    """Render the choices of ``cached_choice_fields`` once per page, not once per inline row:
    a plain select per row would otherwise cost a query each (and an autocomplete widget
    one per row for its selected value). For short reference lists such as local units."""

    cached_choice_fields = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.cached_choice_fields and formfield is not None:
            cache = request.__dict__.setdefault("_admin_choices_cache", {})
            key = (self.model._meta.label, db_field.name)
            if key not in cache:
                cache[key] = list(formfield.choices)
            formfield.choices = cache[key]
        return formfield


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


class EstimatedCountPaginator(Paginator):
    """A paginator that does not count a large table on every page view.

    The admin counts the rows behind each change list. Filtered, that count uses the
    filter's index; unfiltered, it reads the whole table. On PostgreSQL, an unfiltered list
    of a table the planner estimates at more than ``LARGE`` rows uses that estimate instead,
    as the page links only need its order of magnitude. SQLite has no estimate and counts.
    """

    LARGE = 100_000

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where:
            estimate = self.estimate(self.object_list.model)
            if estimate is not None and estimate > self.LARGE:
                return estimate
        return super().count

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


# Change-list helpers for national-scale tables ---------------------------------------------
# The admin works out a filter's choices and the date hierarchy's years from the whole table
# on every view: a scan of a million rows. These compute the same once and keep it in the
# cache until any record changes (``core.listcache``).


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
    """The related rows that some row points to (the admin's own filter), from the cache."""

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


_cached_dates_classes = {}


class CachedDatesChangeList(ChangeList):
    """A change list whose date hierarchy reads its years (months, days) from the cache:
    the admin's ``date_hierarchy`` asks the whole table for its distinct years."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        base = queryset.__class__
        if base not in _cached_dates_classes:
            _cached_dates_classes[base] = type(
                f"CachedDates{base.__name__}", (_CachedDatesMixin, base), {}
            )
        queryset.__class__ = _cached_dates_classes[base]
        return queryset


def indexed_search(queryset, search_fields, search_term):
    """The admin's search (every word must match one of ``search_fields``, accents and case
    ignored where the field says ``__unaccent``), written so PostgreSQL can use an index
    per field: per word, ``pk IN (… UNION …)`` of one query per field, where the admin
    would OR the fields (joins included) in one WHERE, which only a full scan can answer."""
    model = queryset.model
    for word in smart_split(search_term):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if not word:
            continue
        matches = [
            model._default_manager.filter(**{f"{field}__icontains": word}).order_by().values("pk")
            for field in search_fields
        ]
        union = matches[0].union(*matches[1:]) if len(matches) > 1 else matches[0]
        queryset = queryset.filter(pk__in=union)
    return queryset
