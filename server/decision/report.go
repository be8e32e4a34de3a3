package decision

import (
	"context"
	"net/http"
	"net/textproto"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/portico-apim/portico/server/counter"
)

// serveReport answers POST /transactions.xml: it validates the batch
// synchronously (spec §6.2), then applies it all-or-nothing (spec §6.4) and
// answers 202. Rejections found while applying go to the integration-error
// log, never to the caller.
func (h *Handler) serveReport(w http.ResponseWriter, r *http.Request) {
	rq := h.pool.Get().(*request)
	defer h.release(rq)
	defer h.observe(EndpointReport, rq)
	ctx := r.Context()
	if h.tracer != nil {
		var span trace.Span
		ctx, span = h.tracer.Start(ctx, "decide "+EndpointReport)
		defer endSpan(span, rq)
	}
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
	batchKey, hasKey := "", false
	if v := r.Header[idempotencyHeader]; len(v) > 0 {
		if batchKey, hasKey = v[0], true; !validKey(batchKey) {
			writeError(w, rq, errIdempotencyKey, false)
			return
		}
	}
	for c := p.nodes[txs].first; c != none; c = p.nodes[c].next {
		if k := p.lookup(c, "idempotency_key"); k != none {
			if v, ok := p.str(k); !ok || !validKey(v) {
				writeError(w, rq, errIdempotencyKey, false)
				return
			}
		}
	}
	svc, err := loadService(snap, providerKey, serviceID)
	if err != nil {
		writeError(w, rq, err, false)
		return
	}

	if err := h.prepareReport(rq, snap, svc, txs, opts.flatUsage, now); err != nil {
		h.recordError(ctx, svc, err, now)
		rq.outcome, rq.reason = OutcomeRejected, err.Code
		writeXML(w, http.StatusAccepted, nil, true)
		return
	}
	h.ledger.Hold()
	defer h.ledger.Release()
	scope := counter.Scope{Service: svc.src.ID}
	if hasKey {
		fresh, err := h.claim(ctx, rq, scope, "batch:"+batchKey, now)
		if err != nil {
			h.storeFailed(ctx, w, err)
			return
		}
		if !fresh { // a retry of a batch already applied
			rq.outcome = OutcomeAccepted
			writeXML(w, http.StatusAccepted, nil, true)
			return
		}
	}
	for i := range rq.txs {
		if tx := &rq.txs[i]; tx.key != "" {
			fresh, err := h.claim(ctx, rq, scope, "tx:"+tx.key, now)
			if err != nil {
				h.unclaim(ctx, rq)
				h.storeFailed(ctx, w, err)
				return
			}
			tx.repeat = !fresh
		}
	}
	updates, usage := assembleReport(rq, svc)
	if len(updates) > 0 {
		if serr := h.counters.Apply(ctx, now, updates); serr != nil {
			h.unclaim(ctx, rq)
			h.storeFailed(ctx, w, serr)
			return
		}
	}
	if len(usage) > 0 {
		h.usage.Record(ctx, usage)
	}
	if len(updates) > 0 || len(usage) > 0 || len(rq.claims) > 0 {
		rq.entry = Entry{Updates: updates, Usage: usage, Claims: rq.claims}
		if err := h.ledger.Commit(ctx, &rq.entry); err != nil {
			h.ledgerFailed(ctx, w, err)
			return
		}
	}
	rq.outcome = OutcomeAccepted
	writeXML(w, http.StatusAccepted, nil, true)
}

// idempotencyHeader is the canonical key of the Idempotency-Key header.
var idempotencyHeader = textproto.CanonicalMIMEHeaderKey("Idempotency-Key")

