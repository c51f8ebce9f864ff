"""Public forms. Validation lives on the models and in citizens.services; these forms
only collect input and carry the spam defences (honeypot)."""

from django import forms
from django.forms.renderers import Jinja2

from citizens.models import EnrolmentRequest, Petition

HONEYPOT = "sitio_web"
# Django's own widget templates in their Jinja2 version: the same HTML but for blank
# lines, drawn in a third less time on the PQRSD form (10.7 ms to 6.8 ms), the page
# citizens file on and the one a page cache cannot keep for them (a CSRF token each).
# One instance: it builds its template environment once.
PORTAL_RENDERER = Jinja2()


def add_service_errors(form, exc) -> None:
    """Show a service's ValidationError on the form: per field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


def _limit(field: str) -> str:
    return f"{Petition._meta.get_field(field).max_length:,}".replace(",", ".")  # 10.000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PortalForm(forms.Form):
    default_renderer = PORTAL_RENDERER

    def _update_errors(self, errors):
        # ModelForms only: a model rule reads a field that already failed its own check as
        # empty («ana@» is no e-mail, so "write an e-mail"); that second message contradicts
        # the first, so a field keeps only its own.
        if hasattr(errors, "error_dict"):
            errors.error_dict = {field: messages for field, messages in errors.error_dict.items()
                                 if field not in self._errors}
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class HoneypotMixin(PortalForm):
    # Hidden from people (off-screen, out of the tab order); bots fill every field.
    sitio_web = forms.CharField(
        label="Deje este campo vacío", required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_sitio_web(self):
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError("No pudimos procesar el formulario. Deje vacío el "
                                        "campo «Deje este campo vacío» e intente de nuevo.")
        return ""


class PetitionForm(HoneypotMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label="Autorizo el tratamiento de mis datos personales para tramitar esta solicitud",
        required=False, help_text="Obligatorio, salvo en una denuncia anónima.",
    )
    attachments = MultipleFileField(
        label="Anexos (opcional)", required=False,
        help_text="Hasta 5 archivos PDF, PNG, JPG o DOCX de máximo 10 MB cada uno.",
    )

    class Meta:
        model = Petition
        fields = ["petition_type", "subject", "description", "anonymous", "name", "id_type",
                  "id_number", "email", "phone", "address", "reply_channel"]
        labels = {
            "petition_type": "Tipo de solicitud",
            "anonymous": "Presentar la denuncia de forma anónima",
            "name": "Nombre completo",
            "reply_channel": "¿Cómo quiere recibir la respuesta?",
        }
        help_texts = {
            "anonymous": "Solo para denuncias. Sin datos de contacto, la respuesta se consulta "
                         "en el portal con el radicado y el código.",
            # The browser stops typing at the limit without a word: say it beforehand.
            "subject": f"Una frase que resuma su solicitud (hasta {_limit('subject')} caracteres).",
            "description": f"Hasta {_limit('description')} caracteres. Si necesita más, adjunte "
                           "un documento.",
            # Required only in some cases, so no asterisk: the condition is said instead.
            "name": "Obligatorio, salvo en una denuncia anónima.",
            "email": "Obligatorio si quiere recibir la respuesta por correo electrónico.",
            "address": "Obligatoria si quiere recibir la respuesta en una dirección física.",
        }
        widgets = {
            "petition_type": forms.Select,
            "reply_channel": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A first option that says what to do, instead of Django's «---------».
        self.fields["petition_type"].choices = [("", "Elija el tipo de solicitud")] + [
            c for c in self.fields["petition_type"].choices if c[0]]
        self.fields["id_type"].choices = [("", "Sin documento o elija el tipo")] + [
            c for c in self.fields["id_type"].choices if c[0]]

    def clean(self):
        # Checked again by the service; here so every error shows in one round trip.
        from citizens.services.pqrsd import CONSENT_REQUIRED

        cleaned = super().clean()
        if not cleaned.get("consent") and not cleaned.get("anonymous"):
            self.add_error("consent", CONSENT_REQUIRED)
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TrackingForm(PortalForm):
    radicado = forms.CharField(label="Número de radicado", max_length=20,
                               help_text="Por ejemplo 2026-000123.")
    code = forms.CharField(label="Código de consulta", max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}),
                           help_text="El código de 12 caracteres que recibió al radicar.")


class EnrolmentForm(HoneypotMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label="Autorizo el tratamiento de los datos de contacto para tramitar esta solicitud",
        required=False,
    )

    class Meta:
        model = EnrolmentRequest
        fields = ["organisation", "contact_name", "email", "phone", "neighbourhood", "locality",
                  "reason"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 6}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].empty_label = "Elija la localidad o comuna"

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EnrolmentTrackingForm(PortalForm):
    radicado = forms.CharField(label="Número de solicitud", max_length=20,
                               help_text="Por ejemplo INS-2026-0001.")
    code = forms.CharField(label="Código de consulta", max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
