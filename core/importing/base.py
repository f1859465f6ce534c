"""``BaseRecordResource``: what every record type's import and export share (see the
package docstring)."""

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields import NOT_PROVIDED
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries.fields import CountryField
from import_export import resources, widgets
from import_export.fields import Field

from .. import history
from ..csv_export import safe_cell
from ..db import CaseFold
from ..models import PublishableModel, Visibility
from .results import ImportHeaderError, ImportResult, RowError
from .widgets import (
    LANGUAGES,
    ChoiceWidget,
    CountryWidget,
    IdWidget,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    StrictDateWidget,
    StrictDecimalWidget,
    StrictIntegerWidget,
    TextWidget,
    YesNoWidget,
    _flatten_messages,
    cell_text,
    is_blank,
    lookup_for,
    norm,
)

# --- The base resource ----------------------------------------------------------------

AUDIT_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")


def constraint_column(constraint):
    """The field a failed constraint is reported on: the left side of a comparison with
    another field (``end_date >= start_date``: end_date), else the first field checked for
    a value, else the first field named."""
    if isinstance(constraint, models.UniqueConstraint):
        if constraint.fields:
            return constraint.fields[0]
        for expression in constraint.expressions:
            names = _referenced(expression)
            if names:
                return names[0]
        return None
    condition = getattr(constraint, "condition", None)
    if condition is None:
        return None
    leaves = list(_leaves(condition))
    for lookup, value in leaves:
        if _referenced(value):
            return lookup.split("__")[0]
    for lookup, _value in leaves:
        if not lookup.endswith(("__in", "__isnull")):
            return lookup.split("__")[0]
    return leaves[0][0].split("__")[0] if leaves else None


def _leaves(q):
    for child in q.children:
        if isinstance(child, Q):
            yield from _leaves(child)
        else:
            yield child


def _referenced(expression):
    if isinstance(expression, models.F):
        return [expression.name]
    names = []
    for source in getattr(expression, "get_source_expressions", lambda: [])():
        names.extend(_referenced(source))
    return names


def is_choices_constraint(model, constraint):
    """Whether ``constraint`` only keeps a field within its choices (``choices_constraint``),
    which ``full_clean`` already checks without a query."""
    condition = getattr(constraint, "condition", None)
    if condition is None or condition.negated or len(condition.children) != 1:
        return False
    child = condition.children[0]
    if isinstance(child, Q) or not child[0].endswith("__in"):
        return False
    try:
        field = model._meta.get_field(child[0].removesuffix("__in"))
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return bool(field.choices) and set(child[1]) <= {value for value, _label in field.flatchoices}


