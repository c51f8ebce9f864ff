from wagtail import hooks

from convive import frontend_cache


@hooks.register("before_serve_page")
def note_served_page(page, request, serve_args, serve_kwargs):
    # Which page's own address this is: only those may be kept by a proxy; a page's
    # sub-addresses (a receipt, a tracking result) answer one visitor (convive.frontend_cache).
    if frontend_cache.enabled():
        frontend_cache.note_served_page(request, page)
