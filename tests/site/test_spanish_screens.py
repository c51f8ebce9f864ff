"""Staff screens speak Spanish: the main admin pages of each role, rendered, hold none of
the common English words of the libraries' interfaces (Django admin, import-export,
Wagtail, the API documentation)."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_named(demo):
    return lambda name: get_user_model().objects.get(username=name)

# Whole words as the libraries write them on screen. A Spanish page never needs them.
ENGLISH = [
    "Password", "Search", "Save", "Delete", "Cancel", "Submit", "Settings", "Privacy",
    "Select all", "Log out", "Sign out", "Dashboard", "Pages", "Page", "Edit", "Add",
    "Import", "Export", "Filter", "Reset", "Welcome", "Action", "Actions", "Go", "Yes", "No,",
    "of", "This exporter", "This importer", "Import finished", "Full Name", "Id Number",
    "Line number", "Skipped", "New", "Update", "Authorize", "Shortcuts", "Keyboard",
    "Help", "Documents", "Images", "Snippets", "Reports", "Users", "Groups", "Account",
    "Latest", "Status", "Live", "Draft", "Title", "Owner", "Locked", "Workflow", "Tasks",
    "Collections", "Redirects", "Sites", "Your", "recent", "Recent",
]
_WORDS = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w/-])")


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|template|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    # Attributes people read: titles, placeholders, labels for screen readers.
    read = " ".join(re.findall(r'(?:title|placeholder|aria-label|alt)="([^"]*)"', html))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html) + " " + read)


def english_in(html: str) -> list[str]:
    text = visible_text(html)
    return sorted({f"{m.group(1)} … {text[max(0, m.start() - 40):m.end() + 40]}"
                   for m in _WORDS.finditer(text)})


ADMIN_PAGES = {
    "coordinador": ["/admin/", "/admin/records/case/", "/admin/records/attendee/",
                    "/admin/records/attendee/import/", "/admin/records/attendee/export/",
                    "/admin/records/territory/import/", "/admin/records/auditentry/",
                    "/admin/citizens/petition/", "/admin/password_change/"],
    "gestor_norte": ["/admin/", "/admin/records/case/", "/admin/records/activity/",
                     "/admin/records/indicatorvalue/import/", "/admin/records/commitment/export/"],
    "analista": ["/admin/", "/admin/records/attendee/", "/admin/records/attendee/export/"],
    "atencion": ["/admin/", "/admin/citizens/petition/"],
}
CMS_PAGES = {
    "editora": ["/cms/", "/cms/pages/", "/cms/account/", "/cms/documents/", "/cms/images/"],
    "aprobador": ["/cms/", "/cms/pages/", "/cms/workflows/tasks/index/"],
    "admin": ["/cms/", "/cms/users/", "/cms/groups/"],
}


@pytest.mark.parametrize("role, url", [(r, u) for r, urls in ADMIN_PAGES.items() for u in urls]
                         + [(r, u) for r, urls in CMS_PAGES.items() for u in urls])
def test_staff_pages_hold_no_english_ui_words(client, user_named, role, url):
    client.force_login(user_named(role))
    response = client.get(url, follow=True)
    assert response.status_code == 200, (role, url, response.status_code)
    found = english_in(response.content.decode())
    assert not found, f"{role} {url}:\n" + "\n".join(found)


def test_the_api_documentation_speaks_spanish(client, user_named):
    client.force_login(user_named("coordinador"))
    for url in ("/api/docs/", "/api/schema/?format=json"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    schema = client.get("/api/schema/?format=json").json()
    tags = {tag for path in schema["paths"].values() for op in path.values()
            if isinstance(op, dict) for tag in op.get("tags", [])}
    english = {"catalog", "certifications", "datasets", "documents", "indicators", "processes",
               "records", "statistics", "territories"}
    assert tags and not english & {t.lower() for t in tags}, tags
    # Swagger UI has no translations of its own: a script relabels its buttons.
    assert "api/docs_es.js" in client.get("/api/docs/").content.decode()


def test_the_word_list_catches_what_it_should():
    assert english_in("<p>Search all pages…</p><button title='Save'>x</button>")
    assert english_in('<input placeholder="Password">')
    assert not english_in("<p>Buscar en todas las páginas</p><script>Search()</script>")
    assert not english_in('<a href="/cms/pages/">Páginas</a>')


@pytest.mark.parametrize("url", ["/cms/login/", "/admin/login/", "/cms/password_reset/"])
def test_login_pages_hold_no_english_ui_words(client, db, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    found = english_in(response.content.decode())
    assert not found, f"{url}:\n" + "\n".join(found)
