package decision

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/textproto"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/portico-apim/portico/server/counter"
)

// Config wires the decision plane.
type Config struct {
	// Snapshots holds the management data; required.
	Snapshots *Holder
	// Counters is the counter store; required.
	Counters counter.Store
	// Usage receives accepted usage; nil discards it.
	Usage UsageSink
	// Errors receives integration errors; nil discards them.
	Errors ErrorSink
	// Ledger makes accepted usage durable before it is acknowledged; nil
	// keeps none.
	Ledger Ledger
	// Observer is told how every transaction request ended; nil: nobody.
	Observer Observer
	// Tracer starts a span per decision, under the request's; nil (tracing
	// off) starts none and costs nothing.
	Tracer trace.Tracer
	// Logger logs internal failures; nil discards them.
	Logger *slog.Logger
	// Version is reported by GET /status; empty means "portico".
	Version string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Handler serves the Service Management API.
type Handler struct {
	snaps    *Holder
	counters counter.Store
	usage    UsageSink
	errs     ErrorSink
	ledger   Ledger
	claimer  counter.Claimer
	obs      Observer
	tracer   trace.Tracer
	log      *slog.Logger
	now      func() time.Time
	status   []byte
	pool     sync.Pool
	bounds   boundsCache
}

// New validates cfg and returns a handler.
func New(cfg Config) (*Handler, error) {
	var errs []error
	if cfg.Snapshots == nil {
		errs = append(errs, errors.New("decision: Snapshots is required"))
	}
	if cfg.Counters == nil {
		errs = append(errs, errors.New("decision: Counters is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	h := &Handler{
		snaps:    cfg.Snapshots,
		counters: cfg.Counters,
		usage:    cfg.Usage,
		errs:     cfg.Errors,
		ledger:   cfg.Ledger,
		obs:      cfg.Observer,
		tracer:   cfg.Tracer,
		log:      cfg.Logger,
		now:      cfg.Now,
	}
	if h.usage == nil {
		h.usage = DiscardUsage{}
	}
	if h.errs == nil {
		h.errs = DiscardErrors{}
	}
	h.claimer, _ = cfg.Counters.(counter.Claimer)
	if h.ledger == nil {
		h.ledger = noLedger{}
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	version := cfg.Version
	if version == "" {
		version = "portico"
	}
	status, err := json.Marshal(map[string]any{"status": "ok", "version": map[string]string{"backend": version}})
	if err != nil {
		return nil, err
	}
	h.status = status
	h.pool.New = func() any { return &request{} }
	return h, nil
}

// Routes registers the Service Management API on mux: the transaction
// endpoints, the health probes, their CORS pre-flights, and the spec's 404
// for anything else under /transactions and the probe paths.
func (h *Handler) Routes(mux *http.ServeMux) {
	auth := func(ep endpoint) http.Handler {
		return h.recover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.serveAuth(w, r, ep) }))
	}
	mux.Handle("GET /transactions/authorize.xml", auth(epAuthorize))
	mux.Handle("GET /transactions/authrep.xml", auth(epAuthRep))
	mux.Handle("GET /transactions/oauth_authorize.xml", auth(epOAuthAuthorize))
	mux.Handle("GET /transactions/oauth_authrep.xml", auth(epOAuthAuthRep))
	mux.Handle("POST /transactions.xml", h.recover(http.HandlerFunc(h.serveReport)))
	mux.Handle("GET /status", h.recover(http.HandlerFunc(h.serveStatus)))
	mux.Handle("GET /check.txt", h.recover(http.HandlerFunc(h.serveCheck)))
	mux.Handle("HEAD /available", h.recover(http.HandlerFunc(h.serveAvailable)))

	notFound := h.NotFound()
	preflight := h.Preflight()
	for _, p := range []string{"/transactions", "/transactions/", "/transactions.xml", "/status", "/check.txt", "/available"} {
		mux.Handle(p, notFound)
		mux.Handle("OPTIONS "+p, preflight)
	}
}

// NotFound answers 404 with an empty body and the protocol's headers; mount
// it wherever an unknown path must look like the Service Management API.
func (h *Handler) NotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		setCommonHeaders(w.Header(), true)
		w.Header()["Content-Length"] = zeroLength
		w.WriteHeader(http.StatusNotFound)
	})
}

// Preflight answers CORS pre-flight requests (OPTIONS on any path).
func (h *Handler) Preflight() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hd := w.Header()
		hd["Access-Control-Allow-Origin"] = corsOrigin
		hd["Access-Control-Expose-Headers"] = corsExpose
		hd["Access-Control-Max-Age"] = corsMaxAge
		hd["Access-Control-Allow-Methods"] = corsMethods
		hd["Access-Control-Allow-Headers"] = corsHeaders
		w.WriteHeader(http.StatusNoContent)
	})
}

func (h *Handler) serveStatus(w http.ResponseWriter, _ *http.Request) {
	hd := w.Header()
	hd["Content-Type"] = contentJSON
	hd["Access-Control-Allow-Origin"] = corsOrigin
	hd["Access-Control-Expose-Headers"] = corsExpose
	hd["Content-Length"] = []string{strconv.Itoa(len(h.status))}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(h.status)
}

func (h *Handler) serveCheck(w http.ResponseWriter, _ *http.Request) {
	hd := w.Header()
	hd["Content-Type"] = contentText
	hd["Access-Control-Allow-Origin"] = corsOrigin
	hd["Access-Control-Expose-Headers"] = corsExpose
	hd["Content-Length"] = []string{"2"}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("ok"))
}

