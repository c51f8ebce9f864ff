"""OpenAPI generation hooks."""


def exclude_foreign_endpoints(endpoints, **kwargs):
    """Document Convive's own API only.

    Wagtail's headless API (/api/content/) and its admin API (/cms/) are DRF
    views too, but they describe themselves; leaving them in would produce a
    schema that promises shapes drf-spectacular cannot infer.
    """
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith("/api/") and not path.startswith("/api/content/")
    ]
