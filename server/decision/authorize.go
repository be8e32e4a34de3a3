package decision

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/portico-apim/portico/server/counter"
)

// endpoint is one of the four authorization endpoints.
type endpoint uint8

const (
	epAuthorize endpoint = iota
	epAuthRep
	epOAuthAuthorize
	epOAuthAuthRep
)

func (e endpoint) oauth() bool   { return e == epOAuthAuthorize || e == epOAuthAuthRep }
func (e endpoint) reports() bool { return e == epAuthRep || e == epOAuthAuthRep }

// resolveProvider finds the provider key a request acts for (spec §2.1 steps
// 1–3).
func resolveProvider(snap *Snapshot, providerKey, token, serviceID string) (string, *Error) {
	if providerKey != "" {
		return providerKey, nil
	}
	if !blank(token) && !blank(serviceID) && snap.hasToken(token, serviceID) {
		if svc := snap.service(serviceID); svc != nil {
			return svc.src.ProviderKey, nil
		}
	}
	switch {
	case blank(token):
		return "", errCredentialsRequired
	case blank(serviceID):
		return "", errServiceIDMissing
	default:
		return "", errServiceTokenInvalid(token, serviceID)
	}
}

// loadService finds the service of a request (spec §2.1 steps 4–6).
func loadService(snap *Snapshot, providerKey, serviceID string) (*service, *Error) {
	if serviceID == "" {
		if svc := snap.service(snap.defaultService(providerKey)); svc != nil {
			return svc, nil
		}
		return nil, errProviderKeyInvalidOrServiceMissing(providerKey)
	}
	svc := snap.service(serviceID)
	if svc == nil {
		return nil, errServiceIDInvalid(serviceID)
	}
	if svc.src.ProviderKey != providerKey {
		if snap.defaultService(providerKey) == "" {
			return nil, errProviderKeyInvalid(providerKey)
		}
		return nil, errServiceIDInvalid(serviceID)
	}
	return svc, nil
}

func (h *Handler) recordError(ctx context.Context, svc *service, e *Error, now time.Time) {
	h.errs.RecordError(ctx, IntegrationError{ServiceID: svc.src.ID, Code: e.Code, Message: e.Message, At: now})
}

