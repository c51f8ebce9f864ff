"""Random and odd addresses: route_along answers exactly what Wagtail's Page.route answers
(same page, same view arguments, same 404s). Written by an attacker's review."""

import itertools
import random

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page

from content.models import HomePage, InformationPage

pytestmark = pytest.mark.django_db


def res(fn):
    try:
        r = fn()
        args = tuple(getattr(a, '__name__', a) if callable(a) else a for a in r.args)
        return (r.page.pk, type(r.page).__name__, args, tuple(sorted(r.kwargs.items())))
    except Http404:
        return None


def compare(home, comps):
    rq = RequestFactory().get("/")
    base = Page.objects.get(pk=home.pk).specific
    w = res(lambda: Page.route(base, rq, list(comps)))
    o = res(lambda: HomePage.objects.get().route(RequestFactory().get("/"), list(comps)))
    return w, o


def test_fuzz(demo):
    home = HomePage.objects.get()
    # odd pages: unicode slug, repeated slugs at several depths, draft intermediate
    a = home.add_child(instance=InformationPage(title="Ñ", slug="ñandú", intro="x", body="x"))
    b = a.add_child(instance=InformationPage(title="r", slug="ñandú", intro="x", body="x"))
    b.add_child(instance=InformationPage(title="r2", slug="ñandú", intro="x", body="x"))
    d = home.add_child(instance=InformationPage(title="D", slug="draft", intro="x", body="x", live=False))
    d.add_child(instance=InformationPage(title="L", slug="Mixed-Case", intro="x", body="x"))
    slugs = list(Page.objects.values_list("slug", flat=True).distinct()) + [
        "MISION", "Mixed-Case", "mixed-case", "radicada", "csv", "consulta", "enviada", "x",
        "%20", "..", "ñandu", "NANDÚ"]
    rnd = random.Random(1)
    bad = []
    for n in range(1500):
        k = rnd.randint(1, 6)
        comps = [rnd.choice(slugs) for _ in range(k)]
        w, o = compare(home, comps)
        if w != o:
            bad.append((comps, w, o))
    # every real address plus sub-route suffixes
    for page in Page.objects.descendant_of(home):
        base = page.url_path[len(home.url_path):].strip("/").split("/")
        for extra in ([], ["radicada"], ["csv"], ["consulta"], ["enviada"], ["x"], ["ñandú"]):
            w, o = compare(home, base + extra)
            if w != o:
                bad.append((base + extra, w, o))
    assert not bad, bad[:10]
