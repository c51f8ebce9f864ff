"""Error pages whose message helps the person who met the error.

Django's own 404 view passes the exception's text to the template, which for most 404s
is an English sentence for developers («No CaseRecord matches the given query»); only
errors raised with a message for the user (``convive.storage.MissingFile``) show theirs.
"""

from django.template.response import TemplateResponse

from convive.storage import MissingFile


def page_not_found(request, exception):
    message = str(exception) if isinstance(exception, MissingFile) else ""
    return TemplateResponse(request, "404.html", {"message": message}, status=404).render()


def csrf_failure(request, reason=""):
    """A form sent without its security token (a page left open for hours, cookies blocked,
    or another site posting here): say so in plain Spanish and how to send it again. The
    browser's «Atrás» returns to the form with what was typed."""
    return TemplateResponse(request, "403_csrf.html", {}, status=403).render()
