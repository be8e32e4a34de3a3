package proxyconf

import (
	"context"
	"errors"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/store"
)

// Config wires the service.
type Config struct {
	Client *ent.Client
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Service manages integration settings and configuration versions.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns a service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, errors.New("proxyconf: a client is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{client: cfg.Client, now: cfg.Now}, nil
}

func (s *Service) db(ctx context.Context) *ent.Client { return store.Client(ctx, s.client) }

func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, c *ent.Client) error) error {
	return store.InTx(ctx, s.client, fn)
}
