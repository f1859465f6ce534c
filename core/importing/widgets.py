"""The widgets of every import: a spreadsheet cell to a value, or an error saying why not.

Each raises ``ValueError`` with a translated message naming what it expects; the resource
(``core.importing.base``) reports it on the cell's row and column. Nothing is guessed: an
ambiguous number, a date in another order, a name that matches several records are errors.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.fields import Country
from import_export import widgets

from ..csv_export import FORMULA_STARTS
from ..db import CaseFold, strip_diacritics
from ..models import Visibility

LANGUAGES = ("vi", "en")


# --- Cells -----------------------------------------------------------------------------


def norm(text):
    """Text for matching: no accents, case-folded, spaces collapsed ('Sở  Y tế' -> 'so y te')."""
    if text is None:
        return ""
    text = str(text).replace("\ufeff", "").replace("\u00a0", " ")
    return " ".join(strip_diacritics(text).casefold().split())


def unescape_cell(value):
    """Undo the export's formula escape: "'=SUM(A1)" -> "=SUM(A1)". Anything else unchanged."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'":
        if value[1:].startswith(FORMULA_STARTS):
            return value[1:]
    return value


def cell_text(value):
    """A cell as stripped text: Excel's 12.0 for a typed 12 becomes '12'; None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(unescape_cell(value)).strip()


def is_blank(value):
    return cell_text(value) == ""


# --- Widgets ---------------------------------------------------------------------------


class TextWidget(widgets.CharWidget):
    """Text: stripped, a number typed in Excel read as its digits ("12", not "12.0")."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "" and not self.allow_blank:
            return None
        return text


DATE_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def date_forms_hint():
    return _("Write dates as dd/mm/yyyy (31/12/2024) or yyyy-mm-dd (2024-12-31).")


class StrictDateWidget(widgets.DateWidget):
    """A date: dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd or an Excel date cell; anything else is an
    error naming those forms (never a guess between day-first and month-first). Exported as
    dd/mm/yyyy (or a date cell in XLSX)."""

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            return None
        if isinstance(value, (int, float, Decimal)):
            raise ValueError(
                _("“{value}” is not a date. {hint}").format(value=text, hint=date_forms_hint())
            )
        match = DATE_DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = DATE_ISO.match(text)
            if not match:
                raise ValueError(
                    _("“{value}” is not a date. {hint}").format(value=text, hint=date_forms_hint())
                )
            year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(
                _("“{value}” is not a date that exists. {hint}").format(
                    value=text, hint=date_forms_hint()
                )
            ) from None

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""


SPACES = "\u0020\u00a0\u202f\u2009"
SPACE_GROUPED = re.compile(rf"^\d{{1,3}}([{SPACES}]\d{{3}})+([.,]\d+)?$")


def parse_number(text):
    """Read a number written with either decimal convention; ``ValueError`` if it cannot be
    read or could be read two ways.

    Accepted: 1234.5, 1234,5, 1.234,5, 1,234.5, 1 234,5, 1.234.567, 1,234,567, -12.5.
    Refused as ambiguous: one separator followed by exactly three digits after one to three
    digits (1.234, 12,500): a thousands separator or a decimal point? 0.125 and 12345.678
    are not ambiguous (no thousands grouping looks like that).
    """
    original = text
    text = text.strip()
    sign = ""
    if text[:1] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:].strip()
    if any(space in text for space in SPACES):
        if not SPACE_GROUPED.match(text):
            raise ValueError(not_a_number(original))
        for space in SPACES:
            text = text.replace(space, "")
    if not text or not re.fullmatch(r"[\d.,]+", text):
        raise ValueError(not_a_number(original))
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _sep, fraction = text.rpartition(decimal_sep)
        if text.count(decimal_sep) != 1 or not re.fullmatch(
            rf"\d{{1,3}}(\{group_sep}\d{{3}})*", whole
        ):
            raise ValueError(not_a_number(original))
        if not fraction.isdigit():
            raise ValueError(not_a_number(original))
        number = whole.replace(group_sep, "") + "." + fraction
    elif dots + commas > 1:
        sep = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", text):
            raise ValueError(not_a_number(original))
        number = text.replace(sep, "")
    elif dots + commas == 1:
        sep = "." if dots else ","
        whole, _sep, fraction = text.partition(sep)
        if not fraction.isdigit() or (whole and not whole.isdigit()):
            raise ValueError(not_a_number(original))
        if len(fraction) == 3 and 1 <= len(whole) <= 3 and whole != "0":
            raise ValueError(
                _(
                    "“{value}” is ambiguous: write {whole} or {grouped} for the whole number, "
                    "or {decimal} for the decimal fraction."
                ).format(
                    value=original.strip(),
                    whole=sign + whole + fraction,
                    grouped=f"{sign}{whole},{fraction}.00",
                    decimal=f"{sign}{whole}.{fraction}0",
                )
            )
        number = (whole or "0") + "." + fraction
    else:
        number = text
    try:
        return Decimal(sign + number)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise ValueError(not_a_number(original)) from None


