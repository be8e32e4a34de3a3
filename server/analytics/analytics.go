package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/productusagebucket"
	"github.com/portico-apim/portico/ent/responsecodebucket"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/server/problem"
)

// Config wires a Service.
type Config struct {
	Client *ent.Client
	// Dialect is Client's SQL dialect (ent's name: "sqlite3", "postgres"):
	// top applications are ranked in one statement of its own.
	Dialect string
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Service answers analytics queries. Reads go through the caller's viewer:
// another tenant's objects are not found, and product rights apply.
type Service struct {
	client  *ent.Client
	dialect string
	now     func() time.Time
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, errors.New("analytics: client is required")
	}
	if cfg.Dialect == "" {
		return nil, errors.New("analytics: dialect is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{client: cfg.Client, dialect: cfg.Dialect, now: cfg.Now}, nil
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Kind is what a series is of.
type Kind int

// The kinds of subject.
const (
	KindProduct Kind = iota + 1
	KindBackend
	KindApplication
)

func (k Kind) String() string {
	switch k {
	case KindProduct:
		return "Service"
	case KindBackend:
		return "Backend API"
	}
	return "Application"
}

// Subject is the product, backend or application a series is of.
type Subject struct {
	Kind Kind
	ID   int
}

// Target is a resolved subject: the object and the product filter of its
// buckets.
type Target struct {
	Subject     Subject
	Product     *ent.Product
	Backend     *ent.Backend
	Application *ent.Application // with plan and account
}

// ErrNotFound is a subject the caller cannot see.
var ErrNotFound = errors.New("not found")

// Resolve loads a subject through the caller's viewer.
func (s *Service) Resolve(ctx context.Context, sub Subject) (*Target, error) {
	t := &Target{Subject: sub}
	var err error
	switch sub.Kind {
	case KindProduct:
		t.Product, err = s.client.Product.Get(ctx, sub.ID)
	case KindBackend:
		t.Backend, err = s.client.Backend.Get(ctx, sub.ID)
	case KindApplication:
		t.Application, err = s.client.Application.Query().Where(application.ID(sub.ID)).WithPlan().WithAccount().Only(ctx)
		if err == nil {
			t.Product, err = s.client.Product.Get(ctx, t.Application.ProductID)
		}
	default:
		return nil, fmt.Errorf("analytics: unknown subject kind %d", sub.Kind)
	}
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, &problem.Error{Kind: problem.KindNotFound, Message: sub.Kind.String() + " not found", Err: ErrNotFound}
		}
		return nil, fmt.Errorf("analytics: load %s %d: %w", sub.Kind, sub.ID, err)
	}
	return t, nil
}

// Metric finds a metric or method of the target by system name or id. A
// product (and an application) reaches the metrics of the backends it
// uses as <system name>.<backend id>, or by plain system name when no
// metric of its own and no other backend's has it.
func (s *Service) Metric(ctx context.Context, t *Target, name string) (*ent.Metric, error) {
	name = strings.TrimSpace(name)
	unknown := func() error {
		return invalid("metric_name", ErrUnknownMetric, "Metric %s is not a metric or method of this %s", name, strings.ToLower(t.Subject.Kind.String()))
	}
	if name == "" {
		return nil, invalid("metric_name", ErrMissing, "Metric name is required")
	}
	var own predicate.Metric
	var backendIDs []int
	if t.Backend != nil {
		own = metric.BackendIDEQ(t.Backend.ID)
	} else {
		own = metric.ProductIDEQ(t.Product.ID)
		ids, err := s.client.BackendUsage.Query().Where(backendusage.ProductID(t.Product.ID)).Select(backendusage.FieldBackendID).Ints(ctx)
		if err != nil {
			return nil, fmt.Errorf("analytics: backends of product: %w", err)
		}
		backendIDs = ids
	}
	reach := own
	if len(backendIDs) > 0 {
		reach = metric.Or(own, metric.BackendIDIn(backendIDs...))
	}
	if id, err := strconv.Atoi(name); err == nil {
		m, err := s.client.Metric.Query().Where(metric.ID(id), reach).Only(ctx)
		if err == nil {
			return m, nil
		}
		if !ent.IsNotFound(err) {
			return nil, fmt.Errorf("analytics: metric: %w", err)
		}
	}
	m, err := s.client.Metric.Query().Where(own, metric.SystemName(name)).Only(ctx)
	switch {
	case err == nil:
		return m, nil
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("analytics: metric: %w", err)
	case len(backendIDs) == 0:
		return nil, unknown()
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		if bid, err := strconv.Atoi(name[i+1:]); err == nil {
			m, err := s.client.Metric.Query().Where(metric.BackendIDIn(backendIDs...), metric.BackendIDEQ(bid), metric.SystemName(name[:i])).Only(ctx)
			if err == nil {
				return m, nil
			}
			if !ent.IsNotFound(err) {
				return nil, fmt.Errorf("analytics: metric: %w", err)
			}
		}
	}
	ms, err := s.client.Metric.Query().Where(metric.BackendIDIn(backendIDs...), metric.SystemName(name)).Limit(2).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("analytics: metric: %w", err)
	}
	if len(ms) == 1 {
		return ms[0], nil
	}
	return nil, unknown()
}