// serveAuth answers authorize, authrep and their OAuth variants.
func (h *Handler) serveAuth(w http.ResponseWriter, r *http.Request, ep endpoint) {
	rq := h.pool.Get().(*request)
	defer h.release(rq)
	defer h.observe(ep.String(), rq)
	ctx := r.Context()
	if h.tracer != nil {
		var span trace.Span
		ctx, span = h.tracer.Start(ctx, "decide "+ep.String())
		defer endSpan(span, rq)
	}
	now := h.now()
	p := &rq.params

	if err := rq.decode(r, false); err != nil {
		writeError(w, rq, err, false)
		return
	}
	opts, err := parseOptions(&rq.opts, requestOptions(r))
	if err != nil {
		writeError(w, rq, err, false)
		return
	}
	opts.applyLegacyNoBody(p)
	if !p.validUTF8() {
		writeError(w, rq, errNotValidData, false)
		return
	}

	serviceID := p.param("service_id")
	appID := p.param("app_id")
	userKey := p.param("user_key")
	token, _ := p.str(p.get("service_token"))
	appKey, hasAppKey := p.str(p.get("app_key"))
	appKey = rubyStrip(appKey)

	snap := h.snaps.Load()
	providerKey, err := resolveProvider(snap, p.param("provider_key"), token, serviceID)
	if err != nil {
		writeError(w, rq, err, opts.noBody)
		return
	}
	if p.get("user_id") != none {
		writeError(w, rq, errEndUsers, opts.noBody)
		return
	}
	usageNode := p.get("usage")
	switch p.kind(usageNode) {
	case kindNil:
		usageNode = none
	case kindHash:
	default:
		writeXML(w, http.StatusForbidden, nil, true)
		return
	}
	svc, err := loadService(snap, providerKey, serviceID)
	if err != nil {
		writeError(w, rq, err, opts.noBody)
		return
	}
	fail := func(e *Error) {
		h.recordError(ctx, svc, e, now)
		writeError(w, rq, e, opts.noBody)
	}

	if ep.oauth() && appID == "" {
		fail(errAppIDMissing)
		return
	}
	if appID != "" && userKey != "" {
		fail(errAuthentication)
		return
	}
	var app *Application
	if svc.mode == AuthUserKey && !ep.oauth() {
		if userKey == "" {
			fail(errUserKeyMissing)
			return
		}
		if app = snap.applicationByUserKey(svc.src.ID, userKey); app == nil {
			fail(errUserKeyInvalid(userKey))
			return
		}
	} else {
		if appID == "" {
			fail(errAppIDMissing)
			return
		}
		if app = snap.application(svc.src.ID, appID); app == nil {
			fail(errAppNotFound(appID))
			return
		}
	}
	if opts.noBody && usageNode != none {
		if e := checkUsageMetrics(p, usageNode, svc); e != nil {
			fail(e)
			return
		}
	}

	// Validators, in the spec's order; the first failure is the verdict.
	redirectField, redirectValue := redirectParam(p)
	var deny *denial
	switch {
	case ep.oauth():
		if svc.mode != AuthOAuth {
			deny = denyOAuthDisabled
		} else if deny = checkOAuthKey(app, appKey, hasAppKey); deny == nil {
			deny = checkRedirect(app, redirectField, redirectValue)
		}
	case svc.mode == AuthOAuth:
		deny = checkOAuthKey(app, appKey, hasAppKey)
	default:
		deny = checkKey(svc, app, appKey)
	}
	if deny == nil {
		deny = checkReferrer(svc, app, p)
	}
	if deny == nil && app.State != ServiceActive {
		deny = denyAppNotActive
	}
	if deny == nil && svc.src.State != "" && svc.src.State != ServiceActive {
		deny = denyServiceNotActive
	}

	hasUsage := usageNode != none
	rq.raw = rq.raw[:0]
	if deny == nil && hasUsage {
		if rq.raw, err = parseUsage(p, usageNode, svc, rq.raw); err != nil {
			fail(err)
			return
		}
	}

	pl := svc.plans[app.PlanID]
	var limits []planLimit
	var storeLimits []counter.Limit
	if pl != nil {
		limits, storeLimits = pl.limits, pl.store
	}
	// Under no_body only the limits of the listed metrics and their
	// ancestors matter (nothing else is shown, and the rest cannot fail).
	if opts.noBody && deny == nil && hasUsage && len(limits) > 0 {
		rq.sel, rq.limits = rq.sel[:0], rq.limits[:0]
		for i, l := range limits {
			if namedOrAncestor(svc, rq.raw, l.metric) {
				rq.sel = append(rq.sel, l)
				rq.limits = append(rq.limits, storeLimits[i])
			}
		}
		limits, storeLimits = rq.sel, rq.limits
	}

	d := &rq.dec
	*d = counter.Decision{Scope: counter.Scope{Service: svc.src.ID, Application: app.ID}, At: now}
	rq.res.Values = rq.res.Values[:0]
	// An authrep that may count usage holds the ledger from its counter
	// change until its usage is durable.
	held := deny == nil && ep.reports() && hasUsage
	if held {
		h.ledger.Hold()
		defer h.ledger.Release()
	}
	switch {
	case deny == nil:
		rq.prop = propagate(svc, rq.raw, opts.flatUsage, rq.prop)
		rq.deltas = toDeltas(svc, rq.prop, rq.deltas)
		commit := ep.reports() && hasUsage && len(rq.deltas) > 0
		if len(storeLimits) > 0 || commit {
			d.Limits, d.Usage, d.HasUsage, d.Commit = storeLimits, rq.deltas, hasUsage, commit
			if err := h.counters.Decide(ctx, d, &rq.res); err != nil {
				h.storeFailed(ctx, w, err)
				return
			}
			if !rq.res.Admitted {
				deny = denyLimits
			}
		}
	case !opts.noBody && len(storeLimits) > 0:
		d.Limits = storeLimits
		if err := h.counters.Decide(ctx, d, &rq.res); err != nil {
			h.storeFailed(ctx, w, err)
			return
		}
	}
	values := rq.res.Values
	if len(values) < len(limits) {
		values = make([]int64, len(limits)) // no read was needed
	}

	// Accepted usage reaches the sink whether or not any plan limits (and
	// so counts) its metrics.
	if deny == nil && ep.reports() && hasUsage {
		h.recordAuthRep(ctx, rq, svc, app, p, now)
		if err := h.commitAuthRep(ctx, rq, app, d); err != nil {
			h.ledgerFailed(ctx, w, err)
			return
		}
	}

	status := http.StatusOK
	hd := w.Header()
	rq.outcome = OutcomeAuthorized
	if deny != nil {
		rq.outcome, rq.reason = OutcomeDenied, deny.code
		if deny == denyLimits {
			rq.outcome = OutcomeLimited
		}
		status = http.StatusConflict
		if opts.rejectionReason {
			hd[headerRejection] = rejectionValues[deny.code]
		}
	}
	applied := deny == nil && ep.reports() && hasUsage
	if opts.limitHeaders && (deny == nil || deny == denyLimits) {
		setLimitHeaders(hd, svc, limits, values, rq.raw, hasUsage, applied, now.Unix(), h.bounds.at(now.Unix()))
	}
	if (opts.rateLimitHeaders || svc.src.RateLimitHeaders) && (deny == nil || deny == denyLimits) {
		setRateLimitHeaders(hd, svc, limits, values, rq.raw, hasUsage, applied, deny != nil, now.Unix(), h.bounds.at(now.Unix()))
	}
	if opts.noBody {
		writeXML(w, status, nil, true)
		return
	}
	rq.buf = appendStatus(rq.buf[:0], statusDoc{
		svc: svc, app: app, plan: pl, deny: deny, oauth: ep.oauth(),
		redirectField: redirectField, values: values, raw: rq.raw, applied: applied,
		listAppKeys: opts.listAppKeys, hierarchy: opts.hierarchy, bounds: h.bounds.at(now.Unix()),
	})
	writeXML(w, status, rq.buf, true)
}

