"""The dashboard's period picker (a GET form): a year, a quarter, a month or a range of days,
and whether to compare with the period just before."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .periods import CUSTOM, MONTH, QUARTER, YEAR, Period

MIN_YEAR = 1990
MAX_YEAR = 2100

KIND_CHOICES = [
    (YEAR, _("Year")),
    (QUARTER, _("Quarter")),
    (MONTH, _("Month")),
    (CUSTOM, _("Custom range")),
]
QUARTER_CHOICES = [
    (quarter, format_lazy(_("Q{quarter}"), quarter=quarter)) for quarter in range(1, 5)
]


def _month_choices():
    # Month names in the active language, from Django's own translations.
    from django.utils.dates import MONTHS

    return list(MONTHS.items())


class PeriodForm(forms.Form):
    """Read from the query string. Unbound (no query string), it stands for its default:
    the current year compared with the previous one (``PeriodForm.default_period``)."""

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, initial=YEAR)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        error_messages={"invalid": _("Enter a year such as 2025.")},
        widget=forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR, "step": 1}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int, required=False
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=_month_choices, coerce=int, required=False
    )
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    compare = forms.BooleanField(label=_("Compare with the previous period"), required=False)

    def __init__(self, data=None, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        # An empty query string is the default view, not a form sent empty.
        if data is not None and not data:
            data = None
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, *args, **kwargs)
        self.fields["year"].initial = self.today.year
        self.fields["quarter"].initial = (self.today.month - 1) // 3 + 1
        self.fields["month"].initial = self.today.month
        self.fields["compare"].initial = True
        for name in ("start", "end"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Choose a year between {first} and {last}.").format(
                    first=MIN_YEAR, last=MAX_YEAR
                ),
                code="year_out_of_range",
            )
        return year

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        if kind in (YEAR, QUARTER, MONTH) and cleaned_data.get("year") is None:
            if "year" not in self.errors:
                self.add_error("year", _("Enter the year."))
        if kind == QUARTER and not cleaned_data.get("quarter"):
            self.add_error("quarter", _("Choose the quarter."))
        if kind == MONTH and not cleaned_data.get("month"):
            self.add_error("month", _("Choose the month."))
        if kind == CUSTOM:
            start, end = cleaned_data.get("start"), cleaned_data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Enter the first day of the range."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Enter the last day of the range."))
            if start and end and end < start:
                self.add_error("end", _("The last day cannot be before the first day."))
            for name, day in (("start", start), ("end", end)):
                if day and not MIN_YEAR <= day.year <= MAX_YEAR and name not in self.errors:
                    self.add_error(
                        name,
                        _("Choose a date between {first} and {last}.").format(
                            first=MIN_YEAR, last=MAX_YEAR
                        ),
                    )
        return cleaned_data

    def default_period(self):
        return Period.year(self.today.year)

    @property
    def period(self):
        """The chosen period (the default when the form is unbound); only once valid."""
        if not self.is_bound:
            return self.default_period()
        data = self.cleaned_data
        kind = data["kind"]
        if kind == YEAR:
            return Period.year(data["year"])
        if kind == QUARTER:
            return Period.quarter(data["year"], data["quarter"])
        if kind == MONTH:
            return Period.month(data["year"], data["month"])
        return Period.custom(data["start"], data["end"])

    @property
    def comparing(self):
        if not self.is_bound:
            return True
        return self.cleaned_data["compare"]
