package decision

import (
	"net/http"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

// serveReport answers POST /transactions.xml: it validates the batch
// synchronously (spec §6.2), then applies it all-or-nothing (spec §6.4) and
// answers 202. Rejections found while applying go to the integration-error
// log, never to the caller.
func (h *Handler) serveReport(w http.ResponseWriter, r *http.Request) {
	rq := h.pool.Get().(*request)
	defer h.release(rq)
	ctx := r.Context()
	now := h.now()
	p := &rq.params

	if err := rq.decode(r, true); err != nil {
		writeError(w, rq, err, false)
		return
	}
	opts, err := parseOptions(&rq.opts, requestOptions(r))
	if err != nil {
		writeError(w, rq, err, false)
		return
	}
	providerKey, _ := p.str(p.get("provider_key"))
	if blank(providerKey) {
		providerKey = ""
	}
	token, _ := p.str(p.get("service_token"))
	serviceID, _ := p.str(p.get("service_id"))
	snap := h.snaps.Load()
	providerKey, err = resolveProvider(snap, providerKey, token, serviceID)
	if err != nil {
		writeError(w, rq, err, false)
		return
	}
	if !p.validUTF8() {
		writeError(w, rq, errNotValidData, false)
		return
	}
	txs := p.get("transactions")
	switch p.kind(txs) {
	case kindNil:
		writeError(w, rq, errTransactionsBlank, false)
		return
	case kindString:
		if blank(p.nodes[txs].str) {
			writeError(w, rq, errTransactionsBlank, false)
		} else {
			writeError(w, rq, errTransactionsFormat, false)
		}
		return
	case kindArray:
		writeError(w, rq, errTransactionsFormat, false)
		return
	}
	for c := p.nodes[txs].first; c != none; c = p.nodes[c].next {
		switch p.nodes[c].kind {
		case kindNil:
			writeError(w, rq, errTransactionsNil, false)
			return
		case kindString, kindArray:
			writeError(w, rq, errTransactionsFormat, false)
			return
		}
	}
	for c := p.nodes[txs].first; c != none; c = p.nodes[c].next {
		if p.lookup(c, "user_id") != none {
			writeError(w, rq, errEndUsers, false)
			return
		}
	}
	svc, err := loadService(snap, providerKey, serviceID)
	if err != nil {
		writeError(w, rq, err, false)
		return
	}

	updates, usage, err := h.prepareReport(snap, svc, p, txs, opts.flatUsage, now)
	if err != nil {
		h.recordError(ctx, svc, err, now)
	} else {
		if len(updates) > 0 {
			if serr := h.counters.Apply(ctx, now, updates); serr != nil {
				h.storeFailed(ctx, w, serr)
				return
			}
		}
		if len(usage) > 0 {
			h.usage.Record(ctx, usage)
		}
	}
	writeXML(w, http.StatusAccepted, nil, true)
}

// prepareReport turns a report batch into counter updates and usage
// records. The first invalid transaction rejects the whole batch.
func (h *Handler) prepareReport(snap *Snapshot, svc *service, p *Params, txs int32, flat bool, now time.Time) ([]counter.Update, []Usage, *Error) {
	var (
		updates []counter.Update
		usage   []Usage
		raw     []usageEntry
		prop    []usageEntry
	)
	nowSec := now.Unix()
	for c := p.nodes[txs].first; c != none; c = p.nodes[c].next {
		u := p.lookup(c, "usage")
		if p.kind(u) == kindHash && onlyZeros(p, u) {
			continue
		}
		appID, _ := p.str(p.lookup(c, "app_id"))
		userKey, _ := p.str(p.lookup(c, "user_key"))
		var app *Application
		switch {
		case appID != "" && userKey != "":
			return nil, nil, errAuthentication
		case appID != "":
			if app = snap.application(svc.src.ID, appID); app == nil {
				return nil, nil, errAppNotFound(appID)
			}
		case userKey != "":
			if app = snap.applicationByUserKey(svc.src.ID, userKey); app == nil {
				return nil, nil, errUserKeyInvalid(userKey)
			}
		default:
			return nil, nil, errAppIDMissing
		}
		if p.kind(u) != kindHash {
			continue // nothing to count
		}
		var err *Error
		if raw, err = parseUsage(p, u, svc, raw); err != nil {
			return nil, nil, err
		}
		at := now
		if ts, ok := p.str(p.lookup(c, "timestamp")); ok {
			if t, ok := parseTimestamp(ts); ok {
				at = t
			}
		}
		switch {
		case at.Unix() < nowSec-maxTimestampAge:
			return nil, nil, errTimestampTooOld
		case at.Unix() > nowSec+maxTimestampFuture:
			return nil, nil, errTimestampTooNew
		}
		prop = propagate(svc, raw, flat, prop)
		deltas := toDeltas(svc, prop, make([]counter.Delta, 0, len(prop)))
		metrics := make([]MetricUsage, 0, len(prop))
		for _, e := range prop {
			m := &svc.metrics[e.metric]
			if e.set || e.value != 0 {
				metrics = append(metrics, MetricUsage{MetricID: m.id, MetricName: m.name, Set: e.set, Value: e.value})
			}
		}
		code := 0
		if v, ok := p.str(p.lookup(p.lookup(c, "log"), "code")); ok {
			code = parseResponseCode(v)
		}
		scope := counter.Scope{Service: svc.src.ID, Application: app.ID}
		if len(deltas) > 0 {
			updates = append(updates, counter.Update{Scope: scope, At: at, Usage: deltas})
		}
		if len(metrics) > 0 {
			usage = append(usage, Usage{
				ServiceID: svc.src.ID, ApplicationID: app.ID, At: at,
				Metrics: metrics, ResponseCode: code, Source: SourceReport,
			})
		}
	}
	return updates, usage, nil
}

// onlyZeros reports whether every value of usage hash u is the literal "0".
func onlyZeros(p *Params, u int32) bool {
	for c := p.nodes[u].first; c != none; c = p.nodes[c].next {
		if v, ok := p.str(c); !ok || v != "0" {
			return false
		}
	}
	return true
}
