"""The search box and the timeline's filter (plain GET forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .engine import KINDS
from .timeline import KIND_CHOICES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *[(kind.key, kind.label) for kind in KINDS]],
    )


class DateInput(forms.DateInput):
    input_type = "date"


class TimelineFilterForm(forms.Form):
    """Which lines of a timeline: one type or all, within a period (both days
    included)."""

    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *KIND_CHOICES]
    )
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), required=False, widget=DateInput
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "To"), required=False, widget=DateInput
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        return cleaned
