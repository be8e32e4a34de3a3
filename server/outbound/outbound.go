package outbound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Config says what the client may reach.
type Config struct {
	// AllowPrivate lets requests reach loopback, private and link-local
	// addresses (PORTICO_OUTBOUND_ALLOW_PRIVATE), for installations whose
	// receivers live on the same network, and for tests.
	AllowPrivate bool
	// Timeout bounds a whole request, body included (default 10 s).
	Timeout time.Duration
}

// ForbiddenError is a request refused because of the address it would reach.
type ForbiddenError struct {
	Host string
	Addr netip.Addr
	Why  string
}

func (e *ForbiddenError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("%s resolves to %s, a %s address, which outbound requests may not reach", e.Host, e.Addr, e.Why)
	}
	return fmt.Sprintf("%s is a %s address, which outbound requests may not reach", e.Addr, e.Why)
}

// metadata are cloud instance metadata addresses outside the link-local
// range (Alibaba Cloud's and AWS's IPv6 endpoint).
var metadata = []netip.Prefix{
	netip.MustParsePrefix("100.100.100.200/32"),
	netip.MustParsePrefix("fd00:ec2::254/128"),
}

// shared are ranges neither public nor covered by netip's predicates:
// carrier-grade NAT, benchmarking, "this network" and the IPv4 broadcast.
var shared = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("255.255.255.255/32"),
}

// Check says why addr may not be reached, or "" when it may.
func Check(addr netip.Addr) string {
	addr = addr.Unmap()
	for _, p := range metadata {
		if p.Contains(addr) {
			return "cloud metadata"
		}
	}
	switch {
	case addr == netip.AddrFrom4([4]byte{169, 254, 169, 254}):
		return "cloud metadata"
	case addr.IsLoopback():
		return "loopback"
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast(), addr.IsInterfaceLocalMulticast():
		return "link-local"
	case addr.IsPrivate():
		return "private"
	case addr.IsMulticast():
		return "multicast"
	}
	for _, p := range shared {
		if p.Contains(addr) {
			return "private"
		}
	}
	return ""
}

// Guard checks addresses for one configuration.
type Guard struct{ allowPrivate bool }

// NewGuard returns the checks of cfg.
func NewGuard(cfg Config) *Guard { return &Guard{allowPrivate: cfg.AllowPrivate} }

func (g *Guard) refuse(host string, addr netip.Addr) error {
	if g.allowPrivate {
		return nil
	}
	if why := Check(addr); why != "" {
		return &ForbiddenError{Host: host, Addr: addr.Unmap(), Why: why}
	}
	return nil
}

// CheckURL validates a URL the server will later request: http or https,
// a host, and (unless private addresses are allowed) a host that resolves
// only to reachable addresses. The error says precisely what is wrong.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return errors.New("must be an absolute http or https URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme %q is not allowed: use http or https", u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return errors.New("must name a host")
	}
	if u.User != nil {
		return errors.New("must not carry a user name or password")
	}
	if g.allowPrivate {
		return nil
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		return g.refuse(host, addr)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("host %s does not resolve", host)
	}
	for _, a := range addrs {
		if err := g.refuse(host, a); err != nil {
			return err
		}
	}
	return nil
}

// control runs after name resolution, on the address actually dialled.
func (g *Guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("outbound: unexpected address %q", address)
	}
	return g.refuse("", ap.Addr())
}

// MaxBody is how much of a response body the client's callers read.
const MaxBody = 64 << 10

// Client returns an HTTP client for tenant-chosen addresses: every
// connection, redirects included, goes through the guard; at most 5
// redirects; no proxy from the environment; a whole request bounded by
// cfg.Timeout.
func Client(cfg Config) *http.Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	g := NewGuard(cfg)
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("stopped after 5 redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to scheme %q refused", req.URL.Scheme)
			}
			return nil
		},
	}
}

// ReadBody reads at most MaxBody bytes of r and drains nothing more.
func ReadBody(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, MaxBody))
}

// IsForbidden reports whether err (from Client or CheckURL) is a refused address.
func IsForbidden(err error) bool {
	var fe *ForbiddenError
	return errors.As(err, &fe) || strings.Contains(fmt.Sprint(err), "outbound requests may not reach")
}
