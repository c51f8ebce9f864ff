# A Varnish in front of gunicorn (convive.frontend_cache). The portal marks the pages it
# may keep (s-maxage) and bans everything on each change of public data. Run it with two
# listening sockets, one for visitors (nginx forwards there) and one only the portal's
# own processes reach:
#   varnishd -a public=127.0.0.1:6081 -a purge=127.0.0.1:6082 -f deploy/varnish.vcl ...
# and set FRONTEND_CACHE_PURGE_URLS=http://127.0.0.1:6082. Varnish adds its own hop to
# X-Forwarded-For: with nginx in front of it, set NUM_PROXIES=2.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

sub vcl_recv {
    if (local.socket == "purge") {
        if (req.method == "BAN") {
            if (req.http.X-Ban-Scope == "api") {
                # A petition filed or moved along: only the API's answers show petitions.
                ban("obj.http.x-url ~ ^/api/");
            } else {
                # Everything but static files (named by their content): pages under any
                # spelling of their address, redirects, API answers.
                ban("obj.http.x-url !~ ^/static/");
            }
            return (synth(200, "Ban added"));
        }
        return (synth(405, "Not allowed"));
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
        return (synth(405, "Not allowed"));
    }
    # One language only: one copy per page, not one per browser's language list.
    unset req.http.Accept-Language;
    set req.url = regsub(req.url, "\?$", "");
    # Otherwise Varnish's built-in rules: a request with a cookie (a session, a CSRF or
    # display-preference cookie) goes to the portal; an answer that sets one is not kept.
}

sub vcl_hash {
    # The scheme the TLS proxy saw: an http:// request's redirect is never an https:// answer.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    set beresp.http.x-url = bereq.url;  # what a ban matches, without the request
    if (!beresp.http.Cache-Control) {
        # Only what the portal marks is kept; nothing by Varnish's default lifetime.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-url;
}