func (h *Handler) serveAvailable(w http.ResponseWriter, _ *http.Request) {
	hd := w.Header()
	hd["Access-Control-Allow-Origin"] = corsOrigin
	hd["Access-Control-Expose-Headers"] = corsExpose
	w.WriteHeader(http.StatusOK)
}

// recover turns a panic into a logged 500 with the protocol's plain body.
func (h *Handler) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.log.ErrorContext(r.Context(), "decision: panic", "panic", v, "path", r.URL.Path, "stack", string(debug.Stack()))
				writeServerError(w, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// writeServerError answers a failure of the server itself: no content type,
// a plain body, so gateways fall back to their caches.
func writeServerError(w http.ResponseWriter, status int) {
	hd := w.Header()
	for k := range hd {
		delete(hd, k)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(http.StatusText(status) + "\n"))
}

// ledgerFailed logs a failure to make usage durable and answers 503: the
// usage was not acknowledged.
func (h *Handler) ledgerFailed(ctx context.Context, w http.ResponseWriter, err error) {
	h.log.ErrorContext(ctx, "decision: usage journal", "error", err)
	writeServerError(w, http.StatusServiceUnavailable)
}

// storeFailed logs a counter-store failure and answers 503.
func (h *Handler) storeFailed(ctx context.Context, w http.ResponseWriter, err error) {
	h.log.ErrorContext(ctx, "decision: counter store", "error", err)
	writeServerError(w, http.StatusServiceUnavailable)
}

// Shared header values; net/http never modifies them.
var (
	contentXML  = []string{"application/vnd.3scale-v2.0+xml"}
	contentJSON = []string{"application/json"}
	contentText = []string{"text/plain;charset=utf-8"}
	corsOrigin  = []string{"*"}
	corsExpose  = []string{"ETag, Link, 3scale-rejection-reason"}
	csp         = []string{"default-src 'self'"}
	corsMaxAge  = []string{"86400"}
	corsMethods = []string{"GET, POST, PATCH, PUT, DELETE"}
	corsHeaders = []string{"Authorization, Accept-Encoding, Content-Type, Cache-Control, Accept, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-Requested-With, X-HTTP-Method-Override, 3scale-options"}
	zeroLength  = []string{"0"}
	minusOne    = []string{"-1"}
)

// Response header names, written in lower case as gateways see them.
const (
	headerRejection      = "3scale-rejection-reason"
	headerLimitRemaining = "3scale-limit-remaining"
	headerLimitReset     = "3scale-limit-reset"
	headerLimitMax       = "3scale-limit-max-value"
	// The IETF RateLimit fields (the rate_limit_headers extension).
	headerRateLimit       = "ratelimit"
	headerRateLimitPolicy = "ratelimit-policy"
	headerRetryAfter      = "retry-after"
)

// rejectionValues holds one header value per denial code.
var rejectionValues = map[Code][]string{
	CodeApplicationKeyInvalid: {string(CodeApplicationKeyInvalid)},
	CodeReferrerNotAllowed:    {string(CodeReferrerNotAllowed)},
	CodeApplicationNotActive:  {string(CodeApplicationNotActive)},
	CodeServiceNotActive:      {string(CodeServiceNotActive)},
	CodeLimitsExceeded:        {string(CodeLimitsExceeded)},
	CodeOAuthNotEnabled:       {string(CodeOAuthNotEnabled)},
	CodeRedirectURIInvalid:    {string(CodeRedirectURIInvalid)},
	CodeRedirectURLInvalid:    {string(CodeRedirectURLInvalid)},
}

func setCommonHeaders(hd http.Header, withCSP bool) {
	hd["Content-Type"] = contentXML
	hd["Access-Control-Allow-Origin"] = corsOrigin
	hd["Access-Control-Expose-Headers"] = corsExpose
	if withCSP {
		hd["Content-Security-Policy"] = csp
	}
}

// implicitLengthMax is the body size from which the handler sets
// Content-Length itself: net/http buffers 2048 bytes before it would switch
// to chunked encoding.
const implicitLengthMax = 2000

// optionsHeader is the canonical key of the 3scale-options header, so that
// reading it does not canonicalise (and allocate) on every request.
var optionsHeader = textproto.CanonicalMIMEHeaderKey("3scale-options")

// requestOptions returns the request's 3scale-options header.
func requestOptions(r *http.Request) string {
	if v := r.Header[optionsHeader]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// writeXML sends a protocol response: status, the protocol's headers and
// body (which may be empty).
func writeXML(w http.ResponseWriter, status int, body []byte, withCSP bool) {
	hd := w.Header()
	setCommonHeaders(hd, withCSP)
	switch {
	case len(body) == 0:
		hd["Content-Length"] = zeroLength
	case len(body) >= implicitLengthMax:
		hd["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	// A shorter body stays in net/http's buffer until the handler returns,
	// and net/http then sends its Content-Length without allocating.
	w.WriteHeader(status)
	if len(body) > 0 {
		_, _ = w.Write(body)
	}
}

// writeError sends an error document (empty under no_body, except for
// decoding errors).
func writeError(w http.ResponseWriter, rq *request, e *Error, noBody bool) {
	rq.outcome, rq.reason = OutcomeRejected, e.Code
	if noBody && !e.decoding {
		writeXML(w, e.Status(), nil, true)
		return
	}
	rq.buf = appendErrorDoc(rq.buf[:0], e)
	writeXML(w, e.Status(), rq.buf, !e.decoding)
}
