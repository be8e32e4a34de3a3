// Package config loads and validates Portico's configuration from PORTICO_*
// environment variables and command-line flags (flags win).
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/portico-apim/portico/server/tracing"

	"github.com/dustin/go-humanize"
	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/mail"
)

// Config is everything the server needs to start.
type Config struct {
	// Addr is the listen address (PORTICO_ADDR, default ":8080").
	Addr string
	// DataDir holds the embedded database (PORTICO_DATA_DIR, default "./data").
	DataDir string
	// DatabaseURL selects PostgreSQL (PORTICO_DATABASE_URL); empty means the
	// embedded SQLite database.
	DatabaseURL string
	// RedisURL selects Redis counters and cross-replica change events
	// (PORTICO_REDIS_URL); empty means in-process counters.
	RedisURL string
	// RedisCluster says that RedisURL names seed nodes of a Redis Cluster,
	// in go-redis's cluster URL form (PORTICO_REDIS_CLUSTER).
	RedisCluster bool
	// RedisLease is the lifetime of the leases through which a busy
	// application's decisions are made in process on Redis
	// (PORTICO_REDIS_LEASE, default 1s); 0 decides each one in Redis.
	RedisLease time.Duration
	// RedisPrefix starts every Redis key (PORTICO_REDIS_PREFIX, default
	// "portico:"), so installations can share a Redis.
	RedisPrefix string
	// AdminPassword is the first admin's password (PORTICO_ADMIN_PASSWORD);
	// empty means a random one, printed once.
	AdminPassword string
	// TeamPasswords is the password policy of team users, the first admin's
	// included: at least PORTICO_PASSWORD_MIN_LENGTH characters (default
	// 12, from 8 to 128) and, unless PORTICO_PASSWORD_CHECK_COMMON=false,
	// none of the most common passwords.
	TeamPasswords password.Policy
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// Forwarded headers name the client (PORTICO_TRUSTED_PROXIES: IP
	// addresses and CIDR networks, comma-separated); empty means the
	// connection's peer is the client.
	TrustedProxies []netip.Prefix
	// LoginDelay is the first delay of a login name after its free failed
	// logins (PORTICO_LOGIN_DELAY, default 1s); it doubles with every further
	// failure up to LoginMaxDelay (PORTICO_LOGIN_MAX_DELAY, default 1m).
	LoginDelay, LoginMaxDelay time.Duration
	// AdminDomain is the admin domain of the first provider tenant
	// (PORTICO_ADMIN_DOMAIN, default "localhost").
	AdminDomain string
	// WildcardDomain is the domain tenants' domains are made under
	// (PORTICO_WILDCARD_DOMAIN, default "localhost", which browsers resolve
	// with its subdomains to the loopback address): the master portal is at
	// master.<wildcard>, a tenant created by the master at
	// <name>-admin.<wildcard> and its developer portal at <name>.<wildcard>.
	WildcardDomain string
	// MasterPassword is the master admin's password (PORTICO_MASTER_PASSWORD);
	// empty means a random one, printed once.
	MasterPassword string
	// AdminURL is where emails point the team to the admin console: scheme,
	// host and port (PORTICO_ADMIN_URL; default http:// with the admin
	// domain and the port of Addr). Other tenants' links use their own
	// admin domain with its scheme and port.
	AdminURL string
	// LogLevel is debug, info, warn or error (PORTICO_LOG_LEVEL).
	LogLevel slog.Level
	// LogFormat is text or json (PORTICO_LOG_FORMAT).
	LogFormat string
	// BenchBaseline serves the benchmark baseline endpoint
	// (PORTICO_BENCH_BASELINE=1); never needed in production.
	BenchBaseline bool
	// Tracing is what the standard OTEL_* variables ask for: spans
	// exported over OTLP/HTTP when an endpoint is named, else none.
	Tracing tracing.Config
	// MetricsAddr serves the Prometheus metrics on a separate listener
	// (PORTICO_METRICS_ADDR, e.g. 127.0.0.1:9090) instead of at /metrics
	// on Addr; "off" serves them nowhere.
	MetricsAddr string
	// Version is the build's version, reported in metrics and /status (set
	// by the command, not configurable).
	Version string
	// PprofAddr serves Go's profiler on a separate listener
	// (PORTICO_PPROF_ADDR, e.g. 127.0.0.1:6060); empty disables it.
	PprofAddr string
	// SMTPURL is the server email is delivered through (PORTICO_SMTP_URL:
	// smtp://[user:password@]host[:port] with STARTTLS when offered, or
	// smtps://… with implicit TLS); empty keeps email in the outbox for
	// admins to read.
	SMTPURL string
	// StripeAPIURL replaces Stripe's API address (PORTICO_STRIPE_API_URL,
	// e.g. a stripe-mock at http://127.0.0.1:12111); empty is Stripe itself.
	StripeAPIURL string
	// ShutdownTimeout bounds graceful shutdown (PORTICO_SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// JournalDir holds the usage journal (PORTICO_JOURNAL_DIR; empty means
	// DataDir/journal, see JournalPath): every acknowledged decision and report is written
	// there before the answer, so a crash of the process loses none.
	JournalDir string
	// JournalSync is how often the journal is flushed to the disk
	// (PORTICO_JOURNAL_SYNC, default 1s): what a power loss can take. 0
	// flushes every write before it is acknowledged.
	JournalSync time.Duration
	// MaxBodyBytes bounds the request body of the GraphQL API, the /auth
	// endpoints and GraphQL websocket messages (PORTICO_MAX_BODY_BYTES,
	// default 1 MiB); larger requests are answered 413. The Service
	// Management API keeps its own bound.
	MaxBodyBytes int64
	// GCPercent is the garbage collector's target the server sets: the heap
	// may grow this many percent above the live data before a collection.
	// It is 400 (Go's default is 100): net/http allocates about 2 KB per
	// request, so under load the collector would otherwise run some ten
	// times a second, and its mark phases delay answers (p99). It is 0, and
	// the runtime's setting is left alone, when GOGC is set in the
	// environment; GOMEMLIMIT bounds the heap either way.
	GCPercent int
	// OutboundAllowPrivate lets webhook deliveries and OpenID Connect
	// requests reach loopback, private and link-local addresses
	// (PORTICO_OUTBOUND_ALLOW_PRIVATE=true); off, they are refused.
	OutboundAllowPrivate bool
	// DiscoveryKubeconfig is the kubeconfig file service discovery reaches
	// the Kubernetes API with (PORTICO_DISCOVERY_KUBECONFIG); inside a pod
	// the pod's service account is used instead. Neither: discovery is off.
	DiscoveryKubeconfig string
	// DiscoveryDial, set only by tests, returns the host:port to fetch a
	// discovered service's OpenAPI document from instead of its cluster
	// address, which no DNS answers outside a cluster.
	DiscoveryDial func(namespace, name string, port int) string
	// EventRetention is how long consumed domain events and finished
	// webhook deliveries are kept (PORTICO_EVENT_RETENTION, default 168h).
	EventRetention time.Duration
	// WebhookRetryDelay is the wait between attempts of a webhook delivery
	// (PORTICO_WEBHOOK_RETRY_DELAY, default 60s as in 3scale).
	WebhookRetryDelay time.Duration
	// NoBillingSchedule keeps the daily billing run from starting by
	// itself at 08:00 tenant time (tests that run billing for dates of
	// their own choosing); not a flag or variable.
	NoBillingSchedule bool
	// JobPoll is how often idle background workers and the outbox consumer
	// look for work (PORTICO_JOB_POLL, default 1s).
	JobPoll time.Duration
}

