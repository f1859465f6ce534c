"""Shared building blocks (audit fields, visibility) and the city's own reference data:
local units and sectors."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .db import CaseFold
from .history import RecordHistory


def choices_constraint(field, choices, name):
    """A CheckConstraint that keeps ``field`` inside ``choices`` at the database level."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=name,
        violation_error_message=_("Choose one of the listed values."),
    )


def not_blank_constraint(field, name, message):
    """A CheckConstraint for a required text field: the database refuses an empty string."""
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=message
    )


def localized(vietnamese, english):
    """Pick the English text in English when there is one, else the Vietnamese."""
    if english and (get_language() or "").startswith("en"):
        return english
    return vietnamese


def check_no_parent_loop(instance, message):
    """Refuse a parent that would make a loop (A under B under A).

    The database stops a row being its own parent (a check constraint); a longer loop needs
    a walk up the tree, one query per level, so it is checked here, in ``clean()``, which
    the admin and every form run. A database trigger could not do it on SQLite (no
    recursive queries in triggers), so this one rule lives in Python only.
    """
    ancestor, seen = instance.parent, set()
    while ancestor is not None and instance.pk is not None:
        if ancestor.pk == instance.pk or ancestor.pk in seen:
            raise ValidationError({"parent": message})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class AuditedModel(models.Model):
    """Who created and last changed a row, and when. The admin fills the ``*_by`` fields."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    # The date by which a record counts in a period (its start, signing or commitment).
    period_field = None

    def public(self):
        """Rows the public may see. Every public page starts here."""
        return self.filter(visibility=Visibility.PUBLIC)

    def in_period(self, start=None, end=None):
        """Records whose ``period_field`` falls within ``start``–``end``, both days included
        (``None``: unbounded)."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(**{f"{self.period_field}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{self.period_field}__lte": end})
        return queryset


class PublishableModel(AuditedModel):
    """A record with a visibility: internal (the default) or public.

    Only users holding the model's ``publish_<model>`` permission may change it; each
    concrete model declares that permission in its ``Meta.permissions`` (a test checks).
    """

    visibility = models.CharField(
        _("visibility"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text=_("Only public records appear on the public pages. Publishers decide."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            choices_constraint(
                "visibility", Visibility, "%(app_label)s_%(class)s_visibility_valid"
            ),
        ]

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    @classmethod
    def publish_permission(cls):
        """The permission name that allows changing this model's visibility."""
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"


class LocalUnitKind(models.TextChoices):
    LEADERSHIP = "leadership", _("City leadership")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    AGENCY = "agency", _("Agency")
    UNIVERSITY = "university", _("University or institute")
    ENTERPRISE = "enterprise", _("State enterprise")


class LocalUnit(AuditedModel):
    """One of the city's own organisations that hosts, signs or implements: the People's
    Committee, a department, a district, an agency, a university, a state enterprise."""

    Kind = LocalUnitKind

    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Units that were merged or dissolved stay for history."),
    )

    history = RecordHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("local unit")
        verbose_name_plural = _("local units")
        indexes = [
            models.Index(fields=["name"], name="core_localunit_name_idx"),
            models.Index(fields=["kind", "name"], name="core_localunit_kind_name_idx"),
        ]
        constraints = [
            choices_constraint("kind", LocalUnitKind, "core_localunit_kind_valid"),
            not_blank_constraint(
                "name", "core_localunit_name_not_blank", _("Enter the unit's name.")
            ),
            models.UniqueConstraint(
                CaseFold("name"),
                name="core_localunit_name_unique",
                violation_error_message=_("A local unit with this name already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="core_localunit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localized(self.name, self.name_en)

    def clean(self):
        super().clean()
        check_no_parent_loop(self, _("This parent would make a loop of units."))


class Sector(AuditedModel):
    """A field of cooperation (agriculture, tourism, health…). One list shared by every
    record; the ``code`` is stable so that imports and reports can rely on it."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short, stable identifier in lowercase, e.g. 'climate-change'."),
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    history = RecordHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        indexes = [models.Index(fields=["name"], name="core_sector_name_idx")]
        constraints = [
            not_blank_constraint("code", "core_sector_code_not_blank", _("Enter a code.")),
            models.CheckConstraint(
                condition=Q(code=Lower("code")),
                name="core_sector_code_lowercase",
                violation_error_message=_("The code must be in lowercase."),
            ),
            not_blank_constraint(
                "name", "core_sector_name_not_blank", _("Enter the Vietnamese name.")
            ),
            not_blank_constraint(
                "name_en", "core_sector_name_en_not_blank", _("Enter the English name.")
            ),
            models.UniqueConstraint(
                CaseFold("name"),
                name="core_sector_name_unique",
                violation_error_message=_("A sector with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localized(self.name, self.name_en)
