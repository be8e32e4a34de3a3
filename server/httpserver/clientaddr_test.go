package httpserver_test

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/portico-apim/portico/server/httpserver"
)

func TestClientAddr(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:f::/48")}
	for _, c := range []struct {
		name    string
		peer    string
		headers map[string][]string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxy", "198.51.100.7:5000", nil, trusted, "198.51.100.7"},
		{"untrusted peer's X-Forwarded-For is ignored", "198.51.100.7:5000",
			map[string][]string{"X-Forwarded-For": {"203.0.113.1"}}, trusted, "198.51.100.7"},
		{"no trusted proxies configured", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"203.0.113.1"}}, nil, "10.0.0.1"},
		{"trusted peer", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"203.0.113.1"}}, trusted, "203.0.113.1"},
		{"rightmost untrusted hop wins over what the client wrote", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"1.2.3.4, 203.0.113.1, 10.1.1.1"}}, trusted, "203.0.113.1"},
		{"hops over several header lines", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"1.2.3.4", "203.0.113.1,10.1.1.1"}}, trusted, "203.0.113.1"},
		{"every hop trusted: the leftmost", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"10.3.3.3, 10.2.2.2"}}, trusted, "10.3.3.3"},
		{"a hop that is not an address ends the walk", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"203.0.113.1, garbage, 10.2.2.2"}}, trusted, "10.2.2.2"},
		{"trusted peer without header", "10.0.0.1:5000", nil, trusted, "10.0.0.1"},
		{"IPv6 peer and hops", "[2001:db8:f::1]:443",
			map[string][]string{"X-Forwarded-For": {"2001:db8:1::5, 2001:db8:f::2"}}, trusted, "2001:db8:1::5"},
		{"IPv4-mapped IPv6 peer", "[::ffff:10.0.0.1]:443",
			map[string][]string{"X-Forwarded-For": {"203.0.113.1"}}, trusted, "203.0.113.1"},
		{"Forwarded", "10.0.0.1:5000",
			map[string][]string{"Forwarded": {`for=1.2.3.4, for="[2001:db8:1::5]:4711";proto=https, for=10.2.2.2`}}, trusted, "2001:db8:1::5"},
		{"Forwarded with an obfuscated hop", "10.0.0.1:5000",
			map[string][]string{"Forwarded": {"for=_hidden;by=10.0.0.1"}}, trusted, "10.0.0.1"},
		{"X-Forwarded-For wins over Forwarded", "10.0.0.1:5000",
			map[string][]string{"X-Forwarded-For": {"203.0.113.1"}, "Forwarded": {"for=1.2.3.4"}}, trusted, "203.0.113.1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/graphql", nil)
			r.RemoteAddr = c.peer
			for k, vs := range c.headers {
				for _, v := range vs {
					r.Header.Add(k, v)
				}
			}
			if got := httpserver.ClientAddr(r, c.trusted); got.String() != c.want {
				t.Errorf("client %s, want %s", got, c.want)
			}
		})
	}
}
