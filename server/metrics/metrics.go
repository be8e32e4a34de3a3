// Package metrics exposes Portico's Prometheus metrics: HTTP requests by
// route pattern (GraphQL by operation name), Service Management API
// decisions by endpoint, outcome and reason, background jobs, the usage
// journal, the email outbox, database and Redis pools, and build
// information. Every label takes values from a bounded set: route patterns,
// protocol error codes, job names, and at most MaxOperations GraphQL
// operation names (later ones are counted as "other").
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/server/decision"
)

// MaxOperations bounds the GraphQL operation names kept as label values.
const MaxOperations = 200

// Metrics is one registry and the instruments Portico updates.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	graphql      *prometheus.CounterVec
	graphqlTime  *prometheus.HistogramVec
	decisions    *prometheus.CounterVec
	jobs         *prometheus.CounterVec
	jobTime      *prometheus.HistogramVec

	// decided caches the decision counters by label values, so that the
	// hot path takes one map read and one atomic add.
	decided atomic.Pointer[map[decisionKey]prometheus.Counter]
	dmu     sync.Mutex

	omu        sync.Mutex
	operations map[string]bool
}

type decisionKey struct {
	endpoint string
	outcome  decision.Outcome
	reason   decision.Code
}

// New returns the metrics of one process, with Go runtime, process and
// build information collectors, and portico_build_info{version}.
func New(version string) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{reg: reg, operations: map[string]bool{}}
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f(collectors.NewBuildInfoCollector())
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "portico_build_info", Help: "Portico's version, as a label; always 1.",
		ConstLabels: prometheus.Labels{"version": version}})
	build.Set(1)
	f(build)

	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "portico_http_requests_total",
		Help: "HTTP requests of the control plane (admin console, GraphQL, REST, auth) by route pattern, method and status code."},
		[]string{"route", "method", "code"})
	m.httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "portico_http_request_duration_seconds",
		Help: "Time to answer control plane HTTP requests, by route pattern and method.", Buckets: prometheus.DefBuckets},
		[]string{"route", "method"})
	m.graphql = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "portico_graphql_operations_total",
		Help: "GraphQL operations by operation name (\"anonymous\" when unnamed, \"other\" past the first " + strconv.Itoa(MaxOperations) + " names), type and whether they answered errors."},
		[]string{"operation", "type", "errors"})
	m.graphqlTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "portico_graphql_operation_duration_seconds",
		Help: "Time to run GraphQL operations, by operation name and type.", Buckets: prometheus.DefBuckets},
		[]string{"operation", "type"})
	m.decisions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "portico_decisions_total",
		Help: "Service Management API requests by endpoint (authorize, authrep, oauth_authorize, oauth_authrep, report), outcome (authorized, limited, denied, rejected, accepted, failed) and reason (the protocol's error code; empty when authorized or accepted)."},
		[]string{"endpoint", "outcome", "reason"})
	m.jobs = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "portico_jobs_total",
		Help: "Runs of background jobs by job and outcome (ok, error)."}, []string{"job", "outcome"})
	m.jobTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "portico_job_duration_seconds",
		Help: "Time background job runs take, by job.", Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 5, 30}},
		[]string{"job"})
	for _, c := range []prometheus.Collector{m.httpRequests, m.httpDuration, m.graphql, m.graphqlTime, m.decisions, m.jobs, m.jobTime} {
		f(c)
	}
	empty := map[decisionKey]prometheus.Counter{}
	m.decided.Store(&empty)
	return m
}

// Registry is where further collectors register.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus's text (or OpenMetrics) format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, EnableOpenMetrics: true})
}

var _ decision.Observer = (*Metrics)(nil)

// Decision implements decision.Observer.
func (m *Metrics) Decision(endpoint string, outcome decision.Outcome, reason decision.Code) {
	k := decisionKey{endpoint, outcome, reason}
	c, ok := (*m.decided.Load())[k]
	if !ok {
		c = m.decisionCounter(k)
	}
	c.Inc()
}

// decisionCounter adds k's counter to the cache (copied on write: label
// values are few, and reads take no lock).
func (m *Metrics) decisionCounter(k decisionKey) prometheus.Counter {
	m.dmu.Lock()
	defer m.dmu.Unlock()
	old := *m.decided.Load()
	if c, ok := old[k]; ok {
		return c
	}
	c := m.decisions.WithLabelValues(k.endpoint, k.outcome.String(), string(k.reason))
	next := make(map[decisionKey]prometheus.Counter, len(old)+1)
	for kk, cc := range old {
		next[kk] = cc
	}
	next[k] = c
	m.decided.Store(&next)
	return c
}

