"""Preparing, approving and withdrawing public versions (Ley 1712 de 2014, art. 21).

Four eyes: whoever prepared a version (applied the redactions) can never
approve its publication.  Long work — detection and applying with the
verification gate — is a background task (redaction.tasks, run by
``manage.py db_worker``; right after the commit in development).
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.documents import get_document_model

from convive.tasks import enqueue_with_commit
from redaction import pipeline
from redaction.errors import UnreadableInput, VerificationFailed
from redaction.grounds import LegalGround
from redaction.models import PublicVersion
from records.models import AuditEntry
from records.services.audit import log

# Ground codes of redaction.grounds → choices of content.blocks.WithheldPartBlock.
PORTAL_GROUND = {
    LegalGround.PERSONAL_DATA: "ley1581",
    LegalGround.LIFE_SAFETY: "art18_vida",
    LegalGround.PUBLIC_SECURITY: "art19_seguridad",
    LegalGround.INVESTIGATION: "art19_investigacion",
}
Status = PublicVersion.Status


class PublicationError(ValidationError):
    pass


def _log(by, version, action, **details):
    log(AuditEntry.Action.TRANSITION, version, actor=by, changes={"accion": action, **details})


def _original(version: PublicVersion):
    """The original as PDF (pipeline.Conversion): what LibreOffice dropped is in its notes."""
    with version.record.file.open("rb") as handle:
        return pipeline.convert(handle.read())


def original_pdf(version: PublicVersion) -> bytes:
    """The original as the PDF the reviewer's page images are drawn from."""
    return _original(version).pdf


def _enqueue(version: PublicVersion) -> None:
    from redaction.tasks import process_version

    enqueue_with_commit(process_version, version.pk)


@transaction.atomic
def start(*, record, by, title, kind, document_date, summary) -> PublicVersion:
    """'Prepare public version' on a record: queue detection on its original."""
    if not record.file:
        raise PublicationError("El registro no tiene archivo original para preparar.")
    version = PublicVersion.objects.create(
        record=record, title=title, kind=kind, document_date=document_date, summary=summary,
        status=Status.QUEUED_DETECTION, prepared_by=by,
    )
    _log(by, version, "preparar", registro=record.pk)
    _enqueue(version)
    return version


def detect(version: PublicVersion) -> PublicVersion:
    """Find what to withhold; keep the reviewer's earlier choices for the same values."""
    previous = {(p["page"], p.get("fingerprint"), p["category"]): p for p in version.proposals}
    try:
        conversion = _original(version)
        proposals = pipeline.find_redactions(conversion.pdf, version.terms)
        version.page_count = _page_count(conversion.pdf)
    except (UnreadableInput, ValueError) as exc:
        version.status, version.failure = Status.FAILED, str(exc)
        version.save(update_fields=["status", "failure"])
        return version
    # The reviewer must know what never reached the pages shown (comments, tracked changes).
    version.report = {"source": conversion.as_report()}
    rows = []
    for proposal in proposals:
        row = proposal.as_dict()
        row.pop("legal_ground_label", None)
        earlier = previous.get((row["page"], row["fingerprint"], row["category"]))
        row["keep"] = earlier.get("keep", True) if earlier else True
        if earlier:
            row["legal_ground"] = earlier["legal_ground"]
        rows.append(row)
    version.proposals = rows
    version.status, version.failure = Status.REVIEW, ""
    version.save(update_fields=["proposals", "page_count", "status", "failure", "report"])
    return version


def _page_count(pdf: bytes) -> int:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return doc.page_count


def _require(version, *statuses):
    if version.status not in statuses:
        raise PublicationError(
            f"La versión está «{version.get_status_display()}»; esta acción no aplica ahora."
        )


@transaction.atomic
def review(version: PublicVersion, *, by, keep: set[int], grounds: dict[int, str],
           extra_terms: str, extra_areas: list[dict]) -> PublicVersion:
    """Save the reviewer's choices; new terms send the version back to detection."""
    version = PublicVersion.objects.select_for_update().get(pk=version.pk)
    _require(version, Status.REVIEW, Status.FAILED, Status.PREPARED)
    valid_grounds = set(LegalGround.values)
    for index, row in enumerate(version.proposals):
        row["keep"] = index in keep
        ground = grounds.get(index, row["legal_ground"])
        if ground not in valid_grounds:
            raise PublicationError(f"Fundamento legal desconocido en el área {index + 1}.")
        row["legal_ground"] = ground
    for area in extra_areas:
        if area["legal_ground"] not in valid_grounds:
            raise PublicationError("Fundamento legal desconocido en un área adicional.")
        if version.page_count and not 0 <= area["page"] < version.page_count:
            raise PublicationError(f"La página {area['page'] + 1} no existe en el documento.")
    terms_changed = extra_terms.strip() != version.extra_terms.strip()
    version.extra_terms = extra_terms.strip()
    try:
        version.terms
    except ValueError as exc:  # TermsFileError: the line and what is wrong, in Spanish
        raise PublicationError(str(exc)) from exc
    version.extra_areas = extra_areas
    if version.output:
        version.output.delete(save=False)  # a changed review invalidates the prepared file
    # The prepared file's report goes with it; what the conversion dropped still holds.
    version.report = {"source": version.report["source"]} if "source" in version.report else {}
    version.status = Status.QUEUED_DETECTION if terms_changed else Status.REVIEW
    version.prepared_by = by
    version.save()
    dismissed = sum(1 for row in version.proposals if not row["keep"])
    _log(by, version, "revisar", descartadas=dismissed, areas_adicionales=len(extra_areas),
         terminos_adicionales=len(version.terms))
    if terms_changed:
        _enqueue(version)
    return version


