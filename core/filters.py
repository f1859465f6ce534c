"""What the public lists' filter sets share: select boxes written in Python.

Django renders a ``<select>`` through its form templates, one template include per
``<option>``: the country filter's 120 options took a third of a public list's rendering
time. ``FastSelect`` writes the same markup (the same attributes, the first matching option
selected) with ``format_html``, and ``PublicFilterSet`` gives it to every plain select of
its form.
"""

import django_filters
from django import forms
from django.utils.html import format_html, format_html_join


def write_attrs(attrs):
    """Attributes as Django's ``attrs.html`` writes them: in their order, ``True`` as the
    bare name, ``False`` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class FastSelect(forms.Select):
    """A ``Select`` rendered without templates. Grouped choices are left to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        # iter(): list() would ask a ModelChoiceIterator for its len(), a COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options, found = [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in wanted
            found = found or selected
            options.append((option_value, " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            write_attrs(self.build_attrs(self.attrs, attrs)),
            format_html_join("\n", '  <option value="{}"{}>{}</option>', options),
        )


def sectors_of(listed):
    """The pks of the sectors some listed record has: one EXISTS per sector, each stopping
    at its first row (an IN over every listed row is a scan at national scale)."""
    from django.db.models import Exists, OuterRef

    from .models import Sector

    return list(
        Sector.objects.filter(Exists(listed.filter(sectors=OuterRef("pk")))).values_list(
            "pk", flat=True
        )
    )


def years_of(listed, field):
    """The years of ``field`` among the listed records, newest first."""
    return [day.year for day in listed.dates(field, "year", order="DESC")]


class PublicFilterSet(django_filters.FilterSet):
    """A filter set whose form's plain select boxes are ``FastSelect``s."""

    def offer_choices(self, listed, **compute):
        """Offer in the ``country``, ``year`` and ``sector`` filters only what the listed
        records have. ``compute`` gives, by filter name, a function returning the codes,
        years or sector pks: each a scan of every listed row, so they are cached until a
        record changes and read in one round trip (``core.listcache.cached_many``)."""
        from django_countries import countries

        from .listcache import cached_many
        from .models import Sector

        found = cached_many(listed, compute)
        if "country" in found:
            self.filters["country"].extra["choices"] = [
                (code, name) for code, name in countries if code in found["country"]
            ]
        if "year" in found:
            self.filters["year"].extra["choices"] = [
                (str(year), str(year)) for year in found["year"]
            ]
        if "sector" in found:
            self.filters["sector"].queryset = Sector.objects.filter(pk__in=found["sector"])

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                fast = FastSelect(attrs=widget.attrs)
                fast.choices = widget.choices
                fast.is_required = widget.is_required
                field.widget = fast
        return form
