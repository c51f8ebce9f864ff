"""The portal's pages are drawn by Jinja2 (content.templating): what Django's engine
guaranteed must still hold, escaping first."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone

from tests.content import factories

pytestmark = pytest.mark.django_db


def portal_engine():
    return engines["jinja2"]


def test_every_portal_template_compiles():
    # Error pages and rare states are not all visited by other tests.
    env = portal_engine().env
    names = env.list_templates(extensions=["html"])
    assert "base.html" in names and "500.html" in names and len(names) >= 30
    for name in names:
        env.get_template(name)


def test_editors_text_is_escaped_on_the_page(client, demo):
    from content.models import ProcessMapPage

    card = factories.process_card(
        ProcessMapPage.objects.get(),
        title='<script>alert("x")</script> & \'y\'',
        objective="<img src=x onerror=alert(1)>",
    )
    html = client.get(card.url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;y&#39;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_numbers_and_times_are_drawn_as_in_colombia(settings):
    template = portal_engine().from_string("{{ share }} · {{ moment }} · {{ text }}")
    moment = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.timezone.utc)
    drawn = template.render({"share": 87.5, "moment": moment, "text": "3.5"})
    local = timezone.localtime(moment)
    assert drawn.startswith("87,5 · ")  # a decimal comma, as Django's engine drew it
    assert f"{local.hour}:30" in drawn and drawn.endswith(" · 3.5")  # text untouched


def test_a_missing_name_draws_nothing_as_in_django():
    template = portal_engine().from_string("[{{ page.title }}][{{ page.owner.name }}]")
    assert template.render({}) == "[][]"


def test_a_request_refused_before_any_view_gets_the_portal_page(client, demo):
    # Django draws 400.html with no request and no context at all.
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Solicitud no válida" in html
    assert 'href="https://www.gov.co/"' in html and "Menú principal" in html
    assert "Notificaciones judiciales" in html or "footer-entidad" in html


def test_moments_are_dated_in_bogota():
    # 02:30 UTC on 2 March is 21:30 on 1 March in Bogotá (UTC-5).
    moment = datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.timezone.utc)
    template = portal_engine().from_string("{{ t|date('d/m/Y H:i') }} · {{ t|long_date }}")
    assert template.render({"t": moment}) == "01/03/2026 21:30 · 1 de marzo de 2026"
