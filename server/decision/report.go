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
		rq.entry = Entry{Updates: updates, UpdateRefs: rq.refs, Usage: usage, Claims: rq.claims}
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
	// next links the transactions whose deltas one update carries.
	next int32
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
// leaving out repeated transactions. Usage records stay one per
// transaction (analytics keep each one's time and response), but the
// transactions of one application within one minute share every counter
// bucket, so their deltas are coalesced into one update: a batch costs the
// counter store and the journal one update per application and minute
// rather than one per transaction.
func assembleReport(rq *request, svc *service) ([]counter.Update, []Usage) {
	txs, deltas, metrics := rq.txs, rq.deltas, rq.metrics
	usage := rq.usage[:0]
	heads, tails := rq.heads[:0], rq.tails[:0]
	for i := range txs {
		tx := &txs[i]
		tx.next = none
		if tx.repeat {
			continue
		}
		if tx.m1 > tx.m0 {
			usage = append(usage, Usage{
				ServiceID: svc.src.ID, ApplicationID: tx.app.ID, At: tx.at,
				Metrics: metrics[tx.m0:tx.m1:tx.m1], ResponseCode: tx.code,
				ResponseTime: tx.rt, Timed: tx.timed, Source: SourceReport,
				AppRef: tx.app.Ref, TenantRef: tx.app.Tenant,
			})
		}
		if tx.d1 == tx.d0 {
			continue
		}
		if g := rq.findGroup(heads, tx); g >= 0 {
			txs[tails[g]].next = int32(i)
			tails[g] = int32(i)
			continue
		}
		rq.addGroup(heads, tx, len(heads))
		heads, tails = append(heads, int32(i)), append(tails, int32(i))
	}
	// The coalesced deltas are complete before the updates are cut from
	// them (appending may move them); tails then holds each update's end.
	merged := rq.merged[:0]
	for g, h := range heads {
		start := len(merged)
		for i := h; i != none; i = txs[i].next {
			for _, d := range deltas[txs[i].d0:txs[i].d1] {
				merged = mergeDelta(merged, start, d)
			}
		}
		tails[g] = int32(len(merged))
	}
	updates, refs, start := rq.updates[:0], rq.refs[:0], int32(0)
	for g, h := range heads {
		end := tails[g]
		updates = append(updates, counter.Update{
			Scope: counter.Scope{Service: svc.src.ID, Application: txs[h].app.ID}, At: txs[h].at,
			Usage: merged[start:end:end],
		})
		refs = append(refs, txs[h].app.Ref)
		start = end
	}
	clear(rq.groups)
	rq.heads, rq.tails, rq.merged, rq.updates, rq.refs, rq.usage = heads, tails, merged, updates, refs, usage
	return updates, usage
}

// groupKey names the counter buckets a transaction writes: those of its
// application in the minute of its time (every period's instance follows
// from the minute's).
type groupKey struct {
	app    *Application
	minute int64
}

func minuteOf(t time.Time) int64 {
	sec := t.Unix()
	m := sec / 60
	if sec%60 < 0 {
		m--
	}
	return m
}

// groupIndexAt is the number of groups above which they are found through
// a map rather than by scanning.
const groupIndexAt = 16

// findGroup returns the index of the group (in heads, the groups' first
// transactions) whose buckets tx writes, or -1.
func (rq *request) findGroup(heads []int32, tx *reportTx) int {
	if len(heads) > groupIndexAt {
		if g, ok := rq.groups[groupKey{tx.app, minuteOf(tx.at)}]; ok {
			return int(g)
		}
		return -1
	}
	m := minuteOf(tx.at)
	for g, h := range heads {
		if head := &rq.txs[h]; head.app == tx.app && minuteOf(head.at) == m {
			return g
		}
	}
	return -1
}

// addGroup indexes group g, started by tx, once there are too many groups
// to scan.
func (rq *request) addGroup(heads []int32, tx *reportTx, g int) {
	if g < groupIndexAt {
		return
	}
	if rq.groups == nil {
		rq.groups = make(map[groupKey]int32)
	}
	if g == groupIndexAt {
		for i, h := range heads {
			head := &rq.txs[h]
			rq.groups[groupKey{head.app, minuteOf(head.at)}] = int32(i)
		}
	}
	rq.groups[groupKey{tx.app, minuteOf(tx.at)}] = int32(g)
}

// mergeDelta adds d to the update whose deltas are out[start:]: into the
// last delta of its metric when the two make one (a set replaces what came
// before; an increment adds to a set or an increment), else as a delta of
// its own, applied after the others (an increment that would overflow).
func mergeDelta(out []counter.Delta, start int, d counter.Delta) []counter.Delta {
	for k := len(out) - 1; k >= start; k-- {
		e := &out[k]
		if e.Metric != d.Metric {
			continue
		}
		if e.Periods != d.Periods {
			break
		}
		if d.Set {
			*e = d
			return out
		}
		if sum := e.Value + d.Value; (d.Value >= 0) == (sum >= e.Value) {
			e.Value = sum
			return out
		}
		break
	}
	return append(out, d)
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
