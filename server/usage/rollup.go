package usage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/integrationerror"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/productusagebucket"
	"github.com/portico-apim/portico/ent/responsecodebucket"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/latency"
	"github.com/portico-apim/portico/server/store"
)

// Resolver maps the decision plane's identifiers to database ids.
type Resolver interface {
	// Application returns the database id and tenant of an application.
	Application(serviceID, appID string) (id, tenantID int, ok bool)
	// ApplicationByID is Application's inverse: the service and
	// application ids of the application with database id id.
	ApplicationByID(id int) (serviceID, appID string, ok bool)
	// Service returns the tenant of a product.
	Service(serviceID string) (tenantID int, ok bool)
}

// Config wires a Rollup.
type Config struct {
	Client   *ent.Client
	Resolver Resolver
	// Dialect is Client's SQL dialect (ent's name: "sqlite3", "postgres").
	// With it, buckets are written with plain multi-row upserts; without
	// it, through ent's builders.
	Dialect string
	// Interval between flushes; default 2s.
	Interval time.Duration
	// KeepErrors is how many integration errors a product keeps; default 1000.
	KeepErrors int
	Logger     *slog.Logger
}

// Rollup aggregates accepted usage in memory and flushes it to SQL buckets in
// the background. It implements decision.UsageSink and decision.ErrorSink.
type Rollup struct {
	// Observe, when set before Start, is told of every periodic flush.
	Observe func(took time.Duration, err error)
	// Flushed, when set before Start, is given the applications (database
	// ids) whose usage a flush wrote, after it is written: usage alerts are
	// checked there, off the request path.
	Flushed func(ctx context.Context, apps []int)

	cfg Config
	log *slog.Logger

	// Usage is aggregated per minute in shards (by application) so that
	// concurrent decisions rarely wait for each other; the flush derives the
	// hour, day and month buckets.
	shards [rollupShards]rollupShard

	mu   sync.Mutex
	errs map[int]*errorLog // by product

	// ledger, when set, journals the usage Record aggregates: flushes
	// checkpoint it.
	ledger *Ledger
	// flushing serialises flushes, so that saved journal positions only
	// move forward.
	flushing sync.Mutex

	stop chan struct{}
	done chan struct{}
}

var (
	_ decision.UsageSink = (*Rollup)(nil)
	_ decision.ErrorSink = (*Rollup)(nil)
)

const rollupShards = 16

type rollupShard struct {
	mu    sync.Mutex
	usage map[minuteKey]*amount
	codes map[codeKey]int64
	// lat holds the response times of each application and UTC hour.
	lat   map[hourKey]*latency.Sketch
	first map[int]time.Time
	// stored holds the applications whose first traffic this process has
	// written: their later traffic needs no first-traffic update.
	stored map[int]bool
}

// minuteKey is a usage bucket of one minute: what Record aggregates into,
// kept free of strings so that the request path hashes it cheaply.
type minuteKey struct {
	tenant, app, product, metric int
	start                        int64
}

type usageKey struct {
	tenant, app, product, metric int
	gran                         usagebucket.Granularity
	start                        int64
}

// productKey is a product-level bucket: the sum of the product's
// application buckets with the same metric, granularity and start.
type productKey struct {
	tenant, product, metric int
	gran                    usagebucket.Granularity
	start                   int64
}

// byProduct sums application buckets into product buckets. A product bucket
// one of whose application buckets is set (rather than increased) is marked
// set: it is recomputed from the application buckets once they are written.
func byProduct(usage map[usageKey]*amount) map[productKey]*amount {
	out := map[productKey]*amount{}
	for k, a := range usage {
		pk := productKey{k.tenant, k.product, k.metric, k.gran, k.start}
		cur := out[pk]
		if cur == nil {
			cur = &amount{}
			out[pk] = cur
		}
		cur.value += a.value
		cur.set = cur.set || a.set
	}
	return out
}

