"""Portal pages of citizen services: their texts are edited in Wagtail, their forms
are handled here and the rules live in citizens.services."""

import base64
import datetime

from django.conf import settings
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from content.models.base import PortalPage
from convive.csvfiles import csv_chunks
from convive.page_cache import same_for_every_visitor

SESSION_RECEIPT = "citizens_receipt"
# The receipt's tracking code travels split (citizens.services.codes.seal): the masked
# half in the session, the key in this short-lived cookie of the citizen's browser.
RECEIPT_COOKIE = "convive_recibo"
RECEIPT_COOKIE_SECONDS = 15 * 60


def _client(request):
    from citizens.services.codes import client_address

    return client_address(request)


def _private(response):
    # Receipts and tracking results carry codes and answers: never cached anywhere.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


class CitizenServicesIndexPage(PortalPage):
    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["citizens.PetitionFormPage", "citizens.EnrolmentFormPage"]
    max_count = 1
    template = "citizens/citizen_services_index_page.html"

    class Meta:
        verbose_name = "atención al ciudadano"
        verbose_name_plural = "atención al ciudadano"

    def search_text_parts(self):
        return super().search_text_parts() + [self.intro]


class PetitionFormPage(RoutablePageMixin, PortalPage):
    """/atencion/pqrsd/: file a petition (Ley 1755 de 2015)."""

    intro = models.TextField("presentación", blank=True)
    consent_text = models.TextField(
        "autorización de tratamiento de datos",
        help_text="Texto de la autorización exigida por la Ley 1581 de 2012.",
    )
    anonymous_note = models.TextField("nota sobre denuncias anónimas", blank=True)
    confirmation_text = models.TextField(
        "texto de confirmación", blank=True,
        help_text="Se muestra junto al radicado y el código de consulta.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"), FieldPanel("consent_text"), FieldPanel("anonymous_note"),
        FieldPanel("confirmation_text"),
    ]
    parent_page_types = ["citizens.CitizenServicesIndexPage"]
    subpage_types = ["citizens.PetitionTrackingPage", "citizens.PetitionReportPage"]
    max_count = 1
    template = "citizens/petition_form_page.html"

    class Meta:
        verbose_name = "formulario de PQRSD"
        verbose_name_plural = "formularios de PQRSD"

    def search_text_parts(self):
        return super().search_text_parts() + [self.intro]

    def _render(self, request, form, status=200):
        from citizens.models import ResponseTerm

        context = self.get_context(request)
        context.update(form=form, terms=ResponseTerm.objects.all())
        return _private(TemplateResponse(request, self.template, context, status=status))

    @path("")
    def form_view(self, request):
        from citizens.forms import PetitionForm
        from citizens.services import pqrsd

        if request.method != "POST":
            return same_for_every_visitor(self._render(request, PetitionForm()))
        form = PetitionForm(request.POST, request.FILES)
        return _handle_submission(
            self, request, form, scope="pqrsd", service_error=pqrsd.PetitionError,
            submit=lambda: pqrsd.file_petition(
                fields=form.service_fields(), consent=form.cleaned_data["consent"],
                attachments=form.cleaned_data["attachments"]),
            receipt=lambda petition, code: {
                "radicado": petition.radicado, "code": code, "subject": petition.subject,
                "filed_on": timezone.localdate(petition.filed_at).isoformat(),
                "due_date": petition.due_date.isoformat(), "term": petition.term_days,
                "type": petition.get_petition_type_display(), "email": bool(petition.email),
            },
            receipt_path="radicada/",
        )

    @path("radicada/")
    def receipt_view(self, request):
        receipt = _take_receipt(self, request)
        if receipt is None or "radicado" not in receipt:
            return HttpResponseRedirect(self.url)
        receipt["due_date"] = datetime.date.fromisoformat(receipt["due_date"])
        if receipt.get("filed_on"):  # receipts of sessions started before this field
            receipt["filed_on"] = datetime.date.fromisoformat(receipt["filed_on"])
        context = self.get_context(request)
        context["receipt"] = receipt
        tracking = self.get_children().live().type(PetitionTrackingPage).first()
        context["tracking_page"] = tracking
        context["tracking_url"] = tracking.full_url if tracking else settings.PUBLIC_BASE_URL + "/"
        # The PDF travels inside this page (a data: link), like the code it carries: shown
        # once, never stored, never behind a URL someone else could open.
        from citizens.services.receipts import petition_receipt_pdf

        pdf = petition_receipt_pdf(
            receipt, entity="Secretaría de Seguridad, Convivencia y Justicia",
            tracking_url=context["tracking_url"])
        context["receipt_pdf"] = base64.b64encode(pdf).decode()
        return _receipt_response(self, request, "citizens/petition_receipt.html", context)


