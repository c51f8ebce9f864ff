"""Wagtail's login form with its password field labelled: Wagtail leaves the label out, so
Django derives «Password» from the field's name, which no catalogue translates."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class CmsLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