def not_a_number(value):
    return _("“{value}” is not a number. Write it as 1234.5 or 1234,5.").format(
        value=str(value).strip()
    )


def format_plain_number(value):
    """A Decimal as plain text that reads back the same and is never ambiguous: no
    thousands separator, '.' for decimals, trailing zeros dropped (but '1.2340', not the
    ambiguous '1.234')."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _sep, fraction = text.lstrip("-").partition(".")
    if len(fraction) == 3 and 1 <= len(whole) <= 3 and whole != "0":
        text += "0"
    return text


class StrictDecimalWidget(widgets.DecimalWidget):
    """A number in either decimal convention, or an Excel number cell; see ``parse_number``.
    Exported as plain text (CSV) or a number cell (XLSX)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(not_a_number(value))
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            # repr() is the shortest text that reads back as this float: 0.1, not 0.1000…01.
            return Decimal(repr(value))
        text = cell_text(value)
        if not text:
            return None
        return parse_number(text)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return format_plain_number(value) if isinstance(value, (Decimal, int, float)) else ""


class StrictIntegerWidget(widgets.IntegerWidget):
    """A whole number (separators as ``StrictDecimalWidget``); 12.5 is an error."""

    def clean(self, value, row=None, **kwargs):
        number = StrictDecimalWidget().clean(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("“{value}” is not a whole number.").format(value=cell_text(value)))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(value)


class IdWidget(StrictIntegerWidget):
    """The ID column: empty for a new record, else the number of the record to update."""


