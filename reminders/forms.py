from django import forms

from .models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    """A staff member's own reminder settings. The model's validators and constraints do
    the checking (the thresholds' order and ranges), so the form and the database agree."""

    class Meta:
        model = ReminderSettings
        fields = [
            "subscribed",
            "language",
            "agreements_expiring",
            "expiry_first_days",
            "expiry_second_days",
            "expiry_last_days",
            "agreements_dormant",
            "relationships_dormant",
            "delegations_upcoming",
            "delegation_days",
            "permits_pending",
            "permit_days",
            "aid_ending",
            "aid_days",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"min": 1, "class": "days-input"})
            for name in [
                "expiry_first_days",
                "expiry_second_days",
                "expiry_last_days",
                "delegation_days",
                "permit_days",
                "aid_days",
            ]
        }
