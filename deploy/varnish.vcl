# A Varnish in front of gunicorn (convive.frontend_cache): the portal tells it which
# pages it may keep (s-maxage) and purges them on every change of public data, with
# FRONTEND_CACHE_PURGE_URLS=http://127.0.0.1:6081 when Varnish listens there.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Purges come from the portal's own machines only.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    # Everything else follows Varnish's built-in rules: a request with a cookie (a
    # session, a CSRF or display-preference cookie) goes to the portal, and an answer
    # that sets one is never kept.
}