// validKey accepts 1–255 printable ASCII characters.
func validKey(k string) bool {
	if len(k) == 0 || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// claim claims an idempotency key; without a store that keeps claims every
// key is fresh.
func (h *Handler) claim(ctx context.Context, rq *request, scope counter.Scope, key string, now time.Time) (bool, error) {
	if h.claimer == nil {
		return true, nil
	}
	fresh, err := h.claimer.Claim(ctx, scope, key, now)
	if err == nil && fresh {
		rq.claims = append(rq.claims, Claim{Scope: scope, Key: key, At: now})
	}
	return fresh, err
}

// unclaim forgets the keys claimed for a request that could not be applied.
func (h *Handler) unclaim(ctx context.Context, rq *request) {
	for _, c := range rq.claims {
		if err := h.claimer.Unclaim(ctx, c.Scope, c.Key); err != nil {
			h.log.WarnContext(ctx, "decision: release idempotency key", "error", err)
		}
	}
	rq.claims = rq.claims[:0]
}

// reportTx is one prepared transaction of a report batch: its deltas and
// metrics are the ranges [d0, d1) and [m0, m1) of the request's buffers.
type reportTx struct {
	app            *Application
	at             time.Time
	code           int
	rt             time.Duration // valid when timed
	timed          bool
	d0, d1, m0, m1 int
	// key is the transaction's idempotency key; repeat marks a transaction
	// whose key was claimed before, which is not applied again.
	key    string
	repeat bool
}

// prepareReport turns a report batch into prepared transactions (rq.txs)
// whose deltas and metrics are in the request's reusable buffers. The first
// invalid transaction rejects the whole batch.
func (h *Handler) prepareReport(rq *request, snap *Snapshot, svc *service, txs int32, flat bool, now time.Time) *Error {
	p := &rq.params
	raw, prop := rq.raw[:0], rq.prop[:0]
	deltas, metrics, prepared := rq.deltas[:0], rq.metrics[:0], rq.txs[:0]
	defer func() { rq.raw, rq.prop, rq.deltas, rq.metrics, rq.txs = raw, prop, deltas, metrics, prepared }()
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
			return errAuthentication
		case appID != "":
			if app = snap.application(svc.src.ID, appID); app == nil {
				return errAppNotFound(appID)
			}
		case userKey != "":
			if app = snap.applicationByUserKey(svc.src.ID, userKey); app == nil {
				return errUserKeyInvalid(userKey)
			}
		default:
			return errAppIDMissing
		}
		if p.kind(u) != kindHash {
			continue // nothing to count
		}
		var err *Error
		if raw, err = parseUsage(p, u, svc, raw); err != nil {
			return err
		}
		at := now
		if ts, ok := p.str(p.lookup(c, "timestamp")); ok {
			if t, ok := parseTimestamp(ts); ok {
				at = t
			}
		}
		switch {
		case at.Unix() < nowSec-maxTimestampAge:
			return errTimestampTooOld
		case at.Unix() > nowSec+maxTimestampFuture:
			return errTimestampTooNew
		}
		prop = propagate(svc, raw, flat, prop)
		tx := reportTx{app: app, at: at, d0: len(deltas), m0: len(metrics)}
		deltas = appendDeltas(svc, prop, deltas)
		for _, e := range prop {
			m := &svc.metrics[e.metric]
			if e.set || e.value != 0 {
				metrics = append(metrics, MetricUsage{MetricID: m.id, MetricName: m.name, Set: e.set, Value: e.value})
			}
		}
		tx.d1, tx.m1 = len(deltas), len(metrics)
		tx.code, tx.rt, tx.timed = readLog(p, p.lookup(c, "log"))
		tx.key, _ = p.str(p.lookup(c, "idempotency_key"))
		prepared = append(prepared, tx)
	}
	return nil
}

// assembleReport hands out the prepared transactions' ranges of the
// request's buffers (now complete) as counter updates and usage records,
// leaving out repeated transactions.
func assembleReport(rq *request, svc *service) ([]counter.Update, []Usage) {
	deltas, metrics := rq.deltas, rq.metrics
	updates, usage := rq.updates[:0], rq.usage[:0]
	for _, tx := range rq.txs {
		if tx.repeat {
			continue
		}
		if tx.d1 > tx.d0 {
			updates = append(updates, counter.Update{
				Scope: counter.Scope{Service: svc.src.ID, Application: tx.app.ID}, At: tx.at,
				Usage: deltas[tx.d0:tx.d1:tx.d1],
			})
		}
		if tx.m1 > tx.m0 {
			usage = append(usage, Usage{
				ServiceID: svc.src.ID, ApplicationID: tx.app.ID, At: tx.at,
				Metrics: metrics[tx.m0:tx.m1:tx.m1], ResponseCode: tx.code,
				ResponseTime: tx.rt, Timed: tx.timed, Source: SourceReport,
			})
		}
	}
	rq.updates, rq.usage = updates, usage
	return updates, usage
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
