"""«Prepare public version» in the admin: detect, review, apply, four-eyes approval, withdraw."""

import io
import re

import pytest
from pdfminer.high_level import extract_text

from content.models import DocumentPage
from records.demo import PLANTED_PEOPLE
from records.models import AuditEntry, CaseRecord
from redaction.demo import RESERVED_PASSAGE
from redaction.models import PublicVersion

ADMIN = "/admin/redaction/publicversion/"


@pytest.fixture
def record(demo):
    return CaseRecord.objects.exclude(file="").select_related("step__case__territory") \
        .order_by("pk").first()


def manager_for(record):
    # Demo managers: gestor_norte sees Localidad Norte, gestor_sur Localidad Sur.
    return "gestor_norte" if "Norte" in record.step.case.territory.locality.name else "gestor_sur"


def start(client, record, capture):
    with capture(execute=True):
        response = client.post(f"{ADMIN}preparar/{record.pk}/", {
            "title": "Acta de reunión comunitaria (versión pública)", "kind": "acta",
            "document_date": "2026-06-01", "summary": "Acta de la primera reunión de la ruta."})
    assert response.status_code == 302, response.content.decode()[:3000]
    return PublicVersion.objects.latest("pk")


def review(client, version, capture, **data):
    if "apply" in data and data.get("extra_terms", "") != version.extra_terms:
        # New terms send the version back to detection first; the reviewer then
        # sees the new proposals and applies (two requests, as in the admin).
        assert "keep" not in data, "choose what to keep after the new detection"
        version = review(client, version, capture,
                         **{k: v for k, v in data.items() if k != "apply"})
    payload = {"keep": [str(i) for i, p in enumerate(version.proposals)],
               "extra_terms": "", "extra_areas": "", **data}
    with capture(execute=True):
        response = client.post(f"{ADMIN}{version.pk}/revisar/", payload)
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    return version


def public_text(version) -> str:
    with version.output.open("rb") as handle:
        return extract_text(io.BytesIO(handle.read()))


def test_the_original_is_private_and_only_its_territory_may_download_it(record, login, client):
    url = f"/admin/records/caserecord/{record.pk}/original/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    other = "gestor_sur" if manager_for(record) == "gestor_norte" else "gestor_norte"
    assert login(other).get(url).status_code == 404
    response = login(manager_for(record)).get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    with pytest.raises(ValueError):
        record.file.url
    assert AuditEntry.objects.filter(object_id=str(record.pk), action="file_view").exists()