// recordAuthRep hands an authorized authrep's usage to the usage sink.
// Metrics whose value was the literal "0" are not reported.
func (h *Handler) recordAuthRep(ctx context.Context, rq *request, svc *service, app *Application, p *Params, now time.Time) {
	rq.metrics = rq.metrics[:0]
	for _, e := range rq.prop {
		if !e.set && e.value == 0 {
			continue
		}
		m := &svc.metrics[e.metric]
		rq.metrics = append(rq.metrics, MetricUsage{MetricID: m.id, MetricName: m.name, Set: e.set, Value: e.value})
	}
	if len(rq.metrics) == 0 {
		return
	}
	code, rt, timed := readLog(p, p.get("log"))
	rq.usage = append(rq.usage[:0], Usage{
		ServiceID: svc.src.ID, ApplicationID: app.ID, At: now, Metrics: rq.metrics,
		ResponseCode: code, ResponseTime: rt, Timed: timed, Source: SourceAuthRep,
		AppRef: app.Ref, TenantRef: app.Tenant,
	})
	h.usage.Record(ctx, rq.usage)
}

// commitAuthRep makes an admitted authrep's counter change and usage
// durable.
func (h *Handler) commitAuthRep(ctx context.Context, rq *request, app *Application, d *counter.Decision) error {
	e := &rq.entry
	e.Updates, e.UpdateRefs, e.Usage, e.Claims = rq.updates[:0], rq.refs[:0], rq.usage, nil
	if d.Commit {
		e.Updates = append(e.Updates, counter.Update{Scope: d.Scope, At: d.At, Usage: d.Usage})
		e.UpdateRefs = append(e.UpdateRefs, app.Ref)
	}
	rq.updates, rq.refs = e.Updates, e.UpdateRefs
	if len(e.Updates) == 0 && len(e.Usage) == 0 {
		return nil
	}
	return h.ledger.Commit(ctx, e)
}

// redirectParam picks the redirect parameter of an OAuth request:
// redirect_url wins over redirect_uri.
func redirectParam(p *Params) (field, value string) {
	if c := p.get("redirect_url"); c != none {
		v, _ := p.str(c)
		return "redirect_url", v
	}
	if c := p.get("redirect_uri"); c != none {
		v, _ := p.str(c)
		return "redirect_uri", v
	}
	return "redirect_url", ""
}

func checkKey(svc *service, app *Application, appKey string) *denial {
	if svc.mode == AuthUserKey || len(app.Keys) == 0 {
		return nil
	}
	for _, k := range app.Keys {
		if k == appKey {
			return nil
		}
	}
	if blank(appKey) {
		return denyKeyMissing
	}
	return denyKeyInvalid(appKey)
}

func checkOAuthKey(app *Application, appKey string, present bool) *denial {
	if !present {
		return nil
	}
	if appKey == "" {
		return denyKeyMissing
	}
	for _, k := range app.Keys {
		if k == appKey {
			return nil
		}
	}
	return denyKeyInvalid(appKey)
}

func checkRedirect(app *Application, field, value string) *denial {
	if value == "" || value == app.RedirectURL {
		return nil
	}
	return denyRedirect(field, value)
}

