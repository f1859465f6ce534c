"""A password validator Django lacks: OWASP ASVS 2.1.2 permits passwords of 64 characters
and more, but refuses the absurdly long (a hashing cost an attacker could abuse)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MaximumLengthValidator:
    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long: use at most %(max_length)d character.",
                    "This password is too long: use at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return _("Your password can be up to %(max_length)d characters long.") % {
            "max_length": self.max_length
        }
