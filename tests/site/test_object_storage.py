"""Files in object storage (FILE_STORAGE=s3) against a real S3 API server: moto in server
mode on its own loopback port. Public media in one bucket, private files in another that
nothing makes public; private files leave only through the permission-checked views; and
the storage going away costs the citizen a clear «try again», never a half-filed petition.
"""

import datetime
import io
import json
import urllib.request
import uuid

import pytest
from django.contrib.auth import get_user_model

from citizens.models import Petition, PetitionAttachment
from convive.s3config import s3_storages
from tests.citizens.conftest import FORM_URL, pdf_upload, petition_data, real_pdf
from tests.servers import MotoServer, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def moto():
    server = MotoServer(free_port()).start()
    yield server
    server.stop()


def use_buckets(settings, server):
    """Two fresh buckets on ``server``, configured exactly as production configures them."""
    names = {kind: f"convive-{kind}-{uuid.uuid4().hex[:8]}" for kind in ("publico", "privado")}
    s3 = server.client()
    for name in names.values():
        s3.create_bucket(Bucket=name)
    # As README's «Deploying» tells the operator: anyone may read the public bucket's
    # objects; the private bucket gets no policy at all.
    s3.put_bucket_policy(Bucket=names["publico"], Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Sid": "LecturaPublica", "Effect": "Allow", "Principal": "*",
            "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{names['publico']}/*"}]}))
    public, private, media_url = s3_storages(
        public_bucket=names["publico"], private_bucket=names["privado"],
        public_url=f"{server.endpoint}/{names['publico']}", endpoint_url=server.endpoint,
        access_key="pruebas", secret_key="pruebas", addressing_style="path",
        connect_timeout=1, read_timeout=5, max_attempts=1)
    settings.STORAGES = {**settings.STORAGES, "default": public, "private": private,
                         "import_export": private}
    settings.MEDIA_URL = media_url
    return names


def keys(server, bucket):
    listing = server.client().list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture
def buckets(settings, moto):
    return use_buckets(settings, moto)


def test_an_attachment_goes_to_the_private_bucket_and_out_only_through_the_checked_view(
        demo, client, buckets, moto, login):
    upload = pdf_upload()
    sent = upload.read()
    upload.seek(0)
    response = client.post(FORM_URL, {**petition_data(), "attachments": [upload]})
    assert response.status_code == 302
    attachment = PetitionAttachment.objects.latest("pk")
    assert keys(moto, buckets["privado"]) == [attachment.file.name]
    assert keys(moto, buckets["publico"]) == []
    with pytest.raises(ValueError):
        attachment.file.url  # not even a signed URL
    # Nobody reads the private bucket anonymously through the S3 API.
    anonymous = urllib.request.Request(
        f"{moto.endpoint}/{buckets['privado']}/{attachment.file.name}")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(anonymous, timeout=5)

    from citizens.models import Unit
    from citizens.services import pqrsd

    petition = attachment.petition
    pqrsd.assign(petition, unit=Unit.objects.get(code="convivencia"), by=None)
    url = f"/admin/citizens/petition/{petition.pk}/anexo/{attachment.pk}/"
    downloaded = login("coordinador").get(url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == sent
    client.logout()
    assert login("analista").get(url).status_code in (403, 404)


def test_published_documents_and_images_are_in_the_public_bucket(demo, client, buckets, moto):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    pdf = real_pdf("Informe.")
    document = get_document_model()(title="Informe de gestión")
    document.file.save("informe.pdf", ContentFile(pdf), save=True)
    assert keys(moto, buckets["publico"]) == [document.file.name]
    served = client.get(document.url)
    assert served.status_code == 200
    body = b"".join(served.streaming_content) if served.streaming else served.content
    assert body == pdf

    import pymupdf

    png = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False).tobytes("png")
    from django.core.files.images import ImageFile

    image = get_image_model()(title="Parque", file=ImageFile(io.BytesIO(png), name="parque.png"))
    image.save()
    rendition = image.get_rendition("width-20")
    assert rendition.url.startswith(f"{moto.endpoint}/{buckets['publico']}/")
    with urllib.request.urlopen(rendition.url, timeout=5) as answer:
        assert answer.status == 200 and answer.read()[:4] == b"\x89PNG"
    assert keys(moto, buckets["privado"]) == []


def test_a_public_version_is_prepared_from_and_into_the_private_bucket(demo, buckets, moto):
    from django.core.files.base import ContentFile

    from records.demo import PLANTED_PEOPLE
    from records.models import CaseRecord
    from redaction import services
    from redaction.demo import minutes_pdf

    record = CaseRecord.objects.filter(step__case__kind="certificacion").order_by("pk").first()
    record.file.save("acta.pdf", ContentFile(minutes_pdf("Norte", PLANTED_PEOPLE)), save=True)
    coordinator = get_user_model().objects.get(username="coordinador")
    version = services.start(record=record, by=coordinator, title="Acta (versión pública)",
                             kind="acta", document_date=datetime.date(2026, 6, 1),
                             summary="Acta.")
    version = services.detect(version)
    assert version.status == "revision" and version.proposals
    version = services.apply(services.request_apply(version, by=coordinator))
    assert version.status == "preparada", version.failure
    private = keys(moto, buckets["privado"])
    assert record.file.name in private and version.output.name in private
    assert keys(moto, buckets["publico"]) == []


def test_storage_stopped_and_restarted(demo, client, settings):
    """The S3 server goes away mid-run: /healthz says so, filing with an attachment answers a
    clear «try again» and keeps nothing, filing without one still works; when it is back
    (empty, as moto restarts), everything works again."""
    server = MotoServer(free_port()).start()
    try:
        use_buckets(settings, server)
        assert client.get("/healthz").json()["storage"] == "ok"
        server.stop()

        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["private_storage"] == "error"
        before = (Petition.objects.count(), PetitionAttachment.objects.count())
        response = client.post(FORM_URL, {**petition_data(), "attachments": [pdf_upload()]})
        assert response.status_code == 503 and response["Retry-After"]
        assert "No pudimos guardar los anexos en este momento" in response.content.decode()
        assert (Petition.objects.count(), PetitionAttachment.objects.count()) == before
        api = client.post("/api/pqrsd/", {**petition_data(type="queja", petition_type=None),
                                          "attachments": [pdf_upload()]})
        assert api.status_code == 503 and "Intente de nuevo" in api.json()["detail"]
        assert Petition.objects.count() == before[0]
        assert client.post(FORM_URL, petition_data()).status_code == 302  # no file: filed

        server.start()
        use_buckets(settings, server)
        assert client.get("/healthz").json()["status"] in ("ok", "degraded")
        response = client.post(FORM_URL, {**petition_data(), "attachments": [pdf_upload()]})
        assert response.status_code == 302
        assert PetitionAttachment.objects.count() == before[1] + 1
    finally:
        server.stop()
