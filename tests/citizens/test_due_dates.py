"""Legal due dates, checked by hand against the Colombian calendar.

Each expected date was counted by hand, day by day, from the first business
day after filing, skipping weekends and the holidays of Ley 51 de 1983:
2026: Jan 1, Jan 12 (Reyes, moved), Mar 23 (San José, moved), Apr 2–3 (Holy
Thursday and Friday), May 1, May 18 (Ascension, moved), Jun 8 (Corpus), Jun 15
(Sacred Heart), Aug 7, Aug 17 (Assumption, moved), Oct 12, Nov 2 (All Saints,
moved), Nov 16 (Cartagena, moved), Dec 8, Dec 25.  2027: Jan 1, Jan 11, Mar 22,
Mar 25–26 (Easter week), May 10, May 31, Jun 7, Oct 18, Nov 1, Nov 15, Dec 8.
July is left out: the 2026 Chiquinquirá holiday (Ley 2578 de 2026) is not
confirmed outside the holidays library.
"""

import datetime

import pytest

from citizens.services import pqrsd

D = datetime.date
HAND_CHECKED = [
    # (type, filed, due) — comment: what the case exercises
    ("peticion", D(2026, 3, 16), D(2026, 4, 9)),      # San José Monday + Holy Thursday/Friday
    ("documentos", D(2026, 3, 25), D(2026, 4, 10)),   # Easter week inside a 10-day term
    ("consulta", D(2026, 3, 20), D(2026, 5, 7)),      # 30 days across Easter and 1 May
    ("peticion", D(2026, 5, 16), D(2026, 6, 9)),      # filed Saturday before a moved Monday
    ("documentos", D(2026, 6, 4), D(2026, 6, 22)),    # Corpus and Sacred Heart Mondays
    ("queja", D(2026, 8, 3), D(2026, 8, 26)),         # 7 August (Friday) and 17 August
    ("reclamo", D(2026, 10, 9), D(2026, 11, 3)),      # 12 October and All Saints moved
    ("peticion", D(2026, 10, 30), D(2026, 11, 24)),   # two moved Mondays in November
    ("documentos", D(2026, 12, 1), D(2026, 12, 16)),  # 8 December (Tuesday)
    ("peticion", D(2026, 12, 18), D(2027, 1, 13)),    # year end: Christmas, New Year, Reyes
    ("consulta", D(2026, 12, 23), D(2027, 2, 8)),     # 30 days across the year end
    ("documentos", D(2026, 12, 31), D(2027, 1, 18)),  # filed 31 December
    ("peticion", D(2027, 3, 19), D(2027, 4, 14)),     # 2027 San José + Easter week
    ("documentos", D(2027, 3, 24), D(2027, 4, 9)),    # filed Holy Wednesday
    ("consulta", D(2027, 4, 26), D(2027, 6, 10)),     # Ascension, Corpus, Sacred Heart 2027
    ("peticion", D(2027, 10, 15), D(2027, 11, 9)),    # 12 October moved to 18, All Saints
    ("sugerencia", D(2027, 12, 1), D(2027, 12, 23)),  # 8 December (Wednesday)
    ("documentos", D(2027, 12, 17), D(2027, 12, 31)), # Christmas on a Saturday changes nothing
    ("denuncia", D(2026, 4, 5), D(2026, 4, 24)),      # filed on Easter Sunday
    ("felicitacion", D(2026, 11, 10), D(2026, 12, 2)),# Cartagena moved to 16 November
    ("peticion", D(2026, 4, 1), D(2026, 4, 24)),      # filed the day before Holy Thursday
    ("documentos", D(2027, 5, 31), D(2027, 6, 15)),   # filed on a holiday (Corpus 2027)
    ("consulta", D(2026, 1, 5), D(2026, 2, 17)),      # 6 January itself is a business day
]


@pytest.mark.parametrize("kind,filed,expected", HAND_CHECKED,
                         ids=[f"{k}-{f}" for k, f, _ in HAND_CHECKED])
def test_due_date_matches_the_hand_checked_calendar(db, kind, filed, expected):
    due, days = pqrsd.due_date_for(kind, filed)
    assert due == expected
    assert days == {"documentos": 10, "consulta": 30}.get(kind, 15)


def test_the_api_answers_the_same_dates(demo, client):
    for kind, filed, expected in HAND_CHECKED[:6]:
        response = client.get("/api/pqrsd/due-date/", {"type": kind, "filed": filed.isoformat()})
        assert response.status_code == 200
        assert response.json() == {
            "due_date": expected.isoformat(),
            "business_days": {"documentos": 10, "consulta": 30}.get(kind, 15),
        }


def test_the_api_explains_bad_parameters_in_spanish(demo, client):
    response = client.get("/api/pqrsd/due-date/", {"type": "chisme", "filed": "2026-02-30"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"type", "filed"}
    assert "no es una elección válida" in body["type"][0] or "válid" in body["type"][0]


def test_coordinacion_changes_a_term_and_new_filings_follow_it(demo, login):
    from citizens.models import ResponseTerm

    client = login("coordinador")
    term = ResponseTerm.objects.get(petition_type="sugerencia")
    response = client.post("/admin/citizens/responseterm/", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": term.pk,
        "form-0-business_days": "20", "form-0-legal_basis": "Política interna 2026",
        "_save": "Guardar",
    })
    assert response.status_code == 302, response.content[:500]
    # Counted by hand: 15 days end on 23 Dec 2027 (table above); 5 more reach 30 Dec.
    assert pqrsd.due_date_for("sugerencia", D(2027, 12, 1)) == (D(2027, 12, 30), 20)


def test_unit_staff_cannot_change_the_terms(demo, login):
    from citizens.models import ResponseTerm

    client = login("atencion")
    term = ResponseTerm.objects.get(petition_type="peticion")
    response = client.post(f"/admin/citizens/responseterm/{term.pk}/change/",
                           {"business_days": "99", "legal_basis": "x"})
    assert response.status_code == 403
    term.refresh_from_db()
    assert term.business_days == 15
