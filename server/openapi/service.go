package openapi

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/store"
)

// Config wires the service.
type Config struct {
	Client  *ent.Client
	Catalog *catalog.Service
}

// Service imports OpenAPI documents and keeps ActiveDocs. The GraphQL API
// and the REST API both call it.
type Service struct {
	client  *ent.Client
	catalog *catalog.Service
}

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil || cfg.Catalog == nil {
		return nil, errors.New("openapi: client and catalog are required")
	}
	return &Service{client: cfg.Client, catalog: cfg.Catalog}, nil
}

func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, c *ent.Client) error) error {
	return store.InTx(ctx, s.client, fn)
}

// db is the ent client of the request: bound to its transaction when there
// is one.
func (s *Service) db(ctx context.Context) *ent.Client { return store.Client(ctx, s.client) }

var notSystemName = regexp.MustCompile(`[^A-Za-z0-9_/-]+`)

// SystemNameOf turns a name or an operation id into a system name:
// letters, digits, '_', '/' and '-', other runs of characters becoming '_'.
func SystemNameOf(s string) string {
	out := strings.Trim(notSystemName.ReplaceAllString(strings.TrimSpace(s), "_"), "_")
	if len(out) > 200 {
		out = out[:200]
	}
	return out
}