@transaction.atomic
def request_apply(version: PublicVersion, *, by) -> PublicVersion:
    version = PublicVersion.objects.select_for_update().get(pk=version.pk)
    _require(version, Status.REVIEW)
    version.status, version.prepared_by = Status.QUEUED_APPLY, by
    version.save(update_fields=["status", "prepared_by"])
    _enqueue(version)
    return version


def apply(version: PublicVersion) -> PublicVersion:
    """Remove, write from scratch and verify: the same pipeline and gate as `manage.py redact`."""
    conversion = None
    try:
        conversion = _original(version)
        result = pipeline.apply_redactions(
            conversion.pdf, version.kept_areas, version.terms,
            version.dismissed_fingerprints,
        )
    except VerificationFailed as exc:
        version.status = Status.FAILED
        version.failure = str(exc)
        version.report = {**(exc.report or {}), "source": conversion.as_report()}
        version.save(update_fields=["status", "failure", "report"])
        _log(version.prepared_by, version, "verificacion fallida",
             hallazgos=[[f.category, f.page] for f in exc.findings])
        return version
    except (UnreadableInput, ValueError) as exc:
        version.status, version.failure = Status.FAILED, str(exc)
        version.save(update_fields=["status", "failure"])
        return version
    version.output.save(f"version-publica-{version.pk}.pdf", ContentFile(result.pdf), save=False)
    version.report = {**result.report, "source": conversion.as_report()}
    version.status, version.failure = Status.PREPARED, ""
    version.prepared_at = timezone.now()
    version.save()
    _log(version.prepared_by, version, "aplicar", categorias=categories_of(result.report))
    return version


def categories_of(report: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in report.get("redactions", []):
        key = f"{item['category']}:{item['legal_ground']}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def process(pk: int) -> PublicVersion | None:
    """Run whatever a queued version waits for (the worker and the inline mode call this)."""
    with transaction.atomic():
        version = (PublicVersion.objects.select_for_update(skip_locked=True)
                   .filter(pk=pk, status__in=[Status.QUEUED_DETECTION, Status.QUEUED_APPLY])
                   .first())
        if version is None:
            return None
        if version.status == Status.QUEUED_DETECTION:
            return detect(version)
        return apply(version)


def withheld_parts(report: dict) -> list[dict]:
    """One line per category and ground, for the portal: never the removed text."""
    from redaction.grounds import Category

    parts = []
    for key, count in sorted(categories_of(report).items()):
        category, ground = key.split(":")
        label = Category(category).label
        parts.append({"type": "part", "value": {
            "ground": PORTAL_GROUND[LegalGround(ground)],
            "description": f"{label} ({count} {'parte' if count == 1 else 'partes'})",
        }})
    return parts


@transaction.atomic
def approve(version: PublicVersion, *, by) -> PublicVersion:
    """Publish the verified public version in the document library (four eyes)."""
    from content.models import DocumentIndexPage, DocumentPage, TerritoryPage

    version = PublicVersion.objects.select_for_update().get(pk=version.pk)
    _require(version, Status.PREPARED)
    if version.prepared_by_id == by.pk:
        raise PublicationError("Cuatro ojos: quien preparó la versión pública no puede aprobar "
                               "su publicación. Debe aprobarla otra persona.")
    if not by.has_perm("redaction.approve_publicversion"):
        raise PublicationError("No tiene permiso para aprobar publicaciones.")
    index = DocumentIndexPage.objects.live().first()
    if index is None:
        raise PublicationError("No hay biblioteca de documentos publicada en el portal.")
    case = version.record.step.case
    territory_page = TerritoryPage.objects.filter(territory_id=case.territory_id).first()
    with version.output.open("rb") as handle:
        data = handle.read()
    document = get_document_model()(title=version.title)
    document.file.save(f"version-publica-{version.pk}.pdf", ContentFile(data), save=False)
    document.save()
    from django.utils.text import slugify

    page = DocumentPage(
        title=version.title, slug=_unique_slug(index, slugify(version.title)[:70] or "documento"),
        kind=version.kind, date=version.document_date, summary=version.summary,
        territory=territory_page, document=document,
        withheld_parts=withheld_parts(version.report),
        search_description=version.summary[:255],
    )
    index.add_child(instance=page)
    # Approval here is the publication decision (approve_publicversion), so Wagtail's
    # own page permissions are not asked again; the page log still names the approver.
    page.save_revision(user=by).publish(user=by, skip_permission_checks=True)
    version.document_page = page
    version.status, version.approved_by, version.approved_at = Status.PUBLISHED, by, timezone.now()
    version.save()
    _log(by, version, "aprobar publicacion", pagina=page.pk,
         categorias=categories_of(version.report))
    return version


def _unique_slug(parent, base):
    slug, n = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def withdraw(version: PublicVersion, *, by, reason: str) -> PublicVersion:
    """One action: unpublish the page and delete the public file; logged."""
    version = PublicVersion.objects.select_for_update().get(pk=version.pk)
    _require(version, Status.PUBLISHED)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise PublicationError({"reason": "Explique por qué se retira (al menos 10 caracteres)."})
    page = version.document_page
    if page is not None:
        document = page.document
        UnpublishPageAction(page, user=by, log_action=True).execute(skip_permission_checks=True)
        if document is not None:
            type(page).objects.filter(pk=page.pk).update(document=None)
            document.file.delete(save=False)
            document.delete()
    version.status, version.withdrawn_by = Status.WITHDRAWN, by
    version.withdrawn_at, version.withdrawal_reason = timezone.now(), reason
    version.save()
    _log(by, version, "retirar", motivo=reason)
    return version