type amount struct {
	value int64
	set   bool // the bucket is set to value rather than increased by it
}

type codeKey struct {
	tenant, app, product int
	code                 string
	gran                 responsecodebucket.Granularity
	start                int64
}

var grans = []usagebucket.Granularity{usagebucket.GranularityMINUTE, usagebucket.GranularityHOUR, usagebucket.GranularityDAY, usagebucket.GranularityMONTH}

// bucketStart is the UTC start of the bucket of granularity g holding t.
func bucketStart(t time.Time, g usagebucket.Granularity) time.Time {
	t = t.UTC()
	switch g {
	case usagebucket.GranularityMINUTE:
		return t.Truncate(time.Minute)
	case usagebucket.GranularityHOUR:
		return t.Truncate(time.Hour)
	case usagebucket.GranularityDAY:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// DefaultInterval is the time between two flushes unless configured.
const DefaultInterval = 2 * time.Second

// New returns a rollup; Start runs its flusher.
func New(cfg Config) *Rollup {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.KeepErrors <= 0 {
		cfg.KeepErrors = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Rollup{cfg: cfg, log: cfg.Logger, errs: map[int]*errorLog{}}
	for i := range r.shards {
		r.shards[i].reset()
		r.shards[i].stored = map[int]bool{}
	}
	return r
}

func (sh *rollupShard) reset() {
	sh.usage, sh.codes, sh.first = map[minuteKey]*amount{}, map[codeKey]int64{}, map[int]time.Time{}
	sh.lat = map[hourKey]*latency.Sketch{}
}

// Record implements decision.UsageSink: it only aggregates in memory, per
// minute.
func (r *Rollup) Record(_ context.Context, batch []decision.Usage) {
	// A report's entries share their product: its id is read once.
	service, product, productErr, parsed := "", 0, error(nil), false
	for i := range batch {
		u := &batch[i]
		app, tenant := u.AppRef, u.TenantRef
		if app == 0 {
			var ok bool
			if app, tenant, ok = r.cfg.Resolver.Application(u.ServiceID, u.ApplicationID); !ok {
				continue
			}
		}
		if !parsed || u.ServiceID != service {
			service, parsed = u.ServiceID, true
			product, productErr = strconv.Atoi(service)
		}
		if productErr != nil {
			continue
		}
		start := u.At.Unix() - u.At.Unix()%60
		sh := &r.shards[uint(app)%rollupShards]
		sh.mu.Lock()
		if !sh.stored[app] {
			if f, seen := sh.first[app]; !seen || u.At.Before(f) {
				sh.first[app] = u.At
			}
		}
		for _, m := range u.Metrics {
			metric, err := strconv.Atoi(m.MetricID)
			if err != nil {
				continue
			}
			k := minuteKey{tenant, app, product, metric, start}
			a := sh.usage[k]
			if a == nil {
				a = &amount{}
				sh.usage[k] = a
			}
			if m.Set {
				a.value, a.set = m.Value, true
			} else {
				a.value += m.Value
			}
		}
		if u.ResponseCode != 0 {
			exact, class := decision.ResponseCodeCounters(u.ResponseCode)
			g := responsecodebucket.GranularityMINUTE
			sh.codes[codeKey{tenant, app, product, exact, g, start}]++
			sh.codes[codeKey{tenant, app, product, class, g, start}]++
		}
		if u.Timed {
			k := hourKey{tenant, app, product, u.At.Unix() - u.At.Unix()%3600}
			s := sh.lat[k]
			if s == nil {
				s = latency.New()
				sh.lat[k] = s
			}
			s.Add(float64(u.ResponseTime) / float64(time.Millisecond))
		}
		sh.mu.Unlock()
	}
}

// rollUp derives every granularity's buckets from minute buckets. Sets win
// over increments in the same bucket.
func rollUp(minutes map[minuteKey]*amount) map[usageKey]*amount {
	out := make(map[usageKey]*amount, len(minutes)*len(grans))
	for k, a := range minutes {
		at := time.Unix(k.start, 0)
		for _, g := range grans {
			gk := usageKey{k.tenant, k.app, k.product, k.metric, g, bucketStart(at, g).Unix()}
			cur := out[gk]
			switch {
			case cur == nil:
				out[gk] = &amount{value: a.value, set: a.set}
			case a.set:
				cur.value, cur.set = a.value, true
			case !cur.set:
				cur.value += a.value
			}
		}
	}
	return out
}

func rollUpCodes(minutes map[codeKey]int64) map[codeKey]int64 {
	out := make(map[codeKey]int64, len(minutes)*len(grans))
	for k, n := range minutes {
		at := time.Unix(k.start, 0)
		for _, g := range grans {
			gk := k
			gk.gran, gk.start = responsecodebucket.Granularity(g), bucketStart(at, g).Unix()
			out[gk] += n
		}
	}
	return out
}

// RecordError implements decision.ErrorSink. Of a product's errors since
// the last flush only the newest KeepErrors are kept: the log keeps no more.
func (r *Rollup) RecordError(_ context.Context, e decision.IntegrationError) {
	tenant, ok := r.cfg.Resolver.Service(e.ServiceID)
	product, err := strconv.Atoi(e.ServiceID)
	if !ok || err != nil {
		return
	}
	r.mu.Lock()
	l := r.errs[product]
	if l == nil {
		l = &errorLog{}
		r.errs[product] = l
	}
	l.add(pendingError{tenant: tenant, product: product, code: string(e.Code), message: e.Message, at: e.At}, r.cfg.KeepErrors)
	r.mu.Unlock()
}

// errorLog is a ring of a product's newest errors awaiting the flush.
type errorLog struct {
	entries []pendingError
	next    int // the oldest entry once the ring is full
}

func (l *errorLog) add(e pendingError, keep int) {
	if len(l.entries) < keep {
		l.entries = append(l.entries, e)
		return
	}
	l.entries[l.next] = e
	l.next = (l.next + 1) % keep
}

// oldestFirst returns the entries in the order they were recorded.
func (l *errorLog) oldestFirst() []pendingError {
	return append(l.entries[l.next:len(l.entries):len(l.entries)], l.entries[:l.next]...)
}

// pendingError is an integration error waiting for the next flush; the
// ent builder is made only then, off the request path.
type pendingError struct {
	tenant, product int
	code, message   string
	at              time.Time
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Start flushes every interval until Stop.
func (r *Rollup) Start() {
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(r.done)
		t := time.NewTicker(r.cfg.Interval)
		defer t.Stop()
		for {
			select {
			case <-r.stop:
				return
			case <-t.C:
				start := time.Now()
				err := r.Flush(context.Background())
				if err != nil {
					r.log.Error("flush usage rollups", "error", err)
				}
				if r.Observe != nil {
					r.Observe(time.Since(start), err)
				}
			}
		}
	}()
}

// Stop ends the flusher and flushes what is left.
func (r *Rollup) Stop(ctx context.Context) error {
	if r.stop != nil {
		close(r.stop)
		<-r.done
		r.stop = nil
	}
	return r.Flush(ctx)
}

// Flush writes everything aggregated so far. What fails to write is kept for
// the next flush.
func (r *Rollup) Flush(ctx context.Context) error {
	r.flushing.Lock()
	defer r.flushing.Unlock()
	usage, codes, first := map[minuteKey]*amount{}, map[codeKey]int64{}, map[int]time.Time{}
	lat := map[hourKey]*latency.Sketch{}
	take := func() {
		for i := range r.shards {
			sh := &r.shards[i]
			sh.mu.Lock()
			u, c, f, l := sh.usage, sh.codes, sh.first, sh.lat
			sh.reset()
			sh.mu.Unlock()
			for k, v := range l {
				mergeInto(lat, k, v)
			}
			for k, v := range u {
				usage[k] = v
			}
			for k, v := range c {
				codes[k] = v
			}
			for k, v := range f {
				first[k] = v
			}
		}
	}
	var seg uint64
	if r.ledger != nil {
		var err error
		if seg, err = r.ledger.checkpoint(take); err != nil {
			return err
		}
	} else {
		take()
	}
	r.mu.Lock()
	errs := r.errs
	r.errs = map[int]*errorLog{}
	r.mu.Unlock()
	moved := r.ledger != nil && r.ledger.behind(consumerRollup, seg)
	if len(usage) == 0 && len(codes) == 0 && len(first) == 0 && len(errs) == 0 && len(lat) == 0 && !moved {
		return nil
	}
	p := newPacer()
	buckets, codeBuckets := rollUp(usage), rollUpCodes(codes)
	lb := rollUpLatency(lat)
	p.pause()
	sys := store.Background(viewer.SystemContext(ctx))
	err := r.write(sys, p, buckets, codeBuckets, lb, first, errs, seg)
	if err != nil {
		if dropped, perr := prune(sys, r.cfg.Client, buckets, codeBuckets, lat); perr == nil && dropped {
			lb = rollUpLatency(lat)
			err = r.write(sys, p, buckets, codeBuckets, lb, first, errs, seg)
		}
	}
	if err != nil {
		r.requeue(usage, codes, lat, first)
		return err
	}
	if r.ledger != nil {
		r.ledger.saved(consumerRollup, seg)
	}
	for app := range first {
		sh := &r.shards[uint(app)%rollupShards]
		sh.mu.Lock()
		sh.stored[app] = true
		delete(sh.first, app)
		sh.mu.Unlock()
	}
	r.log.Debug("usage flushed", p.logArgs()...)
	if r.Flushed != nil && len(usage) > 0 {
		seen := map[int]bool{}
		apps := make([]int, 0, len(usage))
		for k := range usage {
			if !seen[k.app] {
				seen[k.app] = true
				apps = append(apps, k.app)
			}
		}
		slices.Sort(apps)
		r.Flushed(ctx, apps)
	}
	return nil
}

// prune drops the buckets of applications and metrics deleted since their
// usage was accepted (a metric of a backend, say, removed a moment after a
// call named it): their rows would fail the foreign keys and hold back every
// later flush. It reports whether it dropped any.
func prune(ctx context.Context, c *ent.Client, usage map[usageKey]*amount, codes map[codeKey]int64, lat map[hourKey]*latency.Sketch) (bool, error) {
	appSet, metricSet := map[int]bool{}, map[int]bool{}
	for k := range usage {
		appSet[k.app], metricSet[k.metric] = true, true
	}
	for k := range codes {
		appSet[k.app] = true
	}
	for k := range lat {
		appSet[k.app] = true
	}
	apps, err := existing(appSet, func(ids []int) ([]int, error) {
		return c.Application.Query().Where(application.IDIn(ids...)).IDs(ctx)
	})
	if err != nil {
		return false, err
	}
	metrics, err := existing(metricSet, func(ids []int) ([]int, error) {
		return c.Metric.Query().Where(metric.IDIn(ids...)).IDs(ctx)
	})
	if err != nil {
		return false, err
	}
	dropped := false
	for k := range usage {
		if !apps[k.app] || !metrics[k.metric] {
			delete(usage, k)
			dropped = true
		}
	}
	for k := range codes {
		if !apps[k.app] {
			delete(codes, k)
			dropped = true
		}
	}
	for k := range lat {
		if !apps[k.app] {
			delete(lat, k)
			dropped = true
		}
	}
	return dropped, nil
}

// existing returns which of ids still exist, asking ids in chunks.
func existing(ids map[int]bool, query func([]int) ([]int, error)) (map[int]bool, error) {
	all := make([]int, 0, len(ids))
	for id := range ids {
		all = append(all, id)
	}
	out := make(map[int]bool, len(ids))
	for part := range chunks(all) {
		found, err := query(part)
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}

// requeue puts minute aggregates that failed to write back in front of what
// arrived meanwhile.
func (r *Rollup) requeue(usage map[minuteKey]*amount, codes map[codeKey]int64, lat map[hourKey]*latency.Sketch, first map[int]time.Time) {
	for k, a := range usage {
		sh := &r.shards[uint(k.app)%rollupShards]
		sh.mu.Lock()
		cur := sh.usage[k]
		switch {
		case cur == nil:
			sh.usage[k] = a
		case !cur.set:
			cur.value += a.value
			cur.set = a.set
		}
		sh.mu.Unlock()
	}
	for k, n := range codes {
		sh := &r.shards[uint(k.app)%rollupShards]
		sh.mu.Lock()
		sh.codes[k] += n
		sh.mu.Unlock()
	}
	for k, s := range lat {
		sh := &r.shards[uint(k.app)%rollupShards]
		sh.mu.Lock()
		mergeInto(sh.lat, k, s)
		sh.mu.Unlock()
	}
	for app, t := range first {
		sh := &r.shards[uint(app)%rollupShards]
		sh.mu.Lock()
		if f, ok := sh.first[app]; !ok || t.Before(f) {
			sh.first[app] = t
		}
		sh.mu.Unlock()
	}
}

const chunk = 500

var (
	usageColumns = []string{usagebucket.FieldTenantID, usagebucket.FieldApplicationID, usagebucket.FieldProductID,
		usagebucket.FieldMetricID, usagebucket.FieldGranularity, usagebucket.FieldStart, usagebucket.FieldValue}
	usageConflict = sql.ConflictColumns(usagebucket.FieldApplicationID, usagebucket.FieldMetricID,
		usagebucket.FieldGranularity, usagebucket.FieldStart)
	productColumns = []string{productusagebucket.FieldTenantID, productusagebucket.FieldProductID, productusagebucket.FieldMetricID,
		productusagebucket.FieldGranularity, productusagebucket.FieldStart, productusagebucket.FieldValue}
	productConflict = sql.ConflictColumns(productusagebucket.FieldProductID, productusagebucket.FieldMetricID,
		productusagebucket.FieldGranularity, productusagebucket.FieldStart)
	codeColumns = []string{responsecodebucket.FieldTenantID, responsecodebucket.FieldApplicationID, responsecodebucket.FieldProductID,
		responsecodebucket.FieldCode, responsecodebucket.FieldGranularity, responsecodebucket.FieldStart, responsecodebucket.FieldValue}
	codeConflict = sql.ConflictColumns(responsecodebucket.FieldApplicationID, responsecodebucket.FieldCode,
		responsecodebucket.FieldGranularity, responsecodebucket.FieldStart)
)

// upsertChunk is the number of rows per upsert statement: small enough
// that one statement takes well under a millisecond on the embedded
// database.
const upsertChunk = 32

// upsertBuckets writes the usage and response-code buckets with one
// INSERT … ON CONFLICT statement per chunk of rows. Buckets are the system's
// own bookkeeping, written on the system's behalf: ent's per-row builders and
// hooks would cost more than the statements themselves on every flush.
func (r *Rollup) upsertBuckets(ctx context.Context, c *ent.Client, p *pacer, usage map[usageKey]*amount, codes map[codeKey]int64) error {
	var adds, sets, counts [][]any
	for k, a := range usage {
		row := []any{k.tenant, k.app, k.product, k.metric, string(k.gran), time.Unix(k.start, 0).UTC(), a.value}
		if a.set {
			sets = append(sets, row)
		} else {
			adds = append(adds, row)
		}
	}
	for k, n := range codes {
		counts = append(counts, []any{k.tenant, k.app, k.product, k.code, string(k.gran), time.Unix(k.start, 0).UTC(), n})
	}
	p.pause()
	for _, w := range []struct {
		what     string
		table    string
		columns  []string
		conflict sql.ConflictOption
		resolve  sql.ConflictOption
		rows     [][]any
	}{
		{"usage buckets", usagebucket.Table, usageColumns, usageConflict, sql.ResolveWith(addExcluded(usagebucket.FieldValue)), adds},
		{"usage buckets", usagebucket.Table, usageColumns, usageConflict, sql.ResolveWithNewValues(), sets},
		{"response code buckets", responsecodebucket.Table, codeColumns, codeConflict, sql.ResolveWith(addExcluded(responsecodebucket.FieldValue)), counts},
	} {
		for len(w.rows) > 0 {
			part := w.rows[:min(upsertChunk, len(w.rows))]
			w.rows = w.rows[len(part):]
			ins := sql.Dialect(r.cfg.Dialect).Insert(w.table).Columns(w.columns...)
			for _, row := range part {
				ins.Values(row...)
			}
			query, args := ins.OnConflict(w.conflict, w.resolve).Query()
			if _, err := c.ExecContext(ctx, query, args...); err != nil {
				return fmt.Errorf("%s: %w", w.what, err)
			}
			p.step(len(part))
		}
	}
	return nil
}

func (r *Rollup) write(ctx context.Context, p *pacer, usage map[usageKey]*amount, codes map[codeKey]int64, lat latencyBuckets, first map[int]time.Time, errs map[int]*errorLog, seg uint64) error {
	tx, err := r.cfg.Client.Tx(ctx)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		_ = tx.Rollback()
		return err
	}
	c := tx.Client()
	products := byProduct(usage)
	if r.cfg.Dialect != "" {
		if err := r.upsertBuckets(ctx, c, p, usage, codes); err != nil {
			return fail(err)
		}
		usage, codes = nil, nil
	}
	var adds, sets []*ent.UsageBucketCreate
	for k, a := range usage {
		cr := c.UsageBucket.Create().SetTenantID(k.tenant).SetApplicationID(k.app).SetProductID(k.product).
			SetMetricID(k.metric).SetGranularity(k.gran).SetStart(time.Unix(k.start, 0).UTC()).SetValue(a.value)
		if a.set {
			sets = append(sets, cr)
		} else {
			adds = append(adds, cr)
		}
	}
	for part := range chunks(adds) {
		err := c.UsageBucket.CreateBulk(part...).OnConflict(
			sql.ConflictColumns(usagebucket.FieldApplicationID, usagebucket.FieldMetricID, usagebucket.FieldGranularity, usagebucket.FieldStart),
			sql.ResolveWith(addExcluded(usagebucket.FieldValue)),
		).Exec(ctx)
		if err != nil {
			return fail(fmt.Errorf("usage buckets: %w", err))
		}
		p.step(len(part))
	}
	for part := range chunks(sets) {
		err := c.UsageBucket.CreateBulk(part...).OnConflict(
			sql.ConflictColumns(usagebucket.FieldApplicationID, usagebucket.FieldMetricID, usagebucket.FieldGranularity, usagebucket.FieldStart),
			sql.ResolveWithNewValues(),
		).Exec(ctx)
		if err != nil {
			return fail(fmt.Errorf("usage buckets: %w", err))
		}
		p.step(len(part))
	}
	var cc []*ent.ResponseCodeBucketCreate
	for k, n := range codes {
		cc = append(cc, c.ResponseCodeBucket.Create().SetTenantID(k.tenant).SetApplicationID(k.app).SetProductID(k.product).
			SetCode(k.code).SetGranularity(k.gran).SetStart(time.Unix(k.start, 0).UTC()).SetValue(n))
	}
	for part := range chunks(cc) {
		err := c.ResponseCodeBucket.CreateBulk(part...).OnConflict(
			sql.ConflictColumns(responsecodebucket.FieldApplicationID, responsecodebucket.FieldCode, responsecodebucket.FieldGranularity, responsecodebucket.FieldStart),
			sql.ResolveWith(addExcluded(responsecodebucket.FieldValue)),
		).Exec(ctx)
		if err != nil {
			return fail(fmt.Errorf("response code buckets: %w", err))
		}
		p.step(len(part))
	}
	if err := r.writeProductBuckets(ctx, c, p, products); err != nil {
		return fail(fmt.Errorf("product usage buckets: %w", err))
	}
	if err := r.writeLatency(ctx, c, p, lat); err != nil {
		return fail(err)
	}
	if err := r.writeFirstTraffic(ctx, c, p, first); err != nil {
		return fail(fmt.Errorf("first traffic: %w", err))
	}
	if r.ledger != nil {
		if err := r.ledger.mark(ctx, c, consumerRollup, seg); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// The error log is best effort: a failure here must not replay usage.
	var errErr error
	for product, l := range errs {
		entries := l.oldestFirst()
		creates := make([]*ent.IntegrationErrorCreate, len(entries))
		for i, e := range entries {
			creates[i] = r.cfg.Client.IntegrationError.Create().SetTenantID(e.tenant).SetProductID(e.product).
				SetCode(e.code).SetMessage(truncate(e.message, 1000)).SetOccurredAt(e.at.UTC())
		}
		for len(creates) > 0 {
			part := creates[:min(upsertChunk, len(creates))]
			creates = creates[len(part):]
			if err := r.cfg.Client.IntegrationError.CreateBulk(part...).Exec(ctx); err != nil {
				errErr = errors.Join(errErr, fmt.Errorf("integration errors: %w", err))
			}
			p.step(len(part))
		}
		if err := r.trimErrors(ctx, product); err != nil {
			errErr = errors.Join(errErr, err)
		}
		p.step(0)
	}
	if errErr != nil {
		r.log.Warn("write integration errors", "error", errErr)
	}
	return nil
}

// writeProductBuckets adds the flushed usage to the product buckets, after
// the application buckets are written: a bucket with a set usage is summed
// again from its application buckets and replaced.
func (r *Rollup) writeProductBuckets(ctx context.Context, c *ent.Client, p *pacer, products map[productKey]*amount) error {
	var adds, sets [][]any
	for k, a := range products {
		start := time.Unix(k.start, 0).UTC()
		value := a.value
		if a.set {
			var sums []struct {
				Sum int64 `json:"sum"`
			}
			err := c.UsageBucket.Query().Where(usagebucket.ProductID(k.product), usagebucket.MetricID(k.metric),
				usagebucket.GranularityEQ(k.gran), usagebucket.Start(start)).
				Aggregate(ent.Sum(usagebucket.FieldValue)).Scan(ctx, &sums)
			if err != nil {
				return err
			}
			value = 0
			if len(sums) > 0 {
				value = sums[0].Sum
			}
			p.step(1)
		}
		row := []any{k.tenant, k.product, k.metric, string(k.gran), start, value}
		if a.set {
			sets = append(sets, row)
		} else {
			adds = append(adds, row)
		}
	}
	for _, w := range []struct {
		rows    [][]any
		resolve sql.ConflictOption
	}{{adds, sql.ResolveWith(addExcluded(productusagebucket.FieldValue))}, {sets, sql.ResolveWithNewValues()}} {
		for len(w.rows) > 0 {
			part := w.rows[:min(upsertChunk, len(w.rows))]
			w.rows = w.rows[len(part):]
			if r.cfg.Dialect == "" {
				creates := make([]*ent.ProductUsageBucketCreate, len(part))
				for i, row := range part {
					creates[i] = c.ProductUsageBucket.Create().SetTenantID(row[0].(int)).SetProductID(row[1].(int)).
						SetMetricID(row[2].(int)).SetGranularity(productusagebucket.Granularity(row[3].(string))).
						SetStart(row[4].(time.Time)).SetValue(row[5].(int64))
				}
				if err := c.ProductUsageBucket.CreateBulk(creates...).OnConflict(productConflict, w.resolve).Exec(ctx); err != nil {
					return err
				}
			} else {
				ins := sql.Dialect(r.cfg.Dialect).Insert(productusagebucket.Table).Columns(productColumns...)
				for _, row := range part {
					ins.Values(row...)
				}
				query, args := ins.OnConflict(productConflict, w.resolve).Query()
				if _, err := c.ExecContext(ctx, query, args...); err != nil {
					return err
				}
			}
			p.step(len(part))
		}
	}
	return nil
}

// firstTrafficChunk is the number of applications one first-traffic update
// names.
const firstTrafficChunk = 64

// writeFirstTraffic sets the first-traffic time of applications that have
// none, in groups sharing the same second. Applications this process
// already wrote are left out by Record, so this happens about once per
// application and start. With a dialect the update is a plain statement:
// first_traffic_at is bookkeeping that neither produces domain events nor
// changes what the decision plane mirrors, so ent's hooks would only load
// the rows to conclude as much.
func (r *Rollup) writeFirstTraffic(ctx context.Context, c *ent.Client, p *pacer, first map[int]time.Time) error {
	for at, apps := range bySecond(first) {
		for len(apps) > 0 {
			part := apps[:min(firstTrafficChunk, len(apps))]
			apps = apps[len(part):]
			if r.cfg.Dialect == "" {
				if err := c.Application.Update().Where(application.IDIn(part...), application.FirstTrafficAtIsNil()).
					SetFirstTrafficAt(at).Exec(ctx); err != nil {
					return err
				}
				p.step(len(part))
				continue
			}
			ids := make([]any, len(part))
			for i, id := range part {
				ids[i] = id
			}
			query, args := sql.Dialect(r.cfg.Dialect).Update(application.Table).
				Set(application.FieldFirstTrafficAt, at).Set(application.FieldUpdatedAt, time.Now()).
				Where(sql.And(sql.In(application.FieldID, ids...), sql.IsNull(application.FieldFirstTrafficAt))).Query()
			if _, err := c.ExecContext(ctx, query, args...); err != nil {
				return err
			}
			p.step(len(part))
		}
	}
	return nil
}

// bySecond groups applications by their first traffic time, truncated to
// the second (UTC).
func bySecond(first map[int]time.Time) map[time.Time][]int {
	out := map[time.Time][]int{}
	for app, at := range first {
		t := at.UTC().Truncate(time.Second)
		out[t] = append(out[t], app)
	}
	return out
}

// trimErrors keeps a product's newest KeepErrors entries.
func (r *Rollup) trimErrors(ctx context.Context, product int) error {
	ids, err := r.cfg.Client.IntegrationError.Query().Where(integrationerror.ProductID(product)).
		Order(ent.Desc(integrationerror.FieldOccurredAt), ent.Desc(integrationerror.FieldID)).
		Offset(r.cfg.KeepErrors).IDs(ctx)
	if err != nil || len(ids) == 0 {
		return err
	}
	_, err = r.cfg.Client.IntegrationError.Delete().Where(integrationerror.IDIn(ids...)).Exec(ctx)
	return err
}

// addExcluded resolves a conflict by adding the new row's value to the
// stored one.
func addExcluded(column string) func(*sql.UpdateSet) {
	return func(u *sql.UpdateSet) {
		excluded := sql.Dialect(u.Dialect()).Table("excluded").C(column)
		u.Set(column, sql.Expr(u.Table().C(column)+" + "+excluded))
	}
}

func chunks[T any](items []T) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(items) > 0 {
			n := min(chunk, len(items))
			if !yield(items[:n]) {
				return
			}
			items = items[n:]
		}
	}
}
