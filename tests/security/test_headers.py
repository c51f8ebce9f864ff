"""A Content-Security-Policy on the portal, admin, API and docs (finding 10). The browser
test (tests/browser/test_csp.py) checks that nothing these pages need is refused."""

import pytest

pytestmark = pytest.mark.django_db


def policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    return dict(part.strip().split(" ", 1) for part in
                response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("path", ["/", "/territorios/", "/atencion/pqrsd/", "/api/docs/",
                                  "/buscar/?q=barrio"])
def test_the_portal_and_the_docs_allow_no_inline_script_and_nothing_foreign(client, demo, path):
    directives = policy(client, path)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert "*" not in " ".join(directives.values())


def test_the_admin_runs_no_inline_script(client, demo):
    assert policy(client, "/admin/login/")["script-src"] == "'self'"


def test_the_cms_keeps_everything_on_this_origin(client, demo):
    directives = policy(client, "/cms/login/")
    assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


@pytest.mark.parametrize("path", ["/api/territories/", "/api/schema/", "/healthz"])
def test_answers_that_are_not_pages_allow_nothing(client, demo, path):
    assert policy(client, path) == {"default-src": "'none'", "frame-ancestors": "'none'",
                                    "base-uri": "'none'"}


def test_map_tiles_origin_is_the_only_foreign_image_source(client, demo, settings):
    from convive.csp import ContentSecurityPolicyMiddleware

    settings.MAP_TILE_URL = "https://tiles.example.gov.co/{z}/{x}/{y}.png"
    middleware = ContentSecurityPolicyMiddleware(lambda request: None)
    assert "img-src 'self' data: blob: https://tiles.example.gov.co;" in middleware.policies[
        "portal"]


def test_only_answers_that_allow_same_origin_framing_may_be_framed_by_this_origin(rf):
    from django.http import HttpResponse

    from convive.csp import ContentSecurityPolicyMiddleware

    def preview(request):
        response = HttpResponse("<p>vista previa</p>")
        response["X-Frame-Options"] = "SAMEORIGIN"  # what Wagtail's preview views set
        return response

    framed = ContentSecurityPolicyMiddleware(preview)(rf.get("/cms/pages/3/edit/preview/"))
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    plain = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("<p>x</p>"))(rf.get("/"))
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"]
