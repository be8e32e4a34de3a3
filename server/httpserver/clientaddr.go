package httpserver

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/portico-apim/portico/server/auth"
)

// clientAddress puts the client's address into the request context
// (auth.ClientIP), for the login throttle and the logs: the connection's
// peer, or, when the peer is a trusted proxy, the address the proxies
// forwarded.
func (s *Server) clientAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := ClientAddr(r, s.cfg.TrustedProxies)
		next.ServeHTTP(w, r.WithContext(auth.WithClientIP(r.Context(), addr)))
	})
}

// ClientAddr returns the address of the client of r. The connection's
// peer is the client unless it is one of trusted; then the hops the proxies
// appended to X-Forwarded-For (or, without it, to Forwarded) are read from
// the right, each trusted one naming the next, and the first hop that is
// not a trusted proxy is the client. A hop that is not an address ends the
// walk at the last trusted one, since the chain cannot be followed further.
//
// X-Forwarded-For wins when both are present: the proxies in use append to
// it, and a Forwarded header then comes from the client. Proxies that set
// only Forwarded must drop an incoming X-Forwarded-For.
func ClientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := parseHop(r.RemoteAddr)
	if !peer.IsValid() || !isTrusted(peer, trusted) {
		return peer
	}
	hops := forwardedFor(r.Header)
	addr := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop := parseHop(hops[i])
		if !hop.IsValid() {
			return addr
		}
		addr = hop
		if !isTrusted(hop, trusted) {
			return hop
		}
	}
	return addr
}

// forwardedFor lists the forwarded client addresses of h, leftmost first.
func forwardedFor(h http.Header) []string {
	var hops []string
	if xff := h.Values("X-Forwarded-For"); len(xff) > 0 {
		for _, line := range xff {
			for _, hop := range strings.Split(line, ",") {
				hops = append(hops, strings.TrimSpace(hop))
			}
		}
		return hops
	}
	for _, line := range h.Values("Forwarded") {
		for _, elem := range strings.Split(line, ",") {
			hop := ""
			for _, pair := range strings.Split(elem, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(pair), "=")
				if strings.EqualFold(k, "for") {
					hop = strings.Trim(v, `"`)
				}
			}
			hops = append(hops, hop)
		}
	}
	return hops
}

// parseHop reads an address with or without a port ("192.0.2.1",
// "192.0.2.1:443", "[2001:db8::1]:443", "2001:db8::1"); anything else is
// the zero Addr.
func parseHop(s string) netip.Addr {
	s = strings.TrimSpace(s)
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
