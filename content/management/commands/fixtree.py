"""Wagtail's ``fixtree``, followed by what a repaired tree needs: it renumbers tree paths in
SQL, without signals or log entries, so what every page shares (content.shell, the
listings' restricted paths among it), the page cache and a proxy in front are told public
data changed."""

from wagtail.management.commands.fixtree import Command as WagtailFixtree


class Command(WagtailFixtree):
    def handle(self, *args, **options):
        from api.freshness import data_changed

        try:
            return super().handle(*args, **options)
        finally:
            data_changed()