// Job records one run of a background job.
func (m *Metrics) Job(job string, took time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	// The duration first: a scrape that sees the run counted sees its time.
	m.jobTime.WithLabelValues(job).Observe(took.Seconds())
	m.jobs.WithLabelValues(job, outcome).Inc()
}

// JobFunc returns Job bound to one job's name, for a job's observer field.
func (m *Metrics) JobFunc(job string) func(time.Duration, error) {
	// Both outcomes appear from the first scrape on.
	m.jobs.WithLabelValues(job, "ok")
	m.jobs.WithLabelValues(job, "error")
	return func(took time.Duration, err error) { m.Job(job, took, err) }
}

// Operation records one GraphQL operation.
func (m *Metrics) Operation(name, typ string, took time.Duration, failed bool) {
	name = m.operationLabel(name)
	m.graphql.WithLabelValues(name, typ, strconv.FormatBool(failed)).Inc()
	m.graphqlTime.WithLabelValues(name, typ).Observe(took.Seconds())
}

// operationLabel keeps the first MaxOperations names; clients choose
// them, so later ones become "other".
func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	if len(name) > 100 {
		return "other"
	}
	m.omu.Lock()
	defer m.omu.Unlock()
	if m.operations[name] {
		return name
	}
	if len(m.operations) >= MaxOperations {
		return "other"
	}
	m.operations[name] = true
	return name
}

// Request records one control plane request, labelled with the route
// pattern that served it (never the path).
func (m *Metrics) Request(route, method string, code int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	method = standardMethod(method)
	m.httpRequests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.httpDuration.WithLabelValues(route, method).Observe(took.Seconds())
}

// standardMethod keeps the standard methods as they are; others are
// "other".
func standardMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// DB reports a database pool's statistics (connections open, in use,
// idle, waits).
func (m *Metrics) DB(db *sql.DB, name string) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// GaugeFunc registers a gauge read at every scrape.
func (m *Metrics) GaugeFunc(name, help string, fn func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
}

// CountFunc registers a gauge read at every scrape from a query that may
// fail (a failed read reports -1) and take at most timeout.
func (m *Metrics) CountFunc(name, help string, timeout time.Duration, fn func(ctx context.Context) (int, error)) {
	m.GaugeFunc(name, help, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		n, err := fn(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
}

// CounterStore returns the function counter.RedisConfig.RoundTrip takes:
// it times each round trip to Redis and records how many decisions it
// carried.
func (m *Metrics) CounterStore() func(time.Duration, int) {
	took := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "portico_counter_store_round_trip_seconds",
		Help:    "Time of each round trip of decisions to the Redis counter store.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5}})
	size := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "portico_counter_store_batch_size",
		Help:    "Decisions and report updates carried by each round trip to the Redis counter store.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256}})
	m.reg.MustRegister(took, size)
	return func(d time.Duration, n int) {
		took.Observe(d.Seconds())
		size.Observe(float64(n))
	}
}

// RedisPool reports a go-redis connection pool's statistics.
func (m *Metrics) RedisPool(stats func() *redis.PoolStats) {
	read := func(pick func(*redis.PoolStats) uint32) func() float64 {
		return func() float64 { return float64(pick(stats())) }
	}
	m.CounterFunc("portico_redis_pool_hits_total", "Times a free Redis connection was found in the pool.", read(func(s *redis.PoolStats) uint32 { return s.Hits }))
	m.CounterFunc("portico_redis_pool_misses_total", "Times no free Redis connection was in the pool.", read(func(s *redis.PoolStats) uint32 { return s.Misses }))
	m.CounterFunc("portico_redis_pool_timeouts_total", "Times waiting for a Redis connection timed out.", read(func(s *redis.PoolStats) uint32 { return s.Timeouts }))
	m.CounterFunc("portico_redis_pool_stale_connections_total", "Stale Redis connections removed from the pool.", read(func(s *redis.PoolStats) uint32 { return s.StaleConns }))
	m.GaugeFunc("portico_redis_pool_connections", "Redis connections in the pool.", read(func(s *redis.PoolStats) uint32 { return s.TotalConns }))
	m.GaugeFunc("portico_redis_pool_idle_connections", "Idle Redis connections in the pool.", read(func(s *redis.PoolStats) uint32 { return s.IdleConns }))
}

// CounterFunc registers a counter read at every scrape.
func (m *Metrics) CounterFunc(name, help string, fn func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, fn))
}
