package proxyconf

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/proxyconfig"
)

// LiveQuery selects the configurations gateways download.
type LiveQuery struct {
	Env Environment
	// Host keeps the configurations listing this host; empty keeps all.
	Host string
	// Version keeps that version number; 0 keeps each product's latest.
	Version int
}

// Live returns the configurations of every product visible in ctx (the
// viewer's tenant, or every tenant for the system) matching q, by product.
func (s *Service) Live(ctx context.Context, q LiveQuery) ([]*ent.ProxyConfig, error) {
	query := s.db(ctx).ProxyConfig.Query().Where(proxyconfig.EnvironmentEQ(q.Env))
	if q.Version > 0 {
		query.Where(proxyconfig.Version(q.Version))
	}
	all, err := query.Order(ent.Asc(proxyconfig.FieldProductID), ent.Desc(proxyconfig.FieldVersion)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read configurations: %w", err)
	}
	out := make([]*ent.ProxyConfig, 0, len(all))
	for i, cfg := range all {
		if i > 0 && all[i-1].ProductID == cfg.ProductID {
			continue // an older version of the same product
		}
		if q.Host != "" && !slices.Contains(cfg.Hosts, q.Host) {
			continue
		}
		out = append(out, cfg)
	}
	return out, nil
}

// Serve returns a stored configuration as gateways get it: with the
// decision plane's address (backendURL, such as https://portico.example.com)
// in proxy.backend.
func Serve(cfg *ent.ProxyConfig, backendURL string) (json.RawMessage, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(cfg.Content), &doc); err != nil {
		return nil, fmt.Errorf("decode configuration %d: %w", cfg.ID, err)
	}
	var px map[string]json.RawMessage
	if err := json.Unmarshal(doc["proxy"], &px); err != nil {
		return nil, fmt.Errorf("decode configuration %d: %w", cfg.ID, err)
	}
	u, err := url.Parse(backendURL)
	if err != nil {
		return nil, fmt.Errorf("backend url: %w", err)
	}
	px["backend"], _ = json.Marshal(backendContent{Endpoint: backendURL, Host: u.Host})
	doc["proxy"], _ = json.Marshal(px)
	return json.Marshal(doc)
}