def _handle_submission(page, request, form, *, scope, service_error, submit, receipt,
                       receipt_path):
    """POST of a public form: limit per address, call the service, then
    post/redirect/get to a receipt shown once (its code never goes in a URL)."""
    from citizens.forms import add_service_errors
    from citizens.services import ratelimit

    if form.is_valid():
        try:
            ratelimit.hit(scope, _client(request))
            result = submit()
        except ratelimit.RateLimited as exc:
            form.add_error(None, exc.message)
            response = page._render(request, form, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        except service_error as exc:
            add_service_errors(form, exc)
            if getattr(exc, "temporary", False):  # a part is down: nothing kept, retry later
                response = page._render(request, form, status=503)
                response["Retry-After"] = "120"
                return response
        else:
            from citizens.services.codes import seal

            data = receipt(*result)
            data["sealed_code"], key = seal(data.pop("code"))
            request.session[SESSION_RECEIPT] = data
            response = HttpResponseRedirect(page.url + receipt_path)
            response.set_cookie(RECEIPT_COOKIE, key, max_age=RECEIPT_COOKIE_SECONDS,
                                path=page.url, secure=settings.SESSION_COOKIE_SECURE,
                                httponly=True, samesite="Strict")
            return response
    return page._render(request, form, status=400)


def _take_receipt(page, request):
    """The receipt filed from this browser, once: the session entry is consumed and the
    code is rebuilt from its two halves (None when either is missing)."""
    from citizens.services.codes import unseal

    receipt = request.session.pop(SESSION_RECEIPT, None)
    if receipt is None:
        return None
    receipt["code"] = unseal(receipt.pop("sealed_code", ""),
                             request.COOKIES.get(RECEIPT_COOKIE, ""))
    return receipt


def _receipt_response(page, request, template, context):
    response = _private(TemplateResponse(request, template, context))
    response.delete_cookie(RECEIPT_COOKIE, path=page.url, samesite="Strict")
    return response


class PetitionTrackingPage(PortalPage):
    """/atencion/pqrsd/consulta/: status history with filing number and tracking code."""

    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["citizens.PetitionFormPage"]
    subpage_types = []
    max_count = 1
    template = "citizens/petition_tracking_page.html"

    class Meta:
        verbose_name = "consulta de PQRSD"
        verbose_name_plural = "consultas de PQRSD"

    NOT_FOUND = ("No encontramos una solicitud con ese radicado y ese código. Revise los dos "
                 "datos tal como aparecen en la constancia o en el correo de radicación.")

    def serve(self, request, *args, **kwargs):
        from citizens.forms import TrackingForm
        from citizens.services import pqrsd, ratelimit

        context = self.get_context(request)
        status = 200
        if request.method == "POST":
            form = TrackingForm(request.POST)
            if form.is_valid():
                try:
                    # Guessing is pointless with 59-bit codes; the limit keeps it that way.
                    ratelimit.hit("tracking", _client(request),
                                  limit=settings.PQRSD_RATE_PER_HOUR * 6)
                except ratelimit.RateLimited as exc:
                    form.add_error(None, exc.message)
                    status = 429
                else:
                    petition = pqrsd.find_for_tracking(form.cleaned_data["radicado"],
                                                       form.cleaned_data["code"])
                    if petition is None:
                        form.add_error(None, self.NOT_FOUND)
                        status = 404
                    else:
                        context["petition"] = petition
                        context["events"] = petition.events.all()
            else:
                status = 400
        else:
            form = TrackingForm()
        context["form"] = form
        response = _private(TemplateResponse(request, self.template, context, status=status))
        return response if request.method == "POST" else same_for_every_visitor(response)


class PetitionReportPage(RoutablePageMixin, PortalPage):
    """/atencion/pqrsd/informes/: the monthly public report and its CSV."""

    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["citizens.PetitionFormPage"]
    subpage_types = []
    max_count = 1
    template = "citizens/petition_report_page.html"

    class Meta:
        verbose_name = "informe de PQRSD"
        verbose_name_plural = "informes de PQRSD"

    def _report(self, request):
        """The report asked for by ?mes=AAAA-MM or ?trimestre=AAAA-TN; the latest month with
        data by default. Returns (report, available months, whether the request was invalid)."""
        from citizens.services.reports import (
            default_month,
            monthly_report,
            months_with_data,
            quarterly_report,
        )

        available = months_with_data()
        today = datetime.date.today()
        quarter = request.GET.get("trimestre", "")
        month = request.GET.get("mes", "")
        try:
            if quarter:
                year, number = quarter.upper().split("-T")
                year, number = int(year), int(number)
                if not 1 <= number <= 4:
                    raise ValueError
            elif month:
                year, number = (int(part) for part in month.split("-"))
                datetime.date(year, number, 1)
            else:
                year, number = default_month(today)
            if not 2000 <= year <= today.year + 1:
                raise ValueError
        except ValueError:
            year, number = default_month(today)
            return monthly_report(year, number), available, True
        if quarter:
            return quarterly_report(year, number), available, False
        return monthly_report(year, number), available, False

    @path("")
    def report_view(self, request):
        report, available, invalid = self._report(request)
        quarters = sorted({(y, (m - 1) // 3 + 1) for y, m in available}, reverse=True)
        context = self.get_context(request)
        context.update(report=report, available=available, quarters=quarters,
                       invalid_period=invalid)
        response = TemplateResponse(request, self.template, context,
                                    status=400 if invalid else 200)
        # Drawn every time: petitions keep a moment of their own (api.freshness), so neither
        # the page cache nor a proxy, both emptied only when pages' data change, keeps it.
        patch_cache_control(response, private=True, no_cache=True)
        return response

    @path("csv/")
    def csv_view(self, request):
        report, _available, invalid = self._report(request)
        if invalid:
            return HttpResponse("Periodo no válido: use ?mes=AAAA-MM o ?trimestre=AAAA-TN.",
                                status=400, content_type="text/plain; charset=utf-8")
        # The open dataset's columns and cells ("pqrsd-statistics" in api.datasets), so the
        # portal's file, the API's and the full download read alike.
        from citizens.services.reports import REPORT_COLUMNS

        rows = ((report.period, *row) for row in report.rows())
        response = HttpResponse(b"".join(csv_chunks(REPORT_COLUMNS, rows)),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pqrsd-{report.period}.csv"'
        return response


class EnrolmentFormPage(RoutablePageMixin, PortalPage):
    """/atencion/inscribe-tu-barrio/: a community asks to enter the certification route."""

    intro = models.TextField("presentación", blank=True)
    consent_text = models.TextField("autorización de tratamiento de datos")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("consent_text")]
    parent_page_types = ["citizens.CitizenServicesIndexPage"]
    subpage_types = []
    max_count = 1
    template = "citizens/enrolment_form_page.html"

    class Meta:
        verbose_name = "formulario de inscripción de barrios"
        verbose_name_plural = "formularios de inscripción de barrios"

    def search_text_parts(self):
        return super().search_text_parts() + [self.intro]

    def _render(self, request, form, status=200):
        from citizens.forms import EnrolmentTrackingForm

        context = self.get_context(request)
        context.update(form=form, tracking_form=EnrolmentTrackingForm())
        return _private(TemplateResponse(request, self.template, context, status=status))

    @path("")
    def form_view(self, request):
        from citizens.forms import EnrolmentForm
        from citizens.services import enrolment

        if request.method != "POST":
            return self._render(request, EnrolmentForm())
        form = EnrolmentForm(request.POST)
        return _handle_submission(
            self, request, form, scope="inscripcion", service_error=enrolment.EnrolmentError,
            submit=lambda: enrolment.submit(fields=form.service_fields(),
                                            consent=form.cleaned_data["consent"]),
            receipt=lambda item, code: {"number": item.number, "code": code},
            receipt_path="enviada/",
        )

    @path("enviada/")
    def receipt_view(self, request):
        receipt = _take_receipt(self, request)
        if receipt is None or "number" not in receipt:
            return HttpResponseRedirect(self.url)
        context = self.get_context(request)
        context["receipt"] = receipt
        return _receipt_response(self, request, "citizens/enrolment_receipt.html", context)

    @re_path(r"^consulta/$")
    def tracking_view(self, request):
        from citizens.forms import EnrolmentTrackingForm
        from citizens.services import enrolment, ratelimit

        if request.method != "POST":
            return HttpResponseRedirect(self.url + "#consulta")
        form = EnrolmentTrackingForm(request.POST)
        context = self.get_context(request)
        status = 200
        if form.is_valid():
            try:
                ratelimit.hit("tracking", _client(request), limit=settings.PQRSD_RATE_PER_HOUR * 6)
            except ratelimit.RateLimited as exc:
                form.add_error(None, exc.message)
                status = 429
            else:
                found = enrolment.find_for_tracking(form.cleaned_data["radicado"],
                                                    form.cleaned_data["code"])
                if found is None:
                    form.add_error(None, PetitionTrackingPage.NOT_FOUND.replace(
                        "radicado", "número"))
                    status = 404
                context["enrolment"] = found
        else:
            status = 400
        context["tracking_form"] = form
        return _private(TemplateResponse(request, "citizens/enrolment_tracking.html", context,
                                         status=status))
