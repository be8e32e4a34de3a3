package compat

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/proxyconf"
)

// Proxy configurations: what gateways (APIcast) download (spec §2.14).

// proxyConfig is the proxy_config representation (spec §3.13).
type proxyConfig struct {
	ID          int             `json:"id"`
	Version     int             `json:"version"`
	Environment string          `json:"environment"`
	Content     json.RawMessage `json:"content"`
}

func (c *Call) proxyConfigs(cfgs []*ent.ProxyConfig) ([]proxyConfig, error) {
	out := make([]proxyConfig, len(cfgs))
	for i, cfg := range cfgs {
		content, err := proxyconf.Serve(cfg, c.Origin())
		if err != nil {
			return nil, err
		}
		out[i] = proxyConfig{ID: cfg.ID, Version: cfg.Version, Environment: proxyconf.WireName(cfg.Environment), Content: content}
	}
	return out, nil
}

// envError is an unknown environment, already answered with 3scale's body.
type envError struct{}

func (envError) Error() string { return "invalid environment" }

func (c *Call) environment(status int) (proxyconf.Environment, error) {
	env, ok := proxyconf.ParseEnvironment(c.R.PathValue("env"))
	if !ok {
		b, _ := jsonMarshal(map[string]string{"error": "invalid environment"})
		c.RespondRaw(status, b)
		return "", envError{}
	}
	return env, nil
}

func (c *Call) intPath(name string) (int, error) {
	n, err := strconv.Atoi(c.R.PathValue(name))
	if err != nil || n <= 0 {
		return 0, errNotFound
	}
	return n, nil
}

// handled reports whether err was already answered.
func handled(err error) bool {
	_, ok := err.(envError)
	return ok
}

func (c *Call) requireParam(name string) (string, bool) {
	v := c.Param(name)
	if v == "" {
		c.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
		c.W.WriteHeader(http.StatusBadRequest)
		_, _ = c.W.Write([]byte("Required parameter missing: " + name))
		return "", false
	}
	return v, true
}

// ServiceConfigs lists a product's versions in an environment.
// GET /admin/api/services/{id}/proxy/configs/{env}
func (a *API) ServiceConfigs(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	env, err := c.environment(http.StatusBadRequest)
	if err != nil {
		return ignoreHandled(err)
	}
	cfgs, err := a.proxyconf.Versions(c.Context(), id, env)
	if err != nil {
		return err
	}
	items, err := c.proxyConfigs(cfgs)
	if err != nil {
		return err
	}
	return RespondList(c, "proxy_configs", "proxy_config", items, nil)
}

// ServiceConfig answers one version of a product's configuration; the
// version path value "latest" (a route of its own) is the newest.
// GET /admin/api/services/{id}/proxy/configs/{env}/{version}
func (a *API) ServiceConfig(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	env, err := c.environment(http.StatusBadRequest)
	if err != nil {
		return ignoreHandled(err)
	}
	version := 0
	if v := c.R.PathValue("version"); v != "" {
		if version, err = c.intPath("version"); err != nil {
			return err
		}
	}
	cfg, err := a.proxyconf.Version(c.Context(), id, env, version)
	if err != nil {
		return err
	}
	items, err := c.proxyConfigs([]*ent.ProxyConfig{cfg})
	if err != nil {
		return err
	}
	return c.Respond(http.StatusOK, "proxy_config", items[0])
}

// PromoteConfig copies a version to another environment, keeping its
// number. POST /admin/api/services/{id}/proxy/configs/{env}/{version}/promote
func (a *API) PromoteConfig(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	from, err := c.environment(http.StatusBadRequest)
	if err != nil {
		return ignoreHandled(err)
	}
	version, err := c.intPath("version")
	if err != nil {
		return err
	}
	toName, ok := c.requireParam("to")
	if !ok {
		return nil
	}
	to, ok := proxyconf.ParseEnvironment(toName)
	if !ok {
		return problem.Invalid("to", "must be sandbox or production")
	}
	cfg, err := a.proxyconf.Promote(c.Context(), id, from, version, to)
	if err != nil {
		return err
	}
	items, err := c.proxyConfigs([]*ent.ProxyConfig{cfg})
	if err != nil {
		return err
	}
	return c.Respond(http.StatusCreated, "proxy_config", items[0])
}

// HostConfigs answers the current version of every product listing a host.
// GET /admin/api/services/proxy/configs/{env}?host=
func (a *API) HostConfigs(c *Call) error {
	env, err := c.environment(http.StatusBadRequest)
	if err != nil {
		return ignoreHandled(err)
	}
	host, ok := c.requireParam("host")
	if !ok {
		return nil
	}
	cfgs, err := a.proxyconf.Live(c.Context(), proxyconf.LiveQuery{Env: env, Host: host})
	if err != nil {
		return err
	}
	items, err := c.proxyConfigs(cfgs)
	if err != nil {
		return err
	}
	return RespondList(c, "proxy_configs", "proxy_config", items, nil)
}

// AccountConfigs answers the tenant's configurations, optionally of one
// host and one version (a number, or latest: each product's newest), in
// pages of up to 500: APIcast's default loader.
// GET /admin/api/account/proxy_configs/{env}
func (a *API) AccountConfigs(c *Call) error {
	env, err := c.environment(http.StatusUnprocessableEntity)
	if err != nil {
		return ignoreHandled(err)
	}
	q := proxyconf.LiveQuery{Env: env, Host: c.Param("host")}
	if v := c.Param("version"); v != "" && v != "latest" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return problem.Invalid("version", "must be a version number or latest")
		}
		q.Version = n
	}
	cfgs, err := a.proxyconf.Live(c.Context(), q)
	if err != nil {
		return err
	}
	page, meta := Paginate(cfgs, c.Page)
	items, err := c.proxyConfigs(page)
	if err != nil {
		return err
	}
	return RespondList(c, "proxy_configs", "proxy_config", items, meta)
}

// MasterConfigs answers, for one gateway serving every tenant, the current
// version of every product of every tenant listing a host.
// GET /master/api/proxy/configs/{env}?host=
func (a *API) MasterConfigs(c *Call) error {
	env, err := c.environment(http.StatusBadRequest)
	if err != nil {
		return ignoreHandled(err)
	}
	host, ok := c.requireParam("host")
	if !ok {
		return nil
	}
	// The master account reads every tenant's configurations: the explicit
	// tenancy bypass of this endpoint.
	cfgs, err := a.proxyconf.Live(viewer.SystemContext(c.Context()), proxyconf.LiveQuery{Env: env, Host: host})
	if err != nil {
		return err
	}
	items, err := c.proxyConfigs(cfgs)
	if err != nil {
		return err
	}
	return RespondList(c, "proxy_configs", "proxy_config", items, nil)
}

func ignoreHandled(err error) error {
	if handled(err) {
		return nil
	}
	return err
}