func checkReferrer(svc *service, app *Application, p *Params) *denial {
	if !svc.src.ReferrerFiltersRequired || len(app.ReferrerFilters) == 0 {
		return nil
	}
	ref, _ := p.str(p.get("referrer"))
	if ref == "*" {
		return nil
	}
	if blank(ref) {
		return denyReferrerMissing
	}
	for _, f := range app.ReferrerFilters {
		if referrerMatches(f, ref) {
			return nil
		}
	}
	return denyReferrer(ref)
}

// mostConstrained picks the limit that allows the fewest more identical
// calls (spec §5.3): its index and those calls, -1 calls when no limit
// constrains the request (best is -1 when no limit applies at all), and
// what is left of it in its metric's units. Of limits that allow as many
// calls, the longest period wins: it is the one that lasts.
func mostConstrained(svc *service, limits []planLimit, values []int64, raw []usageEntry, hasUsage, applied bool) (best int, bestCalls, left int64) {
	best, bestCalls = -1, -1
	filter := hasUsage && len(raw) > 0
	for i, l := range limits {
		if filter && !namedOrAncestor(svc, raw, l.metric) {
			continue
		}
		used := values[i]
		if applied {
			used = currentValue(svc, raw, l.metric, used)
		}
		remaining := max(l.max-used, 0)
		var this int64
		if hasUsage {
			this = requestUsage(svc, raw, l.metric)
		}
		var calls int64
		switch {
		case remaining == 0:
			calls = 0
		case this > 0:
			calls = remaining / this
		default:
			calls = -1
		}
		if best < 0 {
			best, bestCalls, left = i, calls, remaining
			continue
		}
		switch {
		case calls == -1:
		case bestCalls == -1 || calls < bestCalls:
			best, bestCalls, left = i, calls, remaining
		case calls == bestCalls && l.period > limits[best].period:
			best, left = i, remaining
		}
	}
	return best, bestCalls, left
}

// setLimitHeaders writes the limit headers (spec §5.3): the most
// constrained usage report decides how many more identical calls fit.
func setLimitHeaders(hd http.Header, svc *service, limits []planLimit, values []int64, raw []usageEntry, hasUsage, applied bool, now int64, b *bounds) {
	best, bestCalls, _ := mostConstrained(svc, limits, values, raw, hasUsage, applied)
	if best < 0 || bestCalls == -1 {
		hd[headerLimitRemaining] = minusOne
		hd[headerLimitReset] = minusOne
		return
	}
	l := limits[best]
	hd[headerLimitRemaining] = []string{strconv.FormatInt(bestCalls, 10)}
	if l.period == counter.Eternity {
		hd[headerLimitReset] = minusOne
	} else {
		hd[headerLimitReset] = []string{strconv.FormatInt(b.w.End[l.period]-now, 10)}
	}
	hd[headerLimitMax] = []string{strconv.FormatInt(l.max, 10)}
}

// setRateLimitHeaders writes the IETF RateLimit fields
// (draft-ietf-httpapi-ratelimit-headers) for the most constrained limit,
// the one setLimitHeaders reports: RateLimit-Policy names it after its
// metric and period with its quota (q) in the metric's units and its window
// (w) in seconds; RateLimit tells what is left of it (r) and the seconds
// until its window ends (t). A denial by limits adds Retry-After, the
// seconds until then. An eternal limit has no window nor reset; a request
// no limit constrains gets no field.
func setRateLimitHeaders(hd http.Header, svc *service, limits []planLimit, values []int64, raw []usageEntry, hasUsage, applied, denied bool, now int64, b *bounds) {
	best, bestCalls, left := mostConstrained(svc, limits, values, raw, hasUsage, applied)
	if best < 0 || bestCalls == -1 {
		return
	}
	l := limits[best]
	// Both fields start with the policy's name, a structured-field string.
	var pbuf, sbuf [96]byte
	policy := appendSFString(pbuf[:0], svc.metrics[l.metric].name, l.period.String())
	state := append(sbuf[:0], policy...)
	policy = strconv.AppendInt(append(policy, ";q="...), l.max, 10)
	state = strconv.AppendInt(append(state, ";r="...), left, 10)
	if l.period != counter.Eternity {
		reset := b.w.End[l.period] - now
		policy = strconv.AppendInt(append(policy, ";w="...), b.w.End[l.period]-b.w.Start[l.period], 10)
		state = strconv.AppendInt(append(state, ";t="...), reset, 10)
		if denied {
			hd[headerRetryAfter] = []string{strconv.FormatInt(reset, 10)}
		}
	}
	hd[headerRateLimitPolicy] = []string{string(policy)}
	hd[headerRateLimit] = []string{string(state)}
}