// ResponseCode checks a response code or class: 200, 2XX … 5XX.
func ResponseCode(code string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if len(c) == 3 && c[0] >= '1' && c[0] <= '5' {
		if c[1:] == "XX" {
			return c, nil
		}
		if _, err := strconv.Atoi(c); err == nil {
			return c, nil
		}
	}
	if c == "" {
		return "", invalid("response_code", ErrMissing, "Response code is required")
	}
	return "", invalid("response_code", ErrUnknownCode, "Response code must be a code such as 200 or a class such as 2XX")
}

// Point is one step of a series.
type Point struct {
	Start time.Time
	Value int64
}

// Series is usage over a range.
type Series struct {
	Range  Range
	Metric *ent.Metric // nil for a response code series
	Code   string
	Points []Point
	Total  int64
	// PreviousTotal and Change (in %) compare with the range just before;
	// nil when skipped or for eternity.
	PreviousTotal *int64
	Change        *float64
}

// Values are the points' values.
func (s *Series) Values() []int64 {
	out := make([]int64, len(s.Points))
	for i, p := range s.Points {
		out[i] = p.Value
	}
	return out
}

// Query says what to count.
type Query struct {
	Target *Target
	Metric *ent.Metric // or
	Code   string
	Range  Range
	// Change asks for the previous period's total and the change.
	Change bool
}

// Series computes a zero-filled series: every step of the range in its
// zone, summed from UTC buckets.
func (s *Service) Series(ctx context.Context, q Query) (*Series, error) {
	steps := q.Range.Steps()
	out := &Series{Range: q.Range, Metric: q.Metric, Code: q.Code, Points: make([]Point, len(steps))}
	p := plan{}
	for i, st := range steps {
		end := q.Range.Until
		if i+1 < len(steps) {
			end = steps[i+1]
		}
		if q.Range.Granularity == Eternity {
			// Everything up to the end of the range.
			st = time.Unix(0, 0)
		}
		p.cover(st, end, i)
		out.Points[i].Start = st.In(q.Range.Zone)
	}
	if q.Range.Granularity == Eternity {
		out.Points[0].Start = q.Range.Since
	}
	vals, err := s.sum(ctx, q, p, len(steps))
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		out.Points[i].Value = v
		out.Total += v
	}
	if q.Change && q.Range.Granularity != Eternity {
		prev := q.Range.Previous()
		pp := plan{}
		pp.cover(prev.Since, prev.Until, 0)
		pv, err := s.sum(ctx, q, pp, 1)
		if err != nil {
			return nil, err
		}
		ch := change(out.Total, pv[0])
		out.PreviousTotal, out.Change = &pv[0], &ch
	}
	return out, nil
}

// change is the change from previous to total in percent: 0 from nothing
// to nothing, 100 from nothing to something.
func change(total, previous int64) float64 {
	if previous == 0 {
		if total == 0 {
			return 0
		}
		return 100
	}
	return float64(total-previous) / float64(previous) * 100
}

// row is one grouped sum.
type row struct {
	Start time.Time `json:"start"`
	App   int       `json:"application_id"`
	Code  string    `json:"code"`
	Value int64     `json:"value"`
}

// sum adds up the buckets of plan p into n points.
func (s *Service) sum(ctx context.Context, q Query, p plan, n int) ([]int64, error) {
	out := make([]int64, n)
	for g, rs := range p {
		for _, ch := range chunks(rs) {
			rows, err := s.fetch(ctx, q, g, ch, usagebucket.FieldStart)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				if i, ok := pointOf(ch, r.Start.UTC()); ok {
					out[i] += r.Value
				}
			}
		}
	}
	return out, nil
}

