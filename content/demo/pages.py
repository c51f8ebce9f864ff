"""Site tree and the portal's pages, transcribed from the seeds into demo_data/."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from content.demo.loader import read_data, stream, upsert_child
from content.demo.pdf import text_pdf
from content.models import (
    DocumentIndexPage,
    DocumentPage,
    GlossaryTerm,
    HomePage,
    MissionPage,
    ProcedurePage,
    ProcessCardPage,
    ProcessMapPage,
    TerritoryIndexPage,
    TerritoryPage,
    TransparencyCategoryPage,
    TransparencyIndexPage,
    VersionNote,
)
from records.models import Territory

# Both procedures hang from C-GS-01 in this portal (issue: portal, fixed addresses).
PROCEDURE_PARENT = "C-GS-01"


def section(home, model, slug, title, description, intro=""):
    return upsert_child(
        home, model, slug=slug,
        fields={"title": title, "show_in_menus": True, "search_description": description,
                "intro": intro},
    )


def load_mission(home: HomePage) -> MissionPage:
    data = read_data("mission.json")
    return upsert_child(
        home,
        MissionPage,
        slug=data["slug"],
        fields={
            "title": data["title"],
            "show_in_menus": True,
            "search_description": "Misión, visión y objetivos estratégicos de la Secretaría.",
            "mission": data["mission"],
            "vision": data["vision"],
        },
        children={
            "objectives": [
                {"text": text, "sort_order": index}
                for index, text in enumerate(data["objectives"])
            ]
        },
    )


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _signatories(rows):
    return stream("signatory", [
        {"role": r["role"], "name": r["name"], "position": r["position"], "date": r["date"] or None}
        for r in rows
    ])


def _seed_history(page, rows):
    """Historic change-control rows from the seed, older than the portal itself.

    The seed is authoritative for its versions: it corrects the row that the
    publish signal writes (dated today) when the page is first created.
    """
    for row in rows:
        VersionNote.objects.update_or_create(
            page=page, version=row["version"],
            defaults={"date": _date(row["date"]), "description": row["description"]},
        )


def _upsert_versioned(parent, model, *, slug, fields, children=None, history=()):
    page = upsert_child(parent, model, slug=slug, fields=fields, children=children)
    _seed_history(page, history)
    return page


def load_process_card(process_map, filename) -> ProcessCardPage:
    data = read_data(filename)
    last_change = data["change_control"][-1]["description"] if data["change_control"] else (
        "Publicación de la caracterización en el portal."
    )
    return _upsert_versioned(
        process_map, ProcessCardPage, slug=data["code"].lower(),
        fields={
            "title": data["title"],
            "search_description": f"Caracterización del proceso {data['code']}: {data['title']}.",
            "code": data["code"], "version": data["version"], "change_description": last_change,
            "process_type": data["process_type"], "responsible_unit": data["responsible_unit"],
            "objective": data["objective"], "scope": data["scope"],
            "application_field": data["application_field"],
            "policies": stream("policy", data["policies"]),
            "phva_rows": stream("row", data["phva_rows"]),
            "general_information": stream("item", [
                {"label": i["label"], "value": i["value"], "url": i.get("url", "")}
                for i in data["general_information"]
            ]),
            "general_information_note": data["general_information_note"],
            "resources": stream("resource", data["resources"]),
            "formalization": _signatories(data["formalization"]),
            "approval_note": data["approval_note"],
        },
        history=data["change_control"],
    )


def load_procedure(card, filename) -> ProcedurePage:
    data = read_data(filename)
    terms = []
    for definition in data["definitions"]:
        term, _ = GlossaryTerm.objects.get_or_create(
            term=definition["term"], defaults={"definition": definition["definition"]}
        )
        terms.append(term)
    history = data["change_control"]
    return _upsert_versioned(
        card, ProcedurePage, slug=data["slug"],
        fields={
            "title": data["title"],
            "search_description": f"Procedimiento {data['code'] or ''} {data['title']}.".replace("  ", " "),
            "code": data["code"], "version": data["version"],
            "change_description": history[-1]["description"] if history else "Adopción.",
            "effective_date": _date(data["effective_date"]), "issuer": data["issuer"],
            "responsible_leaders": data["responsible_leaders"],
            "objective": data["objective"], "scope": data["scope"],
            "legal_basis": stream("item", data["legal_basis"]),
            "general_conditions": stream("item", data["general_conditions"]),
            "policies": stream("policy", data["policies"]),
            "additional_provisions": stream("paragraph", data["community_enrolment_text"]),
            "steps": stream("step", data["steps"]),
            "annexes": stream("annex", [
                {"name": a["name"], "code": a["code"], "document": None} for a in data["annexes"]
            ]),
            "formalization": _signatories(data["formalization"]),
        },
        children={
            "definitions": [{"term": term, "sort_order": i} for i, term in enumerate(terms)]
        },
        history=history,
    )


def load_processes(home):
    process_map = section(
        home, ProcessMapPage, "procesos", "Mapa de procesos",
        "Caracterizaciones de los procesos de la Secretaría y sus procedimientos.",
        "Los procesos de la Secretaría agrupados por tipo. Cada caracterización indica su "
        "objetivo, sus políticas de operación, su ciclo PHVA y sus procedimientos.",
    )
    cards = {
        card.code: card
        for card in (
            load_process_card(process_map, "process_c-gs-01.json"),
            load_process_card(process_map, "process_c-ar-01.json"),
        )
    }
    load_procedure(cards[PROCEDURE_PARENT], "procedure_mm-gsc-p-003.json")
    load_procedure(cards[PROCEDURE_PARENT], "procedure_asistencia-tecnica.json")
    return process_map


def territory_index(home):
    return section(
        home, TerritoryIndexPage, "territorios", "Territorios seguros",
        "Barrios en la ruta de certificación como territorio seguro y barrios certificados.",
        "Barrios que recorren la ruta de coproducción de seguridad del procedimiento "
        "MM-GSC-P-003 y barrios certificados como territorio seguro.",
    )


def document_index(home):
    return section(
        home, DocumentIndexPage, "documentos", "Documentos públicos",
        "Versiones públicas de actas, diagnósticos, pactos, informes y certificados.",
        "Versiones públicas de los documentos de la ruta de certificación, editadas por "
        "seguridad: sin datos personales ni información reservada.",
    )


def load_territories(home):
    index = territory_index(home)
    records = {t.code: t for t in Territory.objects.all()}
    pages = {}
    for row in read_data("territories.json"):
        if row["code"] not in records:
            continue
        pages[row["code"]] = upsert_child(
            index, TerritoryPage, slug=row["slug"],
            fields={"title": row["title"], "territory": records[row["code"]],
                    "summary": row["summary"]},
        )
    return pages


def _public_pdf(row):
    Document = get_document_model()
    title = row["title"]
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(
            f"{row['slug']}.pdf",
            ContentFile(text_pdf(title, [row["summary"], "Versión pública de demostración."])),
            save=False,
        )
        document.save()
    return document


def load_documents(home, territories):
    index = document_index(home)
    for row in read_data("documents.json"):
        upsert_child(
            index, DocumentPage, slug=row["slug"],
            fields={
                "title": row["title"], "kind": row["kind"], "date": _date(row["date"]),
                "summary": row["summary"], "territory": territories.get(row["territory"]),
                "document": _public_pdf(row),
                "withheld_parts": stream("part", row["withheld"]),
            },
        )
    return index


def _transparency_item(home, item, pending):
    value = {"number": item["number"], "title": item["title"]}
    if item.get("description"):
        value["description"] = item["description"]
    if item.get("link_page"):
        page = Page.objects.filter(url_path=f"{home.url_path}{item['link_page']}/").first()
        if page is not None:
            value["link_page"] = page.pk
    if item.get("link_path"):
        # A part of the site that is not a page (the open-data catalogue), at its public address.
        value["link_url"] = settings.PUBLIC_BASE_URL.rstrip("/") + item["link_path"]
    if "link_page" not in value and "link_url" not in value:
        # Not answered yet: who publishes it and by when (the category's example values).
        value["responsible"] = item.get("responsible", pending["responsible"])
        value["due_date"] = item.get("due_date", pending["due_date"])
    return value


def load_transparency(home):
    index = section(
        home, TransparencyIndexPage, "transparencia",
        "Transparencia y acceso a la información pública",
        "Información pública de la Secretaría según la Ley 1712 de 2014.",
        "Menú de transparencia según la Ley 1712 de 2014 y el Anexo 2 de la Resolución "
        "MinTIC 1519 de 2020.",
    )
    for category in read_data("transparency.json"):
        upsert_child(
            index, TransparencyCategoryPage, slug=f"{category['number']}",
            fields={
                "title": category["title"], "number": category["number"],
                "items": stream("item", [_transparency_item(home, item, category["pending"])
                                         for item in category["items"]]),
            },
        )
    return index


def load_sections(home: HomePage) -> None:
    """Pages that need nothing from the records; publishing procedures registers their steps.

    Menu order follows creation order: sections first, then citizen services (the
    citizens app's demo, run by load_demo), transparency last."""
    load_mission(home)
    load_processes(home)
    territory_index(home)
    document_index(home)


def load_record_pages(home: HomePage) -> None:
    """Pages fed from internal records: territories and their public documents."""
    territories = load_territories(home)
    load_documents(home, territories)


def load_entity(home: HomePage) -> None:
    """The footer's entity data and the policies it links to (example values, see the file)."""
    from wagtail.models import Site

    from content.models import EntitySettings, InformationPage

    data = read_data("entity.json")
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in data["settings"].items():
        setattr(entity, name, value)
    for page in data["pages"]:
        setattr(entity, page["role"], upsert_child(
            home, InformationPage, slug=page["slug"],
            fields={"title": page["title"], "intro": page["intro"], "body": page["body"],
                    "show_in_menus": False}))
    entity.save()
