package webhooks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/webhook"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/outbound"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// Defaults of Config.
const (
	DefaultRetryDelay = 60 * time.Second
	DefaultRetention  = 7 * 24 * time.Hour
	DefaultPoll       = time.Second
	// Attempts is how many times a delivery is tried: once and 5 retries.
	Attempts = 6
)

// RenderFunc writes the object of an event (account, user or application,
// as the outbox snapshot holds it) as the REST API represents it, in XML
// (the element) or JSON (the object), for tenant.
type RenderFunc func(ctx context.Context, tenant *ent.Tenant, objectType string, snapshot map[string]any, json bool) ([]byte, error)

// KeySource derives the key that encrypts signing secrets.
type KeySource = secret.KeySource

// Config wires the service.
type Config struct {
	Client *ent.Client
	// DB and Postgres are the store's pool and dialect: the consumer writes
	// deliveries and their jobs in one transaction of it.
	DB       *sql.DB
	Postgres bool
	Jobs     *jobs.Runner
	Keys     KeySource
	Render   RenderFunc
	Outbound outbound.Config
	// RetryDelay is the wait between attempts (default 60 s, as 3scale).
	RetryDelay time.Duration
	// Retention is how long consumed outbox events are kept (default 7 days).
	Retention time.Duration
	// Poll is how often the outbox is read (default 1 s).
	Poll   time.Duration
	Logger *slog.Logger
	// Now is the clock; tests may set it.
	Now func() time.Time
	// Subscribers are also handed each round's outbox events, in the
	// round's transaction (notifications are one): an event reaches them
	// exactly once, with the webhook deliveries it causes. ctx carries the
	// round's client, so that writes made through store.Client join it.
	Subscribers []Subscriber
	// Committed, when set, is called after a round that consumed events
	// commits (to wake the mail sender, say).
	Committed func()
}

// Subscriber consumes outbox events in the outbox round's transaction.
type Subscriber interface {
	Consume(ctx context.Context, c *ent.Client, evs []*ent.DomainEvent) error
}

// Service is the webhooks of every tenant.
type Service struct {
	cfg    Config
	client *ent.Client
	http   *http.Client
	guard  *outbound.Guard
	logger *slog.Logger

	// Observe, when set, is told of every outbox round and ObserveDelivery
	// of every delivery attempt (set before Start).
	Observe         func(time.Duration, error)
	ObserveDelivery func(time.Duration, error)

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
	wake   chan struct{}
}

// New returns the service and registers its jobs on cfg.Jobs.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil || cfg.DB == nil || cfg.Jobs == nil || cfg.Keys == nil || cfg.Render == nil {
		return nil, errors.New("webhooks: client, database, jobs, keys and renderer are required")
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = DefaultRetryDelay
	}
	if cfg.Retention <= 0 {
		cfg.Retention = DefaultRetention
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{cfg: cfg, client: cfg.Client, http: outbound.Client(cfg.Outbound), guard: outbound.NewGuard(cfg.Outbound),
		logger: cfg.Logger, wake: make(chan struct{}, 1)}
	jobs.Register(cfg.Jobs, &deliveryWorker{s: s})
	jobs.Register(cfg.Jobs, &pruneWorker{s: s})
	cfg.Jobs.Every(time.Hour, func() river.JobArgs { return PruneArgs{} })
	return s, nil
}

// Settings is a tenant's webhook configuration as an admin changes it; nil
// fields are kept.
type Settings struct {
	URL             *string
	Active          *bool
	ProviderActions *bool
	// Events replaces the switched-on events.
	Events []string
	// Switches turns single events on or off.
	Switches map[string]bool
	Format   *webhook.Format
}

// Get returns the viewer's tenant's webhook: a switched-off one, not
// stored and without a secret, until it is first saved.
func (s *Service) Get(ctx context.Context) (*ent.Webhook, error) {
	w, err := store.Client(ctx, s.client).Webhook.Query().Only(ctx)
	if ent.IsNotFound(err) {
		return &ent.Webhook{Format: webhook.FormatXML, Events: []string{}}, nil
	}
	return w, err
}

