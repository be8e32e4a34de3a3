package proxyconf

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/proxyconfig"
	"github.com/portico-apim/portico/server/problem"
)

// Environment is where a configuration version is live.
type Environment = proxyconfig.Environment

// The environments.
const (
	Staging    = proxyconfig.EnvironmentSTAGING
	Production = proxyconfig.EnvironmentPRODUCTION
)

// ParseEnvironment reads an environment as 3scale names it: sandbox (or
// staging) and production.
func ParseEnvironment(s string) (Environment, bool) {
	switch strings.ToLower(s) {
	case "sandbox", "staging":
		return Staging, true
	case "production":
		return Production, true
	}
	return "", false
}

// WireName is the environment as 3scale writes it.
func WireName(e Environment) string {
	if e == Production {
		return "production"
	}
	return "sandbox"
}

// volatile are the keys whose change alone does not make a new version:
// timestamps and the settings' edit counter.
var volatile = map[string]bool{"updated_at": true, "lock_version": true}

// Current builds the configuration a promotion to staging would store now.
func (s *Service) Current(ctx context.Context, productID int) (json.RawMessage, error) {
	c := s.db(ctx)
	p, err := s.product(ctx, c, productID)
	if err != nil {
		return nil, err
	}
	b, _, err := buildContent(ctx, c, p)
	return b, err
}

// PromoteToStaging stores the product's current configuration as a new
// staging version when it differs from the latest one, and returns the
// latest staging version and whether it is new.
func (s *Service) PromoteToStaging(ctx context.Context, productID int) (*ent.ProxyConfig, bool, error) {
	var out *ent.ProxyConfig
	created := false
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := s.product(ctx, c, productID)
		if err != nil {
			return err
		}
		content, hosts, err := buildContent(ctx, c, p)
		if err != nil {
			return err
		}
		last, err := latest(ctx, c, productID, Staging)
		if err != nil && !ent.IsNotFound(err) {
			return err
		}
		if last != nil {
			same, err := sameContent([]byte(last.Content), content)
			if err != nil {
				return err
			}
			if same {
				out = last
				return nil
			}
		}
		version := 1
		if last != nil {
			version = last.Version + 1
		}
		out, err = c.ProxyConfig.Create().SetProductID(productID).SetEnvironment(Staging).SetVersion(version).
			SetContent(string(content)).SetHosts(hosts).SetCreatedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("store staging configuration: %w", err)
		}
		created = true
		return nil
	})
	return out, created, err
}

// Promote copies version of environment from into environment to, keeping
// its number (0: the latest version of from). A version that already
// exists in to is a conflict. Promoting to production moves a product still
// INCOMPLETE to PUBLISHED: it is configured and live.
func (s *Service) Promote(ctx context.Context, productID int, from Environment, version int, to Environment) (*ent.ProxyConfig, error) {
	if from == to {
		return nil, problem.Invalid("to", "a configuration is promoted to another environment")
	}
	var out *ent.ProxyConfig
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := s.product(ctx, c, productID)
		if err != nil {
			return err
		}
		src, err := find(ctx, c, productID, from, version)
		if err != nil {
			return err
		}
		exists, err := c.ProxyConfig.Query().Where(proxyconfig.ProductID(productID), proxyconfig.EnvironmentEQ(to),
			proxyconfig.Version(src.Version)).Exist(ctx)
		if err != nil {
			return err
		}
		if exists {
			return problem.Conflict("version %d is already in %s", src.Version, WireName(to))
		}
		out, err = c.ProxyConfig.Create().SetProductID(productID).SetEnvironment(to).SetVersion(src.Version).
			SetContent(src.Content).SetHosts(src.Hosts).SetCreatedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("store %s configuration: %w", WireName(to), err)
		}
		if to == Production && p.State == product.StateINCOMPLETE {
			return c.Product.UpdateOne(p).SetState(product.StatePUBLISHED).Exec(ctx)
		}
		return nil
	})
	return out, err
}

// Versions lists a product's versions in an environment, newest first.
func (s *Service) Versions(ctx context.Context, productID int, env Environment) ([]*ent.ProxyConfig, error) {
	c := s.db(ctx)
	if _, err := s.product(ctx, c, productID); err != nil {
		return nil, err
	}
	return c.ProxyConfig.Query().Where(proxyconfig.ProductID(productID), proxyconfig.EnvironmentEQ(env)).
		Order(ent.Desc(proxyconfig.FieldVersion)).All(ctx)
}

// Version returns one version of a product's configuration (0: the
// latest); not found when there is none.
func (s *Service) Version(ctx context.Context, productID int, env Environment, version int) (*ent.ProxyConfig, error) {
	c := s.db(ctx)
	if _, err := s.product(ctx, c, productID); err != nil {
		return nil, err
	}
	return find(ctx, c, productID, env, version)
}

func find(ctx context.Context, c *ent.Client, productID int, env Environment, version int) (*ent.ProxyConfig, error) {
	if version == 0 {
		cfg, err := latest(ctx, c, productID, env)
		return cfg, problem.NotFoundIf(err, "no configuration was promoted to %s", WireName(env))
	}
	cfg, err := c.ProxyConfig.Query().Where(proxyconfig.ProductID(productID), proxyconfig.EnvironmentEQ(env),
		proxyconfig.Version(version)).Only(ctx)
	return cfg, problem.NotFoundIf(err, "version %d is not in %s", version, WireName(env))
}

func latest(ctx context.Context, c *ent.Client, productID int, env Environment) (*ent.ProxyConfig, error) {
	return c.ProxyConfig.Query().Where(proxyconfig.ProductID(productID), proxyconfig.EnvironmentEQ(env)).
		Order(ent.Desc(proxyconfig.FieldVersion)).First(ctx)
}

// sameContent compares two configurations, leaving out volatile keys.
func sameContent(a, b []byte) (bool, error) {
	var da, db any
	if err := json.Unmarshal(a, &da); err != nil {
		return false, fmt.Errorf("decode stored configuration: %w", err)
	}
	if err := json.Unmarshal(b, &db); err != nil {
		return false, fmt.Errorf("decode configuration: %w", err)
	}
	return reflect.DeepEqual(strip(da), strip(db)), nil
}

func strip(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if volatile[k] {
				delete(v, k)
				continue
			}
			v[k] = strip(x)
		}
	case []any:
		for i, x := range v {
			v[i] = strip(x)
		}
	}
	return v
}
