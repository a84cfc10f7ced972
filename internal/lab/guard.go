package lab

import (
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"
)

// guard lets through only what the lab's own page (or a script on this
// machine) would send. Host must be an IP address or localhost: a page of
// another site that made its own name resolve to this machine (DNS
// rebinding) sends its name, and is refused. A request that changes
// something must not come from another origin: a browser names the page
// that sent it in Origin, and the lab's is its own address.
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostAllowed(r.Host) {
			jsonError(w, http.StatusMisdirectedRequest, fmt.Sprintf("Host %q: the lab answers to an IP address or localhost only, so that no other site can reach it through a name of its own", r.Host))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if origin := r.Header.Get("Origin"); origin != "" && origin != "http://"+r.Host && origin != "https://"+r.Host {
				jsonError(w, http.StatusForbidden, fmt.Sprintf("Origin %q: the lab takes changes from its own page only (http://%s)", origin, r.Host))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a Host header names an IP address or
// localhost, with or without a port.
func hostAllowed(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	return strings.EqualFold(name, "localhost") || net.ParseIP(name) != nil
}

// jsonBody refuses (415) a request whose body is not declared JSON: a
// form of another site can post text/plain without asking first, but not
// application/json. It reports whether the request may go on.
func jsonBody(w http.ResponseWriter, r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		jsonError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: the body must be application/json", r.Header.Get("Content-Type")))
		return false
	}
	return true
}