// ensure returns the viewer's tenant's stored webhook, creating it
// switched off, with a new signing secret, on first use.
func (s *Service) ensure(ctx context.Context) (*ent.Webhook, error) {
	c := store.Client(ctx, s.client)
	w, err := c.Webhook.Query().Only(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return w, err
	}
	sealed, err := s.seal(secret.Token())
	if err != nil {
		return nil, err
	}
	err = c.Webhook.Create().SetSecretSealed(sealed).SetSecretRotatedAt(s.cfg.Now()).OnConflict().DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("webhooks: create: %w", err)
	}
	return c.Webhook.Query().Only(ctx)
}

// Update changes the viewer's tenant's webhook. Every value is checked
// before anything is stored; a URL must be http(s) and, unless the operator
// allows private addresses, resolve to public ones.
func (s *Service) Update(ctx context.Context, in Settings) (*ent.Webhook, error) {
	for _, e := range in.Events {
		if !IsEvent(e) {
			return nil, problem.Invalid("events", "unknown event %q", e)
		}
	}
	for e := range in.Switches {
		if !IsEvent(e) {
			return nil, problem.Invalid(e+"_on", "unknown event switch %q", e+"_on")
		}
	}
	if in.URL != nil && *in.URL != "" {
		if len(*in.URL) > 2048 {
			return nil, problem.Invalid("url", "is longer than 2048 characters")
		}
		if err := s.guard.CheckURL(ctx, *in.URL); err != nil {
			return nil, problem.Invalid("url", "%s", err.Error())
		}
	}
	w, err := s.ensure(ctx)
	if err != nil {
		return nil, err
	}
	url := w.URL
	if in.URL != nil {
		url = *in.URL
	}
	active := w.Active
	if in.Active != nil {
		active = *in.Active
	}
	if active && url == "" {
		return nil, problem.Invalid("url", "can't be blank when the webhook is active")
	}
	events := slices.Clone(w.Events)
	if in.Events != nil {
		events = slices.Clone(in.Events)
	}
	for e, on := range in.Switches {
		events = slices.DeleteFunc(events, func(x string) bool { return x == e })
		if on {
			events = append(events, e)
		}
	}
	// Kept in catalogue order, each once.
	ordered := make([]string, 0, len(events))
	for _, e := range Events {
		if slices.Contains(events, e) {
			ordered = append(ordered, e)
		}
	}
	u := w.Update().SetURL(url).SetActive(active).SetEvents(ordered)
	if in.ProviderActions != nil {
		u.SetProviderActions(*in.ProviderActions)
	}
	if in.Format != nil {
		u.SetFormat(*in.Format)
	}
	return u.Save(ctx)
}

// RotateSecret replaces the viewer's tenant's signing secret and returns it;
// deliveries sent from now on are signed with the new one.
func (s *Service) RotateSecret(ctx context.Context) (string, error) {
	w, err := s.ensure(ctx)
	if err != nil {
		return "", err
	}
	plain := secret.Token()
	sealed, err := s.seal(plain)
	if err != nil {
		return "", err
	}
	if err := w.Update().SetSecretSealed(sealed).SetSecretRotatedAt(s.cfg.Now()).Exec(ctx); err != nil {
		return "", fmt.Errorf("webhooks: rotate secret: %w", err)
	}
	return plain, nil
}

// Secret returns the viewer's tenant's signing secret, for an admin to
// configure a receiver; "" until the webhook is first saved.
func (s *Service) Secret(ctx context.Context) (string, error) {
	w, err := s.Get(ctx)
	if err != nil || w.SecretSealed == "" {
		return "", err
	}
	return s.open(w.SecretSealed)
}

// secretOf returns the signing secret of a tenant, as the system.
func (s *Service) secretOf(ctx context.Context, tenantID int) (string, error) {
	w, err := s.client.Webhook.Query().Only(viewer.TenantSystemContext(ctx, tenantID))
	if err != nil {
		return "", err
	}
	return s.open(w.SecretSealed)
}

// sealer keeps signing secrets encrypted at rest.
func (s *Service) sealer() secret.Sealer {
	return secret.Sealer{Keys: s.cfg.Keys, Purpose: "webhook signing secret", AD: "portico webhook secret v1"}
}

func (s *Service) seal(plain string) (string, error) {
	return s.sealer().Seal([]byte(plain))
}

func (s *Service) open(sealed string) (string, error) {
	plain, err := s.sealer().Open(sealed)
	return string(plain), err
}
