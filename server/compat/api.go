package compat

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/analytics"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/openapi"
	"github.com/portico-apim/portico/server/proxyconf"
	"github.com/portico-apim/portico/server/tenants"
	"github.com/portico-apim/portico/server/webhooks"
)

// Prefixes are the path prefixes the REST API owns: every path under them
// is answered here, unknown ones with a 404 in the format asked for.
var Prefixes = []string{"/admin/api/", "/api/", "/stats/", "/master/api/"}

// Config wires the REST API.
type Config struct {
	Client    *ent.Client
	Auth      *auth.Service
	ProxyConf *proxyconf.Service
	Catalog   *catalog.Service
	Audience  *audience.Service
	// OpenAPI serves the ActiveDocs endpoints.
	OpenAPI *openapi.Service
	// Analytics serves /stats.
	Analytics *analytics.Service
	// Webhooks serves the webhook settings and failure list.
	Webhooks *webhooks.Service
	// Billing serves the Billing API (/api/invoices).
	Billing *billing.Service
	// Tenants serves the Master API's providers.
	Tenants *tenants.Service
	Logger  *slog.Logger
}

// API holds the services REST handlers call.
type API struct {
	client    *ent.Client
	auth      *auth.Service
	proxyconf *proxyconf.Service
	catalog   *catalog.Service
	audience  *audience.Service
	openapi   *openapi.Service
	analytics *analytics.Service
	webhooks  *webhooks.Service
	billing   *billing.Service
	tenants   *tenants.Service
	log       *slog.Logger
	// routes are the patterns registered on the API's muxes.
	routes []string
}

// Routes lists the method and path patterns registered so far.
func (a *API) Routes() []string { return slices.Clone(a.routes) }

// New returns the REST API.
func New(cfg Config) (*API, error) {
	if cfg.Client == nil || cfg.Auth == nil || cfg.ProxyConf == nil || cfg.Catalog == nil || cfg.Audience == nil {
		return nil, errors.New("compat: client, auth, proxyconf, catalog and audience are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &API{client: cfg.Client, auth: cfg.Auth, proxyconf: cfg.ProxyConf, catalog: cfg.Catalog, audience: cfg.Audience,
		openapi: cfg.OpenAPI, analytics: cfg.Analytics, webhooks: cfg.Webhooks, billing: cfg.Billing, tenants: cfg.Tenants, log: cfg.Logger}, nil
}

// Route says how one route is served.
type Route struct {
	// Scopes are the access-token scopes of which the caller needs one;
	// empty means account_management.
	Scopes []viewer.Scope
	// JSONOnly answers 406 when XML is asked for.
	JSONOnly bool
	// JSONPath routes only .json (and extension-less) paths: an .xml
	// path matches nothing and answers 404, as 3scale's service
	// subscriptions do.
	JSONPath bool
	// Default is the format of the path without extension; zero: XML, JSON
	// under /master/api.
	Default Format
	// Master serves the route to the master account only (401 otherwise).
	Master bool
	// CSV lets the route answer .csv (stats usage); elsewhere a .csv path
	// is not found.
	CSV bool
	// PDF lets the route answer .pdf (an invoice's document).
	PDF bool
}

// HandlerFunc answers one authenticated call.
type HandlerFunc func(c *Call) error

// Mux routes REST calls by method and path, the extension cut off.
type Mux struct {
	api *API
	mux *http.ServeMux
}

// NewMux returns an empty route table.
func (a *API) NewMux() *Mux { return &Mux{api: a, mux: http.NewServeMux()} }

type extKey struct{}

// Handle registers h for pattern (a ServeMux pattern without extension,
// such as "GET /admin/api/services/{id}/proxy/configs/{env}").
func (m *Mux) Handle(pattern string, rt Route, h HandlerFunc) {
	m.api.routes = append(m.api.routes, pattern)
	m.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ext, _ := r.Context().Value(extKey{}).(string)
		f := rt.Default
		if f == 0 {
			f = defaultFormat(r.URL.Path)
		}
		switch ext {
		case "xml":
			f = XML
		case "json":
			f = JSON
		case "pdf":
			if !rt.PDF {
				writeError(w, r, m.api.log, f, false, errNotFound)
				return
			}
		case "csv":
			if !rt.CSV {
				writeError(w, r, m.api.log, JSON, false, errNotFound)
				return
			}
			f = CSV
		}
		if rt.JSONPath && ext == "xml" {
			writeError(w, r, m.api.log, XML, rt.Master, errNotFound)
			return
		}
		if rt.JSONOnly && f == XML {
			writeError(w, r, m.api.log, JSON, rt.Master, errNotAcceptable)
			return
		}
		c, err := m.api.authenticate(r, rt)
		if err == nil {
			c.W, c.R, c.Format, c.Page = w, r, f, pageOf(r.URL.Query())
			err = h(c)
		}
		if err != nil {
			var wt wrongType
			if errors.As(err, &wt) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusUnprocessableEntity)
				_, _ = w.Write([]byte(wt.Error()))
				return
			}
			if errors.Is(err, errSuspended) {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			if f == CSV {
				f = JSON
			}
			writeError(w, r, m.api.log, f, rt.Master, err)
		}
	}))
}

// ServeHTTP cuts the extension off the path and dispatches; a path no route
// matches answers 404 in the format asked for.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	base, ext := splitExtension(r.URL.Path)
	r2 := r.Clone(context.WithValue(r.Context(), extKey{}, ext))
	r2.URL.Path, r2.URL.RawPath = base, ""
	if _, pattern := m.mux.Handler(r2); pattern == "" || ext == "?" {
		f := defaultFormat(r.URL.Path)
		switch ext {
		case "xml":
			f = XML
		case "json", "csv":
			f = JSON
		}
		writeError(w, r, m.api.log, f, false, errNotFound)
		return
	}
	m.mux.ServeHTTP(w, r2)
}

// Call is one authenticated REST call.
type Call struct {
	W      http.ResponseWriter
	R      *http.Request
	Format Format
	// Tenant is the tenant of the Host header.
	Tenant *ent.Tenant
	Page   Page
	ctx    context.Context

	raw       map[string]any
	loc       *time.Location
	params    *Params
	paramsKey string
}

// Context is the request's context carrying the caller as viewer.
func (c *Call) Context() context.Context { return c.ctx }

// Ext is the extension the path was called with ("xml", "json", "csv",
// "pdf"), or "" for none.
func (c *Call) Ext() string {
	ext, _ := c.R.Context().Value(extKey{}).(string)
	return ext
}

// Param is a query or form parameter.
func (c *Call) Param(name string) string { return c.R.FormValue(name) }

// Respond writes one representation under root.
func (c *Call) Respond(status int, root string, v any) error {
	b, err := encodeOne(c.Format, root, v)
	if err != nil {
		return err
	}
	writeBody(c.W, c.Format, status, b)
	return nil
}

// RespondList writes a collection, paged when meta is not nil.
func RespondList[T any](c *Call, plural, singular string, items []T, meta *Meta) error {
	b, err := encodeList(c.Format, plural, singular, items, meta)
	if err != nil {
		return err
	}
	writeBody(c.W, c.Format, http.StatusOK, b)
	return nil
}

// RespondRaw writes a document already encoded in the call's format.
func (c *Call) RespondRaw(status int, body []byte) {
	writeBody(c.W, c.Format, status, body)
}

// Origin is the scheme and host the call came to, such as
// https://api.example.com: where the caller reaches this server.
func (c *Call) Origin() string {
	scheme := "http"
	if c.R.TLS != nil || strings.EqualFold(c.R.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + c.R.Host
}