// Request bodies may be bounded to sizes in this range: a login fits in the
// smallest.
const (
	minBodyBytes = 4 << 10
	maxBodyBytes = 1 << 30
)

// Load reads the environment through getenv, then flags from args, and
// validates the result. All problems are reported together. With -h it
// prints the usage to standard error and returns flag.ErrHelp.
func Load(args []string, getenv func(string) string) (Config, error) {
	return LoadWithOutput(args, getenv, os.Stderr)
}

// LoadWithOutput is Load printing usage and flag errors to out.
func LoadWithOutput(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var (
		c                             Config
		level, shutdown               string
		minLength, checkCommon        string
		proxies, loginDelay, loginMax string
		jsync, maxBody                string
		allowPrivate, retention       string
		redisCluster                  string
		retryDelay, jobPoll           string
		redisLease                    string
	)
	fs := flag.NewFlagSet("portico", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Addr, "addr", env("PORTICO_ADDR", ":8080"), "listen address (PORTICO_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("PORTICO_DATA_DIR", "./data"), "data directory of the embedded database (PORTICO_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("PORTICO_DATABASE_URL", ""), "PostgreSQL URL; empty for the embedded database (PORTICO_DATABASE_URL)")
	fs.StringVar(&c.RedisURL, "redis-url", env("PORTICO_REDIS_URL", ""), "Redis URL; empty for in-process counters (PORTICO_REDIS_URL)")
	fs.StringVar(&redisCluster, "redis-cluster", env("PORTICO_REDIS_CLUSTER", "false"), "the Redis URL names seed nodes of a Redis Cluster: redis://host:port?addr=host:port&addr=… (PORTICO_REDIS_CLUSTER)")
	fs.StringVar(&redisLease, "redis-lease", env("PORTICO_REDIS_LEASE", "1s"), "lifetime of the leases that let busy applications be decided in process on Redis, 10ms to 1m; 0 decides each decision in Redis (PORTICO_REDIS_LEASE)")
	fs.StringVar(&c.RedisPrefix, "redis-prefix", env("PORTICO_REDIS_PREFIX", "portico:"), "prefix of every Redis key (PORTICO_REDIS_PREFIX)")
	fs.StringVar(&c.AdminDomain, "admin-domain", env("PORTICO_ADMIN_DOMAIN", "localhost"), "admin domain of the first tenant (PORTICO_ADMIN_DOMAIN)")
	fs.StringVar(&c.WildcardDomain, "wildcard-domain", env("PORTICO_WILDCARD_DOMAIN", "localhost"), "domain tenants' domains are made under: master.<wildcard>, <name>-admin.<wildcard> (PORTICO_WILDCARD_DOMAIN)")
	fs.StringVar(&c.AdminURL, "admin-url", env("PORTICO_ADMIN_URL", ""), "address of the admin console in emails, such as https://admin.example.com (PORTICO_ADMIN_URL; default http://<admin domain>:<port>)")
	fs.StringVar(&level, "log-level", env("PORTICO_LOG_LEVEL", "info"), "debug, info, warn or error (PORTICO_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("PORTICO_LOG_FORMAT", "text"), "text or json (PORTICO_LOG_FORMAT)")
	fs.StringVar(&c.StripeAPIURL, "stripe-api-url", env("PORTICO_STRIPE_API_URL", ""), "address of the Stripe API payment gateways call, for a stripe-mock in testing; empty is Stripe (PORTICO_STRIPE_API_URL)")
	fs.StringVar(&c.DiscoveryKubeconfig, "discovery-kubeconfig", env("PORTICO_DISCOVERY_KUBECONFIG", ""), "kubeconfig file of the cluster whose labelled services can be imported as products; inside a pod the pod's service account is used (PORTICO_DISCOVERY_KUBECONFIG)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("PORTICO_SMTP_URL", ""), "SMTP server for outgoing email, smtp:// or smtps://; empty keeps email for admins to read (PORTICO_SMTP_URL)")
	fs.StringVar(&c.JournalDir, "journal-dir", env("PORTICO_JOURNAL_DIR", ""), "usage journal directory; empty for DATA_DIR/journal (PORTICO_JOURNAL_DIR)")
	fs.StringVar(&jsync, "journal-sync", env("PORTICO_JOURNAL_SYNC", "1s"), "how often the usage journal is flushed to disk; 0 on every write (PORTICO_JOURNAL_SYNC)")
	fs.StringVar(&shutdown, "shutdown-timeout", env("PORTICO_SHUTDOWN_TIMEOUT", "20s"), "graceful shutdown limit (PORTICO_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&maxBody, "max-body-bytes", env("PORTICO_MAX_BODY_BYTES", "1MiB"), "largest request body accepted, such as 1MiB or 262144 (PORTICO_MAX_BODY_BYTES)")
	fs.StringVar(&minLength, "password-min-length", env("PORTICO_PASSWORD_MIN_LENGTH", "12"), "fewest characters of a team user's password, 8 to 128 (PORTICO_PASSWORD_MIN_LENGTH)")
	fs.StringVar(&checkCommon, "password-check-common", env("PORTICO_PASSWORD_CHECK_COMMON", "true"), "refuse common passwords for team users (PORTICO_PASSWORD_CHECK_COMMON)")
	fs.StringVar(&proxies, "trusted-proxies", env("PORTICO_TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For names the client: IPs and CIDRs, comma-separated (PORTICO_TRUSTED_PROXIES)")
	fs.StringVar(&loginDelay, "login-delay", env("PORTICO_LOGIN_DELAY", "1s"), "first delay after a login name's free failed logins (PORTICO_LOGIN_DELAY)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("PORTICO_METRICS_ADDR", ""), "serve Prometheus metrics on this host:port instead of /metrics on the listen address; off for nowhere (PORTICO_METRICS_ADDR)")
	fs.StringVar(&loginMax, "login-max-delay", env("PORTICO_LOGIN_MAX_DELAY", "1m"), "longest delay after failed logins (PORTICO_LOGIN_MAX_DELAY)")
	fs.StringVar(&allowPrivate, "outbound-allow-private", env("PORTICO_OUTBOUND_ALLOW_PRIVATE", "false"), "let webhooks and single sign-on reach loopback, private and link-local addresses (PORTICO_OUTBOUND_ALLOW_PRIVATE)")
	fs.StringVar(&retention, "event-retention", env("PORTICO_EVENT_RETENTION", "168h"), "how long consumed domain events and finished webhook deliveries are kept (PORTICO_EVENT_RETENTION)")
	fs.StringVar(&retryDelay, "webhook-retry-delay", env("PORTICO_WEBHOOK_RETRY_DELAY", "60s"), "wait between attempts of a webhook delivery (PORTICO_WEBHOOK_RETRY_DELAY)")
	fs.StringVar(&jobPoll, "job-poll", env("PORTICO_JOB_POLL", "1s"), "how often background workers and the outbox consumer look for work (PORTICO_JOB_POLL)")
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprint(out, `Usage: portico [serve | migrate | version] [flags]

  serve    start the server (the default)
  migrate  apply database migrations and exit
  version  print the version and exit

Every flag can also be set by the environment variable named in its
description; a flag wins over its variable. Set only in the environment:
PORTICO_ADMIN_PASSWORD (the first admin's password, first start only),
PORTICO_PPROF_ADDR (serve Go's profiler on this address),
PORTICO_BENCH_BASELINE (1: serve the benchmarks' static baseline endpoint),
and OpenTelemetry's OTEL_* variables: traces go over OTLP/HTTP to
OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); without
one, tracing is off.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	c.AdminPassword = getenv("PORTICO_ADMIN_PASSWORD")
	c.MasterPassword = getenv("PORTICO_MASTER_PASSWORD")
	if getenv("GOGC") == "" {
		c.GCPercent = 400
	}
	c.BenchBaseline = getenv("PORTICO_BENCH_BASELINE") == "1"
	c.PprofAddr = getenv("PORTICO_PPROF_ADDR")

	var errs []error
	tc, err := tracing.FromEnv(getenv)
	if err != nil {
		errs = append(errs, err)
	}
	c.Tracing = tc
	if c.MetricsAddr != "" && c.MetricsAddr != "off" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_METRICS_ADDR %q: want host:port such as 127.0.0.1:9090, or off", c.MetricsAddr))
		}
	}
	if c.PprofAddr != "" {
		if _, _, err := net.SplitHostPort(c.PprofAddr); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_PPROF_ADDR %q: want host:port such as 127.0.0.1:6060", c.PprofAddr))
		}
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("PORTICO_ADDR %q: want host:port such as :8080 or 127.0.0.1:8080", c.Addr))
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		errs = append(errs, fmt.Errorf("PORTICO_ADDR %q: port must be a number from 0 to 65535", c.Addr))
	}
	if c.DatabaseURL == "" && strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("PORTICO_DATA_DIR: must not be empty when PORTICO_DATABASE_URL is not set"))
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			errs = append(errs, errors.New("PORTICO_DATABASE_URL: want postgres://user[:password]@host[:port]/database[?sslmode=…]"))
		}
	}
	switch strings.ToLower(redisCluster) {
	case "true", "1":
		c.RedisCluster = true
	case "false", "0", "":
	default:
		errs = append(errs, fmt.Errorf("PORTICO_REDIS_CLUSTER %q: want true or false", redisCluster))
	}
	switch {
	case c.RedisURL == "" && c.RedisCluster:
		errs = append(errs, errors.New("PORTICO_REDIS_CLUSTER: needs PORTICO_REDIS_URL naming at least one node of the cluster"))
	case c.RedisURL == "":
	case c.RedisCluster:
		if _, err := redis.ParseClusterURL(c.RedisURL); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_REDIS_URL: %v (want redis://[user:password@]host:port[?addr=host:port&addr=…] naming nodes of the cluster)", err))
		}
	default:
		if _, err := redis.ParseURL(c.RedisURL); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_REDIS_URL: %v (want redis://[user:password@]host:port[/db])", err))
		}
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseURL(c.SMTPURL); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_SMTP_URL: %v (want smtp://[user:password@]host[:port] or smtps://…)", err))
		}
	}
	if c.StripeAPIURL != "" {
		if u, err := url.Parse(c.StripeAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("PORTICO_STRIPE_API_URL %q: want http://host:port or https://host", c.StripeAPIURL))
		}
	}
	if strings.ContainsAny(c.RedisPrefix, "{}") {
		errs = append(errs, fmt.Errorf("PORTICO_REDIS_PREFIX %q: must not contain '{' or '}'", c.RedisPrefix))
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		errs = append(errs, fmt.Errorf("PORTICO_LOG_LEVEL %q: want debug, info, warn or error", level))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("PORTICO_LOG_FORMAT %q: want text or json", c.LogFormat))
	}
	d, err := time.ParseDuration(shutdown)
	if err != nil || d <= 0 {
		errs = append(errs, fmt.Errorf("PORTICO_SHUTDOWN_TIMEOUT %q: want a positive duration such as 20s", shutdown))
	}
	c.ShutdownTimeout = d
	switch strings.ToLower(allowPrivate) {
	case "true", "1", "yes":
		c.OutboundAllowPrivate = true
	case "false", "0", "no", "":
	default:
		errs = append(errs, fmt.Errorf("PORTICO_OUTBOUND_ALLOW_PRIVATE %q: want true or false", allowPrivate))
	}
	for _, d := range []struct {
		name, v string
		min     time.Duration
		to      *time.Duration
	}{
		{"PORTICO_EVENT_RETENTION", retention, time.Minute, &c.EventRetention},
		{"PORTICO_WEBHOOK_RETRY_DELAY", retryDelay, 10 * time.Millisecond, &c.WebhookRetryDelay},
		{"PORTICO_JOB_POLL", jobPoll, 10 * time.Millisecond, &c.JobPoll},
	} {
		v, err := time.ParseDuration(d.v)
		if err != nil || v < d.min {
			errs = append(errs, fmt.Errorf("%s %q: want a duration of at least %s", d.name, d.v, d.min))
			continue
		}
		*d.to = v
	}
	if l, err := time.ParseDuration(redisLease); err != nil || (l != 0 && (l < 10*time.Millisecond || l > time.Minute)) {
		errs = append(errs, fmt.Errorf("PORTICO_REDIS_LEASE %q: want 0 or a duration from 10ms to 1m, such as 1s", redisLease))
	} else {
		c.RedisLease = l
	}
	if js, err := time.ParseDuration(jsync); err != nil || js < 0 {
		errs = append(errs, fmt.Errorf("PORTICO_JOURNAL_SYNC %q: want a duration such as 1s, or 0 to flush every write", jsync))
	} else {
		c.JournalSync = js
	}
	if c.JournalDir == "" && strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("PORTICO_JOURNAL_DIR: must be set when PORTICO_DATA_DIR is empty"))
	}
	if n, err := humanize.ParseBytes(maxBody); err != nil || n < minBodyBytes || n > maxBodyBytes {
		errs = append(errs, fmt.Errorf("PORTICO_MAX_BODY_BYTES %q: want a size from 4KiB to 1GiB, such as 1MiB or 262144", maxBody))
	} else {
		c.MaxBodyBytes = int64(n)
	}
	n, err := strconv.Atoi(minLength)
	if err != nil || n < 8 || n > password.MaxLength {
		errs = append(errs, fmt.Errorf("PORTICO_PASSWORD_MIN_LENGTH %q: want a number from 8 to %d", minLength, password.MaxLength))
	}
	common, err := strconv.ParseBool(checkCommon)
	if err != nil {
		errs = append(errs, fmt.Errorf("PORTICO_PASSWORD_CHECK_COMMON %q: want true or false", checkCommon))
	}
	c.TeamPasswords = password.Policy{MinLength: n, Common: common}
	if c.AdminPassword != "" && n >= 8 {
		if err := c.TeamPasswords.Check(c.AdminPassword); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_ADMIN_PASSWORD: %v", err))
		}
	}
	if c.MasterPassword != "" && n >= 8 {
		if err := c.TeamPasswords.Check(c.MasterPassword); err != nil {
			errs = append(errs, fmt.Errorf("PORTICO_MASTER_PASSWORD: %v", err))
		}
	}
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("PORTICO_TRUSTED_PROXIES %q: want IP addresses or CIDR networks such as 10.0.0.0/8, comma-separated", p))
				continue
			}
			prefix = netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix.Masked())
	}
	c.LoginDelay, err = time.ParseDuration(loginDelay)
	if err != nil || c.LoginDelay <= 0 {
		errs = append(errs, fmt.Errorf("PORTICO_LOGIN_DELAY %q: want a positive duration such as 1s", loginDelay))
	}
	c.LoginMaxDelay, err = time.ParseDuration(loginMax)
	if err != nil || c.LoginMaxDelay <= 0 {
		errs = append(errs, fmt.Errorf("PORTICO_LOGIN_MAX_DELAY %q: want a positive duration such as 1m", loginMax))
	} else if c.LoginMaxDelay < c.LoginDelay {
		errs = append(errs, fmt.Errorf("PORTICO_LOGIN_MAX_DELAY %q: must not be shorter than PORTICO_LOGIN_DELAY", loginMax))
	}
	c.AdminDomain = strings.ToLower(c.AdminDomain)
	if strings.TrimSpace(c.AdminDomain) == "" || strings.ContainsAny(c.AdminDomain, " /:") {
		errs = append(errs, fmt.Errorf("PORTICO_ADMIN_DOMAIN %q: want a host name such as admin.example.com", c.AdminDomain))
	}
	c.WildcardDomain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(c.WildcardDomain), "."))
	if err := schema.ValidateDomain(c.WildcardDomain); err != nil {
		errs = append(errs, fmt.Errorf("PORTICO_WILDCARD_DOMAIN %q: %v", c.WildcardDomain, err))
	}
	if c.AdminURL == "" {
		c.AdminURL = "http://" + c.AdminDomain
		if _, port, err := net.SplitHostPort(c.Addr); err == nil && port != "80" {
			c.AdminURL += ":" + port
		}
	} else if u, err := url.Parse(c.AdminURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		errs = append(errs, fmt.Errorf("PORTICO_ADMIN_URL %q: want a scheme and host such as https://admin.example.com", c.AdminURL))
	}
	c.AdminURL = strings.TrimRight(c.AdminURL, "/")
	return c, errors.Join(errs...)
}

// JournalPath is the usage journal's directory.
func (c Config) JournalPath() string {
	if c.JournalDir != "" {
		return c.JournalDir
	}
	return filepath.Join(c.DataDir, "journal")
}
