"""Small forms for the steps staff take on a petition or an enrolment request."""

from django import forms

from citizens.models import Petition, Unit


class StaffFilingForm(forms.ModelForm):
    """A petition received in person, by phone or by post, filed by staff for the citizen."""

    channel = forms.ChoiceField(label="Canal de recepción", choices=[
        (c, label) for c, label in Petition.Channel.choices if c not in ("web", "api")])
    consent = forms.BooleanField(
        label="El peticionario autorizó el tratamiento de sus datos (Ley 1581 de 2012)",
        required=False)

    class Meta:
        model = Petition
        fields = ["petition_type", "subject", "description", "anonymous", "name", "id_type",
                  "id_number", "email", "phone", "address", "reply_channel"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="Dependencia", queryset=Unit.objects.all())


class StartForm(forms.Form):
    pass


class ExtendForm(forms.Form):
    until = forms.DateField(label="Nueva fecha de vencimiento",
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reason = forms.CharField(label="Motivo (se envía al ciudadano)", widget=forms.Textarea)


class TransferForm(forms.Form):
    entity = forms.CharField(label="Entidad competente", max_length=200)
    reason = forms.CharField(label="Motivo (se envía al ciudadano)", widget=forms.Textarea)


class AnswerForm(forms.Form):
    text = forms.CharField(label="Respuesta", widget=forms.Textarea(attrs={"rows": 10}))
    document = forms.FileField(label="Documento de respuesta (PDF, opcional)", required=False)
    refusal = forms.ChoiceField(
        label="Si niega información, fundamento",
        choices=[("", "No se niega información")] + list(Petition.Refusal.choices),
        required=False,
    )


class CloseForm(forms.Form):
    pass


class AcceptEnrolmentForm(forms.Form):
    reason = forms.CharField(label="Mensaje para la comunidad (opcional)", required=False,
                             widget=forms.Textarea)


class DeclineEnrolmentForm(forms.Form):
    reason = forms.CharField(label="Motivo (lo lee la comunidad con su código)",
                             widget=forms.Textarea)
