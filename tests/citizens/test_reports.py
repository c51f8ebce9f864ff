"""The monthly public report, its CSV and the statistics API."""

import csv
import datetime
import io
import re

from citizens.services import pqrsd
from citizens.services.reports import monthly_report
from tests.citizens.conftest import REPORT_URL


def test_demo_report_of_october_2026(demo):
    # Demo petitions filed in October 2026 (citizens.demo.DEMO_PETITIONS): a consulta
    # answered on time, a documentos refused as reserved, a reclamo transferred, a
    # sugerencia still open, a felicitación answered on time.
    report = monthly_report(2026, 10, today=datetime.date(2026, 11, 23))
    assert report.received == 5
    assert report.by_type == {"consulta": 1, "documentos": 1, "reclamo": 1, "sugerencia": 1,
                              "felicitacion": 1}
    assert report.transferred == 1
    assert report.answered == 3 and report.answered_on_time == 3
    assert report.on_time_percent == 100.0
    assert report.refused == 1 and report.refused_by_reason == {"reservada": 1}
    assert report.pending == 1
    # Business days counted by hand: consulta 1 Oct → 6 Nov = 24 (12 Oct, 2 Nov off);
    # documentos 5 Oct → 14 Oct = 6 (12 Oct off); felicitación 28 Oct → 3 Nov = 3 (2 Nov off).
    assert report.average_business_days == round((24 + 6 + 3) / 3, 1)


def test_late_answers_lower_the_on_time_share(demo, file_one):
    petition, _ = file_one()
    late_day = petition.due_date + datetime.timedelta(days=7)
    pqrsd.answer(petition, text="Respuesta tardía pero completa al ciudadano.", by=None,
                 today=late_day)
    report = monthly_report(petition.filed_on.year, petition.filed_on.month)
    assert report.answered >= 1 and report.answered_on_time < report.answered


def test_report_page_and_csv(demo, client):
    page = client.get(REPORT_URL, {"mes": "2026-10"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Informe de 2026-10" in html and "100,0 %" in html  # es-CO decimal comma
    # The table names its sections in Spanish; the codes stay in the CSV and the API.
    cells = re.findall(r"<tr><td>([^<]*)</td>", html)
    assert {"Totales", "Por tipo de solicitud", "Por canal de recepción",
            "Información negada, por fundamento"} <= set(cells)
    assert not {"total", "tipo", "canal", "negacion"} & set(cells)
    response = client.get(REPORT_URL + "csv/", {"mes": "2026-10"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    values = {(r["section"], r["code"]): r["value"] for r in rows}  # the open dataset's names
    assert values[("total", "recibidas")] == "5"
    assert values[("tipo", "reclamo")] == "1"
    assert values[("negacion", "reservada")] == "1"
    assert client.get(REPORT_URL, {"mes": "2026-13"}).status_code == 400
    assert client.get(REPORT_URL + "csv/", {"mes": "nada"}).status_code == 400


def test_statistics_api_matches_the_report(demo, client):
    response = client.get("/api/statistics/pqrsd/", {"month": "2026-10"})
    assert response.status_code == 200
    rows = {(r["section"], r["code"]): r["value"] for r in response.json()}
    assert rows[("total", "recibidas")] == 5
    assert rows[("total", "trasladadas")] == 1
    csv_response = client.get("/api/statistics/pqrsd/", {"month": "2026-10", "format": "csv"})
    assert csv_response.status_code == 200
    assert client.get("/api/statistics/pqrsd/", {"month": "2026-1"}).status_code == 400


def test_reports_never_show_subjects_or_people(demo, client, file_one):
    petition, _ = file_one(subject="Asunto confidencial de Rosa", name="Rosa Elvira Cárdenas")
    month = petition.filed_on.strftime("%Y-%m")
    for response in (client.get(REPORT_URL, {"mes": month}),
                     client.get(REPORT_URL + "csv/", {"mes": month}),
                     client.get("/api/statistics/pqrsd/", {"month": month})):
        body = response.content.decode()
        assert "Rosa" not in body and petition.radicado not in body


def test_quarterly_report_adds_up_its_months(demo, client):
    from citizens.services.reports import quarterly_report

    today = datetime.date(2026, 11, 23)
    quarter = quarterly_report(2026, 4, today=today)
    months = [monthly_report(2026, m, today=today) for m in (10, 11, 12)]
    assert quarter.period == "2026-T4"
    assert quarter.received == sum(m.received for m in months) == 8
    assert quarter.transferred == sum(m.transferred for m in months)
    page = client.get(REPORT_URL, {"trimestre": "2026-T4"}).content.decode()
    assert "Informe de 2026-T4" in page
    rows = client.get(REPORT_URL + "csv/", {"trimestre": "2026-T3"}).content.decode()
    assert "2026-T3,total,recibidas,Solicitudes recibidas,3" in rows
    api = client.get("/api/statistics/pqrsd/", {"quarter": "2026-T4"}).json()
    assert {(r["code"], r["value"]) for r in api if r["section"] == "total"} >= {("recibidas", 8)}
    assert client.get(REPORT_URL, {"trimestre": "2026-T5"}).status_code == 400
    assert client.get("/api/statistics/pqrsd/", {"quarter": "2026-T5"}).status_code == 400


def test_the_transparency_menu_links_the_petition_form_and_its_reports(demo, client):
    assert 'href="/atencion/pqrsd/"' in client.get("/transparencia/1/").content.decode()
    assert 'href="/atencion/pqrsd/informes/"' in client.get("/transparencia/4/").content.decode()
