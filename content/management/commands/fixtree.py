"""Wagtail's ``fixtree``, followed by what a repaired tree needs: it renumbers tree paths in
SQL, without signals or log entries, so the pages' listings and what every page shares
(content.shell, the page cache, a proxy in front) are told public data changed."""

from wagtail.management.commands.fixtree import Command as WagtailFixtree


class Command(WagtailFixtree):
    def handle(self, *args, **options):
        from api.freshness import data_changed
        from content.selectors import forget_restrictions

        try:
            return super().handle(*args, **options)
        finally:
            forget_restrictions()
            data_changed()
