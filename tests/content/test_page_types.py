"""Wagtail's own checks on every page type: tree rules, rendering and preview."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase

from content import models

SAMPLES = {
    models.HomePage: "/",
    models.MissionPage: "/mision/",
    models.ProcessMapPage: "/procesos/",
    models.ProcessCardPage: "/procesos/c-gs-01/",
    models.ProcedurePage: "/procesos/c-gs-01/mm-gsc-p-003/",
    models.TerritoryIndexPage: "/territorios/",
    models.TerritoryPage: "/territorios/los-almendros/",
    models.DocumentIndexPage: "/documentos/",
    models.DocumentPage: "/documentos/pacto-san-martin/",
    models.TransparencyIndexPage: "/transparencia/",
    models.TransparencyCategoryPage: "/transparencia/1/",
}


@pytest.mark.usefixtures("demo")
class PageTypeTests(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.get(username="admin"))

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(models.ProcedurePage, {models.ProcessCardPage})
        self.assertAllowedSubpageTypes(models.ProcessCardPage, {models.ProcedurePage})
        self.assertAllowedSubpageTypes(models.TerritoryIndexPage, {models.TerritoryPage})
        self.assertAllowedSubpageTypes(models.DocumentIndexPage, {models.DocumentPage})
        self.assertCanNotCreateAt(models.HomePage, models.ProcedurePage)

    def test_every_page_type_renders_and_its_draft_can_be_viewed(self):
        for model, url in SAMPLES.items():
            page = model.objects.get(url_path__endswith=url if url != "/" else "/inicio/")
            with self.subTest(model=model.__name__):
                self.assertPageIsRenderable(page)
                page.title += " (borrador)"
                page.save_revision()
                response = self.client.get(f"/cms/pages/{page.pk}/view_draft/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "(borrador)")

    def test_pages_without_streamfields_preview_from_the_edit_form(self):
        for model in (models.MissionPage, models.TerritoryIndexPage, models.TerritoryPage):
            page = model.objects.live().first()
            with self.subTest(model=model.__name__):
                self.assertPageIsPreviewable(page)