// fetch reads the sums of the buckets of runs rs grouped by one column.
func (s *Service) fetch(ctx context.Context, q Query, g bucketGran, rs []run, by string) ([]row, error) {
	var rows []row
	var err error
	switch {
	case q.Metric != nil && q.Target.Application == nil && by != usagebucket.FieldApplicationID:
		// A product's or backend's usage: the product buckets.
		ps := []predicate.ProductUsageBucket{productusagebucket.MetricIDEQ(q.Metric.ID), productusagebucket.GranularityEQ(productusagebucket.Granularity(g))}
		if q.Target.Product != nil {
			ps = append(ps, productusagebucket.ProductIDEQ(q.Target.Product.ID))
		}
		spans := spansOf(rs)
		or := make([]predicate.ProductUsageBucket, len(spans))
		for i, r := range spans {
			or[i] = productusagebucket.And(productusagebucket.StartGTE(r.start), productusagebucket.StartLT(r.end))
		}
		ps = append(ps, productusagebucket.Or(or...))
		err = s.client.ProductUsageBucket.Query().Where(ps...).GroupBy(by).
			Aggregate(ent.As(ent.Sum(productusagebucket.FieldValue), "value")).Scan(ctx, &rows)
	case q.Metric != nil:
		ps := []predicate.UsageBucket{usagebucket.MetricIDEQ(q.Metric.ID), usagebucket.GranularityEQ(usagebucket.Granularity(g))}
		switch {
		case q.Target.Application != nil:
			ps = append(ps, usagebucket.ApplicationIDEQ(q.Target.Application.ID))
		case q.Target.Product != nil:
			ps = append(ps, usagebucket.ProductIDEQ(q.Target.Product.ID))
		}
		spans := spansOf(rs)
		or := make([]predicate.UsageBucket, len(spans))
		for i, r := range spans {
			or[i] = usagebucket.And(usagebucket.StartGTE(r.start), usagebucket.StartLT(r.end))
		}
		ps = append(ps, usagebucket.Or(or...))
		err = s.client.UsageBucket.Query().Where(ps...).GroupBy(by).
			Aggregate(ent.As(ent.Sum(usagebucket.FieldValue), "value")).Scan(ctx, &rows)
	default:
		ps := []predicate.ResponseCodeBucket{responsecodebucket.GranularityEQ(responsecodebucket.Granularity(g))}
		if q.Code != "" {
			ps = append(ps, responsecodebucket.Code(q.Code))
		}
		switch {
		case q.Target.Application != nil:
			ps = append(ps, responsecodebucket.ApplicationIDEQ(q.Target.Application.ID))
		case q.Target.Product != nil:
			ps = append(ps, responsecodebucket.ProductIDEQ(q.Target.Product.ID))
		}
		spans := spansOf(rs)
		or := make([]predicate.ResponseCodeBucket, len(spans))
		for i, r := range spans {
			or[i] = responsecodebucket.And(responsecodebucket.StartGTE(r.start), responsecodebucket.StartLT(r.end))
		}
		ps = append(ps, responsecodebucket.Or(or...))
		err = s.client.ResponseCodeBucket.Query().Where(ps...).GroupBy(by).
			Aggregate(ent.As(ent.Sum(responsecodebucket.FieldValue), "value")).Scan(ctx, &rows)
	}
	if err != nil {
		return nil, fmt.Errorf("analytics: read buckets: %w", err)
	}
	return rows, nil
}

// AppUsage is one application's usage over a range.
type AppUsage struct {
	Application *ent.Application // with plan and account
	Value       int64
}

// TopLimit is how many applications TopApplications returns at most.
const TopLimit = 10

// TopApplications ranks a product's applications by their usage of a
// metric over a range, highest first (ties by id).
func (s *Service) TopApplications(ctx context.Context, t *Target, m *ent.Metric, r Range, limit int) ([]AppUsage, error) {
	if limit <= 0 || limit > 100 {
		limit = TopLimit
	}
	more, less := coverTotal(r.Since, r.Until, s.now())
	ids, totals, err := s.rank(ctx, t.Product, m, more, less, limit)
	if err != nil {
		return nil, err
	}
	apps, err := s.client.Application.Query().Where(application.IDIn(ids...)).WithPlan().WithAccount().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("analytics: top applications: %w", err)
	}
	byID := make(map[int]*ent.Application, len(apps))
	for _, a := range apps {
		byID[a.ID] = a
	}
	out := make([]AppUsage, 0, len(ids))
	for _, id := range ids {
		if a := byID[id]; a != nil {
			out = append(out, AppUsage{Application: a, Value: totals[id]})
		}
	}
	return out, nil
}