def test_prepare_review_apply_and_publish_with_four_eyes(
        record, login, django_capture_on_commit_callbacks, client):
    capture = django_capture_on_commit_callbacks
    manager = login(manager_for(record))
    version = start(manager, record, capture)
    assert version.status == "revision" and version.page_count == 1
    categories = {p["category"] for p in version.proposals}
    assert {"cedula", "telefono", "correo", "direccion"} <= categories
    assert all(set(p) == {"page", "rect", "category", "legal_ground", "fingerprint", "keep",
                          "reason", "confidence", "official"}
               for p in version.proposals)  # no text is stored, only why it was proposed
    assert manager.get(f"{ADMIN}{version.pk}/pagina/1.png")["Content-Type"] == "image/png"

    # The reviewer adds names and the reserved passage, with its own ground.
    names = "\n".join(name for name, *_ in PLANTED_PEOPLE)
    version = review(manager, version, capture,
                     extra_terms=names + f"\n{RESERVED_PASSAGE} | seguridad_publica")
    assert version.status == "revision"
    version = review(manager, version, capture, apply="1",
                     extra_terms=version.extra_terms)
    assert version.status == "preparada", version.failure
    text = public_text(version)
    for person in PLANTED_PEOPLE:
        for value in person:
            assert value not in text
    assert "patrullajes encubiertos" not in text
    assert "pacto de convivencia" in text  # ordinary text survives
    assert "Ley 1712/2014 art. 19" in text and "Ley 1581/2012" in text

    # Four eyes: whoever prepared cannot approve; Coordinación can.
    assert manager.post(f"{ADMIN}{version.pk}/aprobar/").status_code == 403
    coordinator = login("coordinador")
    response = coordinator.post(f"{ADMIN}{version.pk}/aprobar/")
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "publicada" and version.approved_by.username == "coordinador"
    page = DocumentPage.objects.get(pk=version.document_page_id)
    assert page.live and page.territory.territory_id == record.step.case.territory_id
    grounds = page.legal_grounds
    assert any("1581" in g for g in grounds) and any("art. 19" in g for g in grounds)
    html = client.get(page.url).content.decode()
    assert page.document.url in html
    pdf = client.get(page.document.url)
    assert pdf.status_code == 200
    actions = set(AuditEntry.objects.filter(model="redaction.PublicVersion",
                                            object_id=str(version.pk))
                  .values_list("changes__accion", flat=True))
    assert {"preparar", "revisar", "aplicar", "aprobar publicacion"} <= actions

    # Withdrawing is one action, logged, and the file stops being served.
    document_url = page.document.url
    response = coordinator.post(f"{ADMIN}{version.pk}/retirar/",
                                {"reason": "Se detectó un dato que debía retirarse."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.document is None
    assert client.get(document_url).status_code == 404
    assert AuditEntry.objects.filter(model="redaction.PublicVersion", object_id=str(version.pk),
                                     changes__accion="retirar").exists()


def test_the_same_person_cannot_prepare_and_approve(record, login,
                                                    django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    coordinator = login("coordinador")
    version = start(coordinator, record, capture)
    version = review(coordinator, version, capture, apply="1",
                     extra_terms="\n".join(name for name, *_ in PLANTED_PEOPLE))
    assert version.status == "preparada", version.failure
    response = coordinator.post(f"{ADMIN}{version.pk}/aprobar/")
    assert "Cuatro ojos" in response.content.decode()
    version.refresh_from_db()
    assert version.status == "preparada"


def test_a_dismissed_false_positive_is_accepted_by_the_gate(
        record, login, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    manager = login(manager_for(record))
    version = start(manager, record, capture)
    names = "\n".join(name for name, *_ in PLANTED_PEOPLE)
    version = review(manager, version, capture, extra_terms=names)
    phone = next(i for i, p in enumerate(version.proposals) if p["category"] == "telefono")
    keep = [str(i) for i in range(len(version.proposals)) if i != phone]
    version = review(manager, version, capture, keep=keep, extra_terms=names, apply="1")
    assert version.status == "preparada", version.failure
    assert PLANTED_PEOPLE[0][2] in public_text(version)  # the reviewer's call, logged
    entry = AuditEntry.objects.filter(model="redaction.PublicVersion", object_id=str(version.pk),
                                      changes__accion="revisar").latest("pk")
    assert entry.changes["descartadas"] == 1


def test_a_value_withheld_in_one_place_cannot_be_waved_through_in_another(
        record, login, django_capture_on_commit_callbacks):
    from redaction import services

    capture = django_capture_on_commit_callbacks
    manager = login(manager_for(record))
    version = start(manager, record, capture)
    phone = next(i for i, p in enumerate(version.proposals) if p["category"] == "telefono")
    # The same value dismissed where it is, and "kept" somewhere it is not: the gate
    # must not accept it, and it reports category and page only.
    decoy = {**version.proposals[phone], "rect": [0, 0, 5, 5], "keep": True}
    version.proposals[phone]["keep"] = False
    version.proposals.append(decoy)
    version.extra_terms = "\n".join(name for name, *_ in PLANTED_PEOPLE)
    version.save()
    with capture(execute=True):
        services.request_apply(version, by=version.prepared_by)
    version.refresh_from_db()
    assert version.status == "fallida"
    assert "telefono" in version.failure and "1" in version.failure
    for person in PLANTED_PEOPLE:
        for value in person:
            assert value not in version.failure
    assert not version.output


def test_review_rejects_bad_areas_in_spanish(record, login, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    manager = login(manager_for(record))
    version = start(manager, record, capture)
    response = manager.post(f"{ADMIN}{version.pk}/revisar/", {
        "keep": [], "extra_terms": "", "extra_areas": "1; 10; 10; 5; 5; seguridad_publica"})
    assert "el área está vacía" in response.content.decode()
    response = manager.post(f"{ADMIN}{version.pk}/revisar/", {
        "keep": [], "extra_terms": "", "extra_areas": "9; 10; 10; 50; 50; seguridad_publica"})
    assert "no existe" in response.content.decode()


def test_no_public_surface_links_an_original(record, client, demo):
    from wagtail.models import Page

    originals = [r.file.name for r in CaseRecord.objects.exclude(file="")]
    assert originals
    urls = ["/api/documents/", "/api/content/documents/", "/documentos/", "/sitemap.xml"]
    urls += [p.url for p in Page.objects.live().public().type(DocumentPage)]
    for url in urls:
        body = client.get(url).content.decode()
        for name in originals:
            assert name not in body and re.sub(r".*/", "", name) not in body


def test_the_task_worker_does_the_long_work(record, login, task_worker):
    manager = login(manager_for(record))
    response = manager.post(f"{ADMIN}preparar/{record.pk}/", {
        "title": "Acta (versión pública)", "kind": "acta", "document_date": "2026-06-01",
        "summary": "Acta."})
    assert response.status_code == 302
    version = PublicVersion.objects.latest("pk")
    assert version.status == "cola_deteccion"  # the request returned without detecting
    assert task_worker() == 1
    version.refresh_from_db()
    assert version.status == "revision" and version.proposals


def test_a_version_whose_original_is_gone_fails_with_a_reason_and_the_queue_goes_on(
        demo, task_worker):
    """A poison job: an original vanished from storage before the worker ran. Its version
    says why it failed, its task is marked failed, and the job queued after it still runs."""
    import datetime

    from django.contrib.auth import get_user_model
    from django_tasks_db.models import DBTaskResult

    from redaction import services

    coordinator = get_user_model().objects.get(username="coordinador")
    broken, sound = CaseRecord.objects.exclude(file="").order_by("pk")[:2]
    versions = [services.start(record=r, by=coordinator, title=f"Acta {r.pk}", kind="acta",
                               document_date=datetime.date(2026, 6, 1), summary="Acta.")
                for r in (broken, sound)]
    # The row still names a file the storage no longer has (rolled back with the test;
    # the session's shared demo files are left alone).
    CaseRecord.objects.filter(pk=broken.pk).update(file="registros/ya-no-existe.pdf")

    assert task_worker() == 2
    for version in versions:
        version.refresh_from_db()
    assert versions[0].status == "fallida" and "archivo original" in versions[0].failure
    assert versions[1].status == "revision" and versions[1].proposals
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.FileNotFoundError"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_a_file_whose_pages_hang_fails_its_own_job_with_a_reason_and_the_queue_goes_on(
        demo, task_worker, settings, monkeypatch, tmp_path):
    """A poison file that makes the page work loop: its job is stopped at the time limit,
    the version says why, and the job queued after it still runs."""
    import datetime
    import time

    from django.contrib.auth import get_user_model

    from redaction import pipeline, services
    from tests.redaction.test_parallel import _settle_threads

    _settle_threads()  # the limit needs children: no other thread may be running
    settings.REDACTION_SECONDS_PER_PAGE, settings.REDACTION_MIN_SECONDS = 0.01, 2
    coordinator = get_user_model().objects.get(username="coordinador")
    poisoned, sound = CaseRecord.objects.exclude(file="").order_by("pk")[:2]
    versions = [services.start(record=r, by=coordinator, title=f"Acta {r.pk}", kind="acta",
                               document_date=datetime.date(2026, 6, 1), summary="Acta.")
                for r in (poisoned, sound)]
    find_pages = pipeline._find_pages
    hung = tmp_path / "hung"

    def hangs_the_first_time(shared, pages):
        # Runs in a child: only a file tells the next job's child that one already hung.
        if not hung.exists():
            hung.touch()
            time.sleep(600)
        return find_pages(shared, pages)

    monkeypatch.setattr(pipeline, "_find_pages", hangs_the_first_time)
    started = time.monotonic()
    assert task_worker() == 2
    assert time.monotonic() - started < 120
    for version in versions:
        version.refresh_from_db()
    assert versions[0].status == "fallida"
    assert "tardó más de 2 segundos y se canceló" in versions[0].failure
    assert versions[1].status == "revision" and versions[1].proposals


def test_analysts_never_download_originals(record, login):
    client = login("analista")
    html = client.get(f"/admin/records/caserecord/{record.pk}/change/").content.decode()
    assert "/original/" not in html
    assert client.get(f"/admin/records/caserecord/{record.pk}/original/").status_code == 403


def test_originals_over_the_size_limit_are_refused_in_spanish():
    from django.core.exceptions import ValidationError

    from records.models.cases import MAX_ORIGINAL_MB, validate_original_size

    class Big:
        size = MAX_ORIGINAL_MB * 1024 * 1024 + 1

    with pytest.raises(ValidationError, match="pesa más de 50 MB"):
        validate_original_size(Big())


def test_the_review_page_shows_names_found_without_a_list_with_their_reason(
        record, login, django_capture_on_commit_callbacks, client):
    manager = login(manager_for(record))
    version = start(manager, record, django_capture_on_commit_callbacks)
    names = [p for p in version.proposals if p["category"] == "nombre"]
    assert len(names) == len(PLANTED_PEOPLE)  # nobody listed them: found by context
    assert all(p["reason"] and p["confidence"] for p in names)
    html = manager.get(f"{ADMIN}{version.pk}/revisar/").content.decode()
    assert "<th scope=\"col\">Motivo</th>" in html
    assert "Nombre de persona" in html and names[0]["reason"] in html
    assert "confianza" in html
    for name, *_ in PLANTED_PEOPLE:
        assert name not in html  # the page shows why, never the value


def test_the_reviewer_is_told_what_the_conversion_of_a_word_file_dropped(
        record, login, django_capture_on_commit_callbacks):
    """Comments and tracked changes never reach the pages the reviewer sees: the page says so."""
    from django.core.files.base import ContentFile

    from redaction.office import _soffice
    from tests.redaction.test_docx_office import build_docx

    if _soffice() is None:
        pytest.skip("LibreOffice no está instalado")
    record.file.save("acta.docx", ContentFile(build_docx()), save=True)
    manager = login(manager_for(record))
    version = start(manager, record, django_capture_on_commit_callbacks)
    notes = version.report["source"]["notes"]
    assert version.report["source"]["engine"] and notes
    html = manager.get(f"{ADMIN}{version.pk}/revisar/").content.decode()
    assert "Al convertir el original a PDF" in html
    assert all(note in html for note in notes)