class YesNoWidget(widgets.BooleanWidget):
    """Yes/no in either language: yes, no, có, không, true, false, x, 1, 0."""

    TRUE_WORDS = {"1", "yes", "y", "true", "x", "co", "dung", "có"}
    FALSE_WORDS = {"0", "no", "n", "false", "khong", "sai"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = norm(cell_text(value))
        if not text:
            return None
        if text in self.TRUE_WORDS:
            return True
        if text in self.FALSE_WORDS:
            return False
        raise ValueError(
            _("“{value}” is not yes or no. Write {yes} or {no}.").format(
                value=cell_text(value), yes=_("Yes"), no=_("No")
            )
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("Yes") if value else _("No")


def _labels_in(language, label):
    with translation.override(language):
        return str(label)


class ChoiceWidget(widgets.Widget):
    """One of ``choices``: the stored value or the label in Vietnamese or English, case and
    accents ignored. Exported as the label in the active language (or the stored value,
    with ``render_value=True``, for codes such as currencies)."""

    def __init__(self, choices, render_value=False, **kwargs):
        if isinstance(choices, type) and issubclass(choices, models.Choices):
            choices = choices.choices
        self.choices = list(choices)
        self.render_value = render_value
        super().__init__(**kwargs)

    @cached_property
    def lookup(self):
        """Normalised value or label (both languages) -> stored value; built once."""
        table = {}
        for value, label in self.choices:
            table.setdefault(norm(value), value)
            for language in LANGUAGES:
                text = _labels_in(language, label)
                table.setdefault(norm(text), value)
                # "USD – US dollar": the name alone is enough too.
                if " – " in text:
                    table.setdefault(norm(text.split(" – ", 1)[1]), value)
        return table

    def labels(self):
        """The allowed values as a user writes them, in the active language."""
        return [str(value) if self.render_value else str(label) for value, label in self.choices]

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.lookup[norm(text)]
        except KeyError:
            raise ValueError(
                _("“{value}” is not one of the allowed values: {allowed}.").format(
                    value=text, allowed="; ".join(self.labels())
                )
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        if self.render_value:
            return str(value)
        return str(dict(self.choices).get(value, value))


# Names people write that are none of django-countries' names in either language.
COUNTRY_ALIASES = {
    "United States": "US",
    "Hoa Kỳ": "US",
    "Mỹ": "US",
    "UK": "GB",
    "Great Britain": "GB",
    "Anh": "GB",
    "Triều Tiên": "KP",
}


@lru_cache(maxsize=1)
def _country_lookup():
    """Every way of naming a country: alpha-2 and alpha-3 codes, and in each of our
    languages its usual, official, common and former names. Built once per process."""
    from django_countries.data import COUNTRIES

    table = {}
    for code, _name in countries:
        table.setdefault(norm(code), code)
        alpha3 = countries.alpha3(code)
        if alpha3:
            table.setdefault(norm(alpha3), code)
    for language in LANGUAGES:
        with translation.override(language):
            names = [(code, name) for code, name in countries]
            names += list(COUNTRIES.items()) + list(countries.COMMON_NAMES.items())
            names += [(code, old) for code, olds in countries.OLD_NAMES.items() for old in olds]
            for code, name in names:
                table.setdefault(norm(name), code)
    for name, code in COUNTRY_ALIASES.items():
        table.setdefault(norm(name), code)
    return table


def find_country(text):
    """The ISO code for a code or a name in Vietnamese or English, or None."""
    return _country_lookup().get(norm(text))


def unknown_country(text):
    return _(
        "Unknown country “{value}”: write its two-letter ISO code (FR) or its name in "
        "Vietnamese or English, as in the “Allowed values” sheet."
    ).format(value=text)


class CountryWidget(widgets.Widget):
    """A country (ISO 3166 code, or its name in Vietnamese or English, accents and case
    ignored); with ``multiple=True`` several, separated by ';' (or ',' when no name has a
    comma). Exported as the names in the active language, separated by '; '."""

    def __init__(self, multiple=False, **kwargs):
        self.multiple = multiple
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not self.multiple:
            if not text:
                return ""
            code = find_country(text)
            if code is None:
                raise ValueError(unknown_country(text))
            return code
        if not text:
            return []
        if ";" in text:
            parts = text.split(";")
        elif find_country(text):
            # A name with a comma in it ("Bonaire, Sint Eustatius and Saba").
            parts = [text]
        else:
            parts = text.split(",")
        codes, unknown = [], []
        for part in (part.strip() for part in parts):
            if not part:
                continue
            code = find_country(part)
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise ValueError(" ".join(unknown_country(part) for part in unknown))
        return codes

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        # One country (a code or a Country), or several: django-countries hands a multiple
        # field's value as its own list-like wrapper, not a list.
        values = [value] if isinstance(value, str | Country) else list(value)
        return "; ".join(str(countries.name(getattr(code, "code", code))) for code in values)


def _text_filter(field_name, text):
    """Match ``text`` on ``field_name``: accents and case ignored for text fields, exact
    for numbers (a field named ``pk`` or ending in ``id``)."""
    if field_name in ("pk", "id") or field_name.endswith("_id"):
        return Q(**{field_name: int(text)}) if text.isdigit() else Q(pk__in=[])
    return Q(**{f"{field_name}__unaccent__iexact": text})


QUALIFIED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by any of ``fields`` (accents and case ignored).

    None found: an error, or, when ``create`` is given and the resource allows it
    (``create_missing_partners``), a new record made by ``create(text, row, resource)``.
    Several found: an error naming them. With ``qualifier`` (a country field of the related
    model), "Name (Country)" picks one of several of the same name, and the export writes
    a name that several records share that way.
    """

    def __init__(self, model, fields=("name",), create=None, qualifier=None, render=None):
        self.lookup_fields = list(fields)
        self.create = create
        self.qualifier = qualifier
        self.render_attr = render or self.lookup_fields[0]
        self.allow_create = False
        self.resource = None
        self._found = {}
        super().__init__(model, field=self.lookup_fields[0])

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model._default_manager.all()

    def row_country(self, row):
        """The country in the row's ``partner_country_field`` column, or ''."""
        resource = self.resource
        field_name = getattr(resource, "partner_country_field", None)
        if not row or field_name not in getattr(resource, "fields", {}):
            return ""
        try:
            code = CountryWidget().clean(row.get(resource.fields[field_name].column_name))
        except ValueError:
            return ""
        return code if isinstance(code, str) else (code[0] if len(code) == 1 else "")

    def model_name(self):
        return str(self.model._meta.verbose_name)

    def find(self, text, row=None):
        """The records named ``text`` (at most 6). Several of one name are told apart by
        a "(Country)" after the name, or by the row's country column (the resource's
        ``partner_country_field``)."""
        query = Q()
        for name in self.lookup_fields:
            query |= _text_filter(name, text)
        found = list(self.get_queryset(text, row).filter(query).distinct()[:6])
        if len(found) > 1 and self.qualifier:
            code = self.row_country(row)
            narrowed = [obj for obj in found if getattr(obj, self.qualifier) == code]
            if code and len(narrowed) == 1:
                return narrowed
        if len(found) != 1 and self.qualifier:
            match = QUALIFIED.match(text)
            if match and find_country(match.group(2)):
                name, code = match.group(1), find_country(match.group(2))
                query = Q()
                for field_name in self.lookup_fields:
                    query |= _text_filter(field_name, name)
                qualified = list(
                    self.get_queryset(text, row).filter(query, **{self.qualifier: code})[:6]
                )
                if qualified:
                    return qualified
        return found

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        # One query per distinct name in a file, not per cell. Not for records of the type
        # being imported: a row may rename one that a later row names.
        cacheable = self.resource is not None and self.resource._meta.model is not self.model
        key = (norm(text), self.row_country(row) if self.qualifier else "")
        if cacheable and key in self._found:
            return self._found[key]
        found = self.find(text, row)
        if len(found) == 1:
            if cacheable:
                self._found[key] = found[0]
            return found[0]
        if found:
            names = "; ".join(self.describe(obj) for obj in found[:5])
            hint = (
                _("Write it as “Name (Country)”.")
                if self.qualifier
                else _("Write the name in full, or the code.")
            )
            raise ValueError(
                _("“{value}” matches several records ({model}): {names}. {hint}").format(
                    value=text, model=self.model_name(), names=names, hint=hint
                )
            )
        if self.create is not None and self.allow_create:
            return self.create(text, row or {}, self.resource)
        message = _("No {model} is named “{value}”.").format(model=self.model_name(), value=text)
        if self.create is not None:
            message += " " + _("Add it first, or import with “create missing partners” ticked.")
        raise ValueError(message)

    def describe(self, obj):
        if self.qualifier and getattr(obj, self.qualifier, None):
            return f"{obj} ({getattr(obj, self.qualifier).name})"
        return str(obj)

    def render_one(self, obj):
        value = getattr(obj, self.render_attr, None)
        value = value() if callable(value) else value
        text = "" if value is None else str(value)
        if self.qualifier and text and norm(text) in self.shared_names():
            country = getattr(obj, self.qualifier, None)
            if country:
                text = f"{text} ({country.name})"
        return text

    def shared_names(self):
        """Names that several records share (exported with their country). One query per
        export, cached on the widget."""
        if not hasattr(self, "_shared"):
            attr = self.render_attr
            try:
                self.model._meta.get_field(attr)
            except Exception:
                self._shared = set()
                return self._shared
            names = (
                self.model._default_manager.values(folded=CaseFold(attr))
                .annotate(count=models.Count("pk"))
                .filter(count__gt=1)
                .values_list("folded", flat=True)
            )
            self._shared = {norm(name) for name in names}
        return self._shared

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.render_one(value)


class NamedManyToManyWidget(widgets.ManyToManyWidget):
    """Several related records, separated by ``separator`` (';'), each named as for
    ``NamedForeignKeyWidget``. Every name that matches none, or several, is an error."""

    def __init__(
        self, model, fields=("name",), separator=";", create=None, qualifier=None, render=None
    ):
        self.one = NamedForeignKeyWidget(
            model, fields=fields, create=create, qualifier=qualifier, render=render
        )
        super().__init__(model, separator=separator, field=self.one.lookup_fields[0])

    @property
    def allow_create(self):
        return self.one.allow_create

    @allow_create.setter
    def allow_create(self, value):
        self.one.allow_create = value

    @property
    def resource(self):
        return self.one.resource

    @resource.setter
    def resource(self, value):
        self.one.resource = value

    @property
    def create(self):
        return self.one.create

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return []
        objects, problems = [], []
        for part in (part.strip() for part in text.split(self.separator)):
            if not part:
                continue
            try:
                obj = self.one.clean(part, row=row)
            except ValueError as error:
                problems.append(str(error))
                continue
            if obj not in objects:
                objects.append(obj)
        if problems:
            raise ValueError(" ".join(problems))
        return objects

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return f"{self.separator} ".join(self.one.render_one(item) for item in items)


# How each related model is named in a spreadsheet: the fields a name is matched on (the
# first is what the export writes), a country qualifier, what str() a user would write.
LOOKUPS = {
    "core.localunit": {"fields": ["name", "name_en", "abbreviation"]},
    "core.sector": {"fields": ["name", "name_en", "code"], "render": "display_name"},
    "partners.foreignpartner": {
        "fields": ["name", "name_vi", "name_original", "abbreviation"],
        "qualifier": "country",
    },
    "agreements.agreement": {"fields": ["reference_number", "title", "title_en"]},
    "delegations.delegation": {"fields": ["title", "title_en"]},
    "conferences.conference": {"fields": ["name", "name_en"]},
    "aid.aidproject": {"fields": ["title", "title_en"]},
}


def lookup_for(model):
    return LOOKUPS.get(model._meta.label_lower, {"fields": ["pk"]})


def create_partner(name, row, resource):
    """Create a missing partner named ``name``: kind "other", internal, with the country of
    the row (the resource's ``partner_country_field`` column) when it has one."""
    from partners.models import ForeignPartner, PartnerKind

    widget = NamedForeignKeyWidget(ForeignPartner)
    widget.resource = resource
    country = widget.row_country(row)
    if not country:
        raise ValueError(
            _(
                "No partner is named “{value}”, and it cannot be created without a country: "
                "fill in the country, or add the partner first."
            ).format(value=name)
        )
    partner = ForeignPartner(
        name=name, kind=PartnerKind.OTHER, country=country, visibility=Visibility.INTERNAL
    )
    try:
        partner.full_clean()
    except ValidationError as error:
        raise ValueError(" ".join(_flatten_messages(error))) from None
    user = getattr(resource, "user", None)
    if user is not None and user.pk:
        partner.created_by = partner.updated_by = user
    partner.save()
    if resource is not None:
        resource.add_note(
            _(
                "The partner “{name}” ({country}) does not exist yet and is created "
                "(kind “Other”, internal)."
            ).format(name=name, country=countries.name(country))
        )
    return partner


def _flatten_messages(messages):
    """Plain texts from a ValidationError, or a list of them and of texts."""
    if isinstance(messages, ValidationError):
        return [str(message) for message in messages.messages]
    texts = []
    for message in messages:
        texts.extend(
            _flatten_messages(message) if isinstance(message, ValidationError) else [str(message)]
        )
    return texts