// rank ranks a product's applications in one statement: the buckets of
// more count, those of less are subtracted, and only the first limit
// applications come back. The product was loaded through the caller's
// viewer; the statement filters by its tenant and id as the privacy rules
// would.
func (s *Service) rank(ctx context.Context, p *ent.Product, m *ent.Metric, more, less plan, limit int) ([]int, map[int]int64, error) {
	b := sql.Dialect(s.dialect)
	// One branch per contiguous range of buckets of one granularity, each an
	// index range scan (covering on PostgreSQL), summed by application.
	var union *sql.Selector
	for _, part := range []struct {
		p    plan
		sign string
	}{{more, ""}, {less, "-"}} {
		for _, g := range []bucketGran{gMinute, gHour, gDay, gMonth} {
			for _, r := range spansOf(part.p[g]) {
				ub := b.Table(usagebucket.Table)
				branch := b.Select(ub.C(usagebucket.FieldApplicationID)).
					AppendSelectExprAs(sql.Expr(part.sign+ub.C(usagebucket.FieldValue)), "value").From(ub).
					Where(sql.And(
						sql.EQ(ub.C(usagebucket.FieldTenantID), p.TenantID),
						sql.EQ(ub.C(usagebucket.FieldProductID), p.ID),
						sql.EQ(ub.C(usagebucket.FieldMetricID), m.ID),
						sql.EQ(ub.C(usagebucket.FieldGranularity), string(g)),
						sql.GTE(ub.C(usagebucket.FieldStart), r.start),
						sql.LT(ub.C(usagebucket.FieldStart), r.end),
					))
				if union == nil {
					union = branch
				} else {
					union.UnionAll(branch)
				}
			}
		}
	}
	if union == nil {
		return nil, nil, nil
	}
	buckets := union.As("buckets")
	sel := b.Select(buckets.C(usagebucket.FieldApplicationID)).
		AppendSelectExprAs(sql.Expr("SUM("+buckets.C("value")+")"), "total").From(buckets).
		GroupBy(buckets.C(usagebucket.FieldApplicationID)).
		OrderExpr(sql.Expr("total DESC"), sql.Expr(buckets.C(usagebucket.FieldApplicationID))).
		Limit(limit)
	query, args := sel.Query()
	c := s.client
	if s.dialect == dialect.Postgres {
		// The statement sums some tens of thousands of index entries: the
		// startup and merge of parallel workers cost more than they save,
		// and on a busy machine they wait for processors.
		tx, err := s.client.Tx(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("analytics: rank applications: %w", err)
		}
		defer func() { _ = tx.Rollback() }()
		c = tx.Client()
		if _, err := c.ExecContext(ctx, "SET LOCAL max_parallel_workers_per_gather = 0"); err != nil {
			return nil, nil, fmt.Errorf("analytics: rank applications: %w", err)
		}
	}
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("analytics: rank applications: %w", err)
	}
	defer rows.Close()
	var ids []int
	totals := map[int]int64{}
	for rows.Next() {
		var id int
		var v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, nil, fmt.Errorf("analytics: rank applications: %w", err)
		}
		if v > 0 {
			ids = append(ids, id)
			totals[id] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("analytics: rank applications: %w", err)
	}
	return ids, totals, nil
}

// CodeCount is the number of responses with one code or class.
type CodeCount struct {
	Code  string // "200" or "2XX"
	Value int64
}

// ResponseCodes counts a product's or application's responses over a range
// by class (1XX…5XX, every class listed) and by exact code (those seen).
func (s *Service) ResponseCodes(ctx context.Context, t *Target, r Range) (classes, codes []CodeCount, err error) {
	p := plan{}
	p.cover(r.Since, r.Until, 0)
	q := Query{Target: t, Range: r}
	totals := map[string]int64{}
	for g, rs := range p {
		for _, ch := range chunks(rs) {
			rows, err := s.fetch(ctx, q, g, ch, responsecodebucket.FieldCode)
			if err != nil {
				return nil, nil, err
			}
			for _, row := range rows {
				totals[row.Code] += row.Value
			}
		}
	}
	for _, c := range []string{"1XX", "2XX", "3XX", "4XX", "5XX"} {
		classes = append(classes, CodeCount{Code: c, Value: totals[c]})
		delete(totals, c)
	}
	for c, v := range totals {
		codes = append(codes, CodeCount{Code: c, Value: v})
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i].Code < codes[j].Code })
	return classes, codes, nil
}