class BaseRecordResource(resources.ModelResource):
    """The base of every record type's resource; see the module docstring.

    Options (class attributes):

    - ``natural_key``: resource field names that identify an existing record when the ID
      column is empty (text compared without regard to case).
    - ``required_columns``: field names the header must have (default: the model fields
      that are required and have no default).
    - ``template_example``: field name -> example value for the template's example row.
    - ``constraint_columns``: constraint name -> field, where ``constraint_column`` picks
      the wrong one.
    - ``partner_country_field``: the field whose country a created partner gets.
    """

    natural_key = ()
    required_columns = None
    template_example = {}
    constraint_columns = {}
    partner_country_field = None

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,
        "TextField": TextWidget,
        "SlugField": TextWidget,
        "EmailField": TextWidget,
        "URLField": TextWidget,
        "DecimalField": StrictDecimalWidget,
        "DateField": StrictDateWidget,
        "IntegerField": StrictIntegerWidget,
        "PositiveIntegerField": StrictIntegerWidget,
        "PositiveSmallIntegerField": StrictIntegerWidget,
        "SmallIntegerField": StrictIntegerWidget,
        "BigIntegerField": StrictIntegerWidget,
        "BooleanField": YesNoWidget,
        "AutoField": IdWidget,
        "BigAutoField": IdWidget,
    }

    class Meta:
        exclude = AUDIT_FIELDS
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        import_id_fields = ["id"]

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """Our widgets for choices, countries and relations; the rest as the library's."""
        if isinstance(django_field, CountryField):
            widget = CountryWidget(multiple=django_field.multiple)
        elif isinstance(django_field, models.ForeignKey):
            widget = NamedForeignKeyWidget(
                django_field.related_model, **lookup_for(django_field.related_model)
            )
        elif isinstance(django_field, models.ManyToManyField):
            widget = NamedManyToManyWidget(
                django_field.related_model, **lookup_for(django_field.related_model)
            )
        elif django_field.choices and not isinstance(django_field, models.BooleanField):
            widget = ChoiceWidget(django_field.choices)
        else:
            return super().field_from_django_field(field_name, django_field, readonly)
        return Field(
            attribute=field_name,
            column_name=field_name,
            widget=widget,
            readonly=readonly,
            default=django_field.default,
        )

    def __init__(self, *, user=None, create_missing_partners=False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.create_missing_partners = create_missing_partners
        self.notes = []
        self._row_numbers = []
        self._current_row = None
        self._aliases = {}
        headers = {}
        for name, field in self.fields.items():
            field.column_name = self.header_for(name)
            if field.column_name in headers:
                raise ImproperlyConfigured(
                    f"{type(self).__name__}: '{name}' and '{headers[field.column_name]}' "
                    f"share the column header '{field.column_name}'."
                )
            headers[field.column_name] = name
            for alias in self.header_aliases(name):
                self._aliases.setdefault(norm(alias), field.column_name)
            widget = field.widget
            if getattr(widget, "create", None) is not None:
                widget.allow_create = create_missing_partners
            if hasattr(widget, "resource"):
                widget.resource = self

    # Headers

    def model_field(self, name):
        opts = self._meta.model._meta
        field = self.fields[name]
        for candidate in (name, (field.attribute or "").split("__")[0].removesuffix("_id")):
            try:
                return opts.get_field(candidate)
            except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
                continue
        return None

    def header_for(self, name):
        """The column header of field ``name`` in the active language."""
        if name == "id":
            return "ID"
        declared = type(self).fields[name].column_name
        if declared and str(declared) != name:
            return capfirst(str(declared))
        model_field = self.model_field(name)
        if model_field is not None and hasattr(model_field, "verbose_name"):
            return capfirst(str(model_field.verbose_name))
        return name

    def header_aliases(self, name):
        """Every header under which the column is recognised: both languages, the name."""
        aliases = [name, self.header_for(name)]
        for language in LANGUAGES:
            with translation.override(language):
                aliases.append(self.header_for(name))
        return aliases

    def column_of(self, key):
        """The column header for an error key (a field name, an attribute, a header)."""
        if key in (None, NON_FIELD_ERRORS):
            return None
        for name, field in self.fields.items():
            attribute = (field.attribute or "").split("__")[0]
            if key in (name, attribute, attribute.removesuffix("_id"), field.column_name):
                return field.column_name
        return None

    def import_field_names(self):
        """The names of the columns an import reads, in their order."""
        names = {id(field): name for name, field in self.fields.items()}
        return [names[id(field)] for field in self.get_import_fields() if not field.readonly]

    def required_field_names(self):
        if self.required_columns is not None:
            return list(self.required_columns)
        names = []
        for name in self.import_field_names():
            model_field = self.model_field(name)
            if name == "id" or model_field is None or model_field.many_to_many:
                continue
            if not model_field.blank and model_field.default is NOT_PROVIDED:
                names.append(name)
        return names

    def check_headers(self, headers):
        """Map the file's headers to ours (either language, accents and case ignored);
        ``ImportHeaderError`` naming what is missing or repeated. Returns the new headers
        and the notes about ignored columns."""
        mapped, seen, ignored = [], set(), []
        for header in headers:
            text = cell_text(header)
            column = self._aliases.get(norm(text))
            if column is None:
                if text:
                    ignored.append(text)
                mapped.append(text)
                continue
            if column in seen:
                raise ImportHeaderError(
                    _("The column “{column}” appears twice in the header row.").format(
                        column=column
                    )
                )
            seen.add(column)
            mapped.append(column)
        missing = [
            self.fields[name].column_name
            for name in self.required_field_names()
            if self.fields[name].column_name not in seen
        ]
        if missing:
            model = self._meta.model._meta.verbose_name_plural
            if not seen:
                message = _(
                    "This sheet does not look like a list of {records}: none of its columns "
                    "is one of ours. The first row must hold the column headers: {expected}."
                )
            else:
                message = _(
                    "This sheet does not look like a list of {records}: the header row lacks "
                    "the columns {missing}. The first row must hold the column headers: "
                    "{expected}."
                )
            raise ImportHeaderError(
                message.format(
                    records=model,
                    missing=", ".join(f"“{column}”" for column in missing),
                    expected=", ".join(
                        self.fields[name].column_name for name in self.import_field_names()
                    ),
                )
            )
        return mapped, ignored

    # Notes (things done that the user should know, not errors)

    def add_note(self, message):
        row = self._current_row
        self.notes.append(RowError(row if row is not None else 1, None, str(message)))

    def spreadsheet_row(self, row_number):
        """The spreadsheet row (header = 1) of the dataset's ``row_number`` (1-based)."""
        if row_number is None:
            return None
        if 0 < row_number <= len(self._row_numbers):
            return self._row_numbers[row_number - 1]
        return row_number + 1

    # Import

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Check the headers and drop blank rows first; never keep part of a file: one
        invalid row rolls the whole import back."""
        if kwargs.get("user") is not None and self.user is None:
            self.user = kwargs["user"]
        self.notes = []
        try:
            headers, ignored = self.check_headers(dataset.headers or [])
        except ImportHeaderError as error:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.diff_headers = self.get_diff_headers()
            result.append_base_error(self.get_error_result_class()(error, number=1))
            return self.annotate_result(result)
        kept, self._row_numbers = [], []
        for index, row in enumerate(dataset, start=2):
            if all(is_blank(cell) for cell in row):
                continue
            kept.append(row)
            self._row_numbers.append(index)
        cleaned = tablib.Dataset(*kept, headers=headers)
        for column in ignored:
            self.notes.append(
                RowError(1, column, _("This column is not one of ours and was ignored."))
            )
        with history.history_user(self.user):
            result = super().import_data(
                cleaned,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=use_transactions,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=True,
                **kwargs,
            )
        for row in [*result.invalid_rows, *result.error_rows]:
            row.number = self.spreadsheet_row(row.number)
        return self.annotate_result(result)

    def annotate_result(self, result):
        """Keep on the result what a report needs: the notes, the columns' order."""
        result.notes = list(self.notes)
        result.column_order = [field.column_name for field in self.fields.values()]
        return result

    @classmethod
    def get_result_class(cls):
        return ImportResult

    def import_row(self, row, instance_loader, **kwargs):
        self._current_row = self.spreadsheet_row(kwargs.get("row_number"))
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        """The record the row updates: by ID if given (an unknown ID is an error), else by
        the natural key, else None (a new record)."""
        id_field = self.fields.get("id")
        if id_field is not None and id_field.column_name in row:
            try:
                pk = id_field.clean(row)
            except ValueError as error:
                raise ValidationError({id_field.column_name: [str(error)]}) from None
            if pk is not None:
                instance = self.get_queryset().filter(pk=pk).first()
                if instance is None:
                    raise ValidationError(
                        {
                            id_field.column_name: [
                                _(
                                    "There is no {model} with ID {id}. Leave the ID empty "
                                    "to add a new one."
                                ).format(model=self._meta.model._meta.verbose_name, id=pk)
                            ]
                        }
                    )
                return instance
        return self.find_by_natural_key(row)

    def find_by_natural_key(self, row):
        if not self.natural_key:
            return None
        query = {}
        queryset = self.get_queryset()
        for name in self.natural_key:
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None
            model_field = self.model_field(name)
            if value is None:
                query[f"{model_field.name}__isnull"] = True
                continue
            if isinstance(model_field, (models.CharField, models.TextField)) and not (
                isinstance(model_field, CountryField) or model_field.choices
            ):
                alias = f"_natural_{name}"
                queryset = queryset.annotate(**{alias: CaseFold(model_field.name)})
                query[alias] = str(value).lower()
            else:
                query[model_field.name] = value
        matches = list(queryset.filter(**query)[:2])
        return matches[0] if len(matches) == 1 else None

    def import_instance(self, instance, row, **kwargs):
        """Set every field from the row, collecting each bad cell as an error on its column
        (the many-to-many ones too, kept for ``save_m2m``); then the visibility rule."""
        stored_visibility = getattr(instance, "visibility", None)
        errors = {}
        instance._import_m2m = {}
        for field in self.get_import_fields():
            if not field.attribute or field.readonly or field.column_name not in row:
                continue
            if field.attribute == "id":
                continue  # the ID only finds the record (get_instance)
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    instance._import_m2m[field.attribute] = field.clean(row)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except (ValueError, ArithmeticError, TypeError) as error:
                errors[field.attribute] = ValidationError(force_str(error), code="invalid")
        self.enforce_visibility(instance, stored_visibility)
        if errors:
            raise ValidationError(errors)

    def may_publish(self):
        user = self.user
        model = self._meta.model
        return bool(
            user is not None
            and issubclass(model, PublishableModel)
            and user.has_perm(model.publish_permission())
        )

    def enforce_visibility(self, instance, stored):
        """Only a Publisher decides what is public: for anyone else a new record is
        internal and an existing one keeps its visibility, whatever the file says."""
        if not isinstance(instance, PublishableModel) or self.may_publish():
            return
        keep = Visibility.INTERNAL if instance._state.adding else stored
        if instance.visibility != keep:
            instance.visibility = keep
            column = self.column_of("visibility")
            self.notes.append(
                RowError(
                    self._current_row or 1,
                    column,
                    _(
                        "Only Publishers may change the visibility of a record: kept as "
                        "“{visibility}”."
                    ).format(visibility=Visibility(keep).label),
                )
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not self._meta.skip_unchanged:
            return False
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.attribute not in getattr(instance, "_import_m2m", {}):
                    continue
                wanted = {obj.pk for obj in instance._import_m2m[field.attribute]}
                current = (
                    set()
                    if original.pk is None
                    else {obj.pk for obj in field.get_value(original).all()}
                )
                if wanted != current:
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` and then each constraint on its own, so that every message lands
        on a column (Django puts a failed check constraint on no field). The errors are
        keyed by column header."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        try:
            instance.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude |= set(errors)
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if is_choices_constraint(model_class, constraint):
                    continue  # full_clean checked the choices: no query for it
                try:
                    constraint.validate(model_class, instance, exclude=exclude)
                except ValidationError as error:
                    key = self.constraint_columns.get(constraint.name) or constraint_column(
                        constraint
                    )
                    errors.setdefault(key or NON_FIELD_ERRORS, []).extend(error.messages)
        if errors:
            by_column = {}
            for key, messages in errors.items():
                column = self.column_of(key)
                by_column.setdefault(column or NON_FIELD_ERRORS, []).extend(
                    _flatten_messages(messages)
                )
            raise ValidationError(by_column)

    def before_save_instance(self, instance, row, **kwargs):
        user = self.user
        if user is not None and user.pk and hasattr(instance, "updated_by_id"):
            if instance._state.adding and instance.created_by_id is None:
                instance.created_by = user
            instance.updated_by = user
        if history.is_tracked(type(instance)):
            # One version per imported row, written by save_m2m once the lists are set,
            # naming the importing user.
            if user is not None and user.pk:
                instance._history_user = user
            instance._history_adding = instance._state.adding
            instance.skip_history_when_saving = True

    def save_m2m(self, instance, row, **kwargs):
        for attribute, objects in getattr(instance, "_import_m2m", {}).items():
            getattr(instance, attribute).set(objects)
        if hasattr(instance, "skip_history_when_saving"):
            del instance.skip_history_when_saving
            adding = getattr(instance, "_history_adding", False)
            history.write_version(instance, history.CREATED if adding else history.CHANGED)

    # Export

    def export_field(self, field, instance, **kwargs):
        """Every text cell is defused: one a spreadsheet would run as a formula gets an
        apostrophe in front (read back without it on import)."""
        value = super().export_field(field, instance, **kwargs)
        return safe_cell(value) if isinstance(value, str) else value

    def get_export_headers(self, selected_fields=None):
        return [safe_cell(header) for header in super().get_export_headers(selected_fields)]

    @classmethod
    def get_display_name(cls):
        return str(cls._meta.model._meta.verbose_name_plural)