// appendSFString appends "<metric>-<period>" as an HTTP structured-field
// string (RFC 8941): quoted, with quotes and backslashes escaped.
func appendSFString(dst []byte, metric, period string) []byte {
	dst = append(dst, '"')
	for _, part := range [...]string{metric, "-", period} {
		for i := 0; i < len(part); i++ {
			if c := part[i]; c == '"' || c == '\\' {
				dst = append(dst, '\\', c)
			} else {
				dst = append(dst, c)
			}
		}
	}
	return append(dst, '"')
}

// statusDoc is everything a <status> document shows.
type statusDoc struct {
	svc           *service
	app           *Application
	plan          *plan
	deny          *denial
	oauth         bool
	redirectField string
	values        []int64
	raw           []usageEntry
	applied       bool
	listAppKeys   bool
	hierarchy     bool
	bounds        *bounds
}

// listedBefore reports whether one of limits is on metric.
func listedBefore(limits []planLimit, metric int32) bool {
	for _, l := range limits {
		if l.metric == metric {
			return true
		}
	}
	return false
}

// maxListedKeys caps the keys list_app_keys shows.
const maxListedKeys = 256

// appendStatus writes a <status> document (spec §3.4) without whitespace.
func appendStatus(b []byte, d statusDoc) []byte {
	b = append(b, xmlHeader...)
	b = append(b, "<status><authorized>"...)
	if d.deny == nil {
		b = append(b, "true</authorized>"...)
	} else {
		b = append(b, "false</authorized><reason>"...)
		b = appendText(b, d.deny.reason)
		b = append(b, "</reason>"...)
	}
	if d.oauth {
		b = append(b, "<application><id>"...)
		b = appendText(b, d.app.ID)
		b = append(b, "</id><key>"...)
		if len(d.app.Keys) > 0 {
			b = appendText(b, d.app.Keys[0])
		}
		b = append(b, "</key><"...)
		b = append(b, d.redirectField...)
		b = append(b, '>')
		b = appendText(b, d.app.RedirectURL)
		b = append(b, "</"...)
		b = append(b, d.redirectField...)
		b = append(b, "></application>"...)
	}
	b = append(b, "<plan>"...)
	var limits []planLimit
	if d.plan != nil {
		b = appendText(b, d.plan.name)
		limits = d.plan.limits
	}
	b = append(b, "</plan>"...)
	if len(limits) > 0 {
		b = append(b, "<usage_reports>"...)
		for i, l := range limits {
			m := &d.svc.metrics[l.metric]
			stored := d.values[i]
			current := stored
			if d.applied {
				current = currentValue(d.svc, d.raw, l.metric, stored)
			}
			b = append(b, `<usage_report metric="`...)
			b = appendAttr(b, m.name)
			b = append(b, `" period="`...)
			b = append(b, l.period.String()...)
			b = append(b, '"')
			if stored > l.max {
				b = append(b, ` exceeded="true"`...)
			}
			b = append(b, '>')
			b = append(b, d.bounds.text[l.period]...)
			b = append(b, "<max_value>"...)
			b = strconv.AppendInt(b, l.max, 10)
			b = append(b, "</max_value><current_value>"...)
			b = strconv.AppendInt(b, current, 10)
			b = append(b, "</current_value></usage_report>"...)
		}
		b = append(b, "</usage_reports>"...)
	}
	if d.listAppKeys {
		b = append(b, `<app_keys app="`...)
		b = appendAttr(b, d.app.ID)
		b = append(b, `" svc="`...)
		b = appendAttr(b, d.svc.src.ID)
		b = append(b, `">`...)
		for i, k := range d.app.Keys {
			if i == maxListedKeys {
				break
			}
			b = append(b, `<key id="`...)
			b = appendAttr(b, k)
			b = append(b, `"/>`...)
		}
		b = append(b, "</app_keys>"...)
	}
	if d.hierarchy {
		b = append(b, "<hierarchy>"...)
		for i, l := range limits {
			if listedBefore(limits[:i], l.metric) {
				continue // one entry per metric, however many limits it has
			}
			m := &d.svc.metrics[l.metric]
			b = append(b, `<metric name="`...)
			b = appendAttr(b, m.name)
			b = append(b, `" children="`...)
			b = appendAttr(b, m.childNames)
			b = append(b, `"/>`...)
		}
		b = append(b, "</hierarchy>"...)
	}
	return append(b, "</status>"...)
}
