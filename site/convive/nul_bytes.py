"""A NUL character in a request's address is refused before anything reads it.

No page, filter or record name holds one, and PostgreSQL cannot compare text with one:
`/api/documents/?kind=%00`, a lookup such as `/api/territories/%00/` or an admin search
reached the database and answered 500 there, on SQLite they answered "not found". Form
fields already refuse it (Django's and DRF's ProhibitNullCharactersValidator); this is
the same rule for the address, on every door at once.
"""

from urllib.parse import unquote

from convive.error_pages import spanish_bad_request

MESSAGE = ("La dirección contiene un carácter nulo (%00), que ningún dato de este sitio "
           "tiene: revise el enlace o la búsqueda.")


def has_nul(request) -> bool:
    return "\x00" in request.path_info or "\x00" in unquote(request.META.get("QUERY_STRING", ""))


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_nul(request):
            return self.get_response(request)
        return spanish_bad_request(request, MESSAGE)
