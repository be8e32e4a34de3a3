package compat

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/proxyconf"
)

// The custom policy registry (JSON only, scope policy_registry) and the
// list of every policy a chain may hold.

// registryPolicyRep is a custom policy as porta's PolicyRepresenter writes
// it: the manifest under schema, as a JSON object.
type registryPolicyRep struct {
	ID        int             `json:"id"`
	Name      string          `json:"name"`
	Version   string          `json:"version"`
	Schema    json.RawMessage `json:"schema"`
	CreatedAt string          `json:"created_at"`
	UpdatedAt string          `json:"updated_at"`
	Links     []link          `json:"links"`
}

func (c *Call) registryPolicyOf(p *ent.CustomPolicy) registryPolicyRep {
	return registryPolicyRep{ID: p.ID, Name: p.Name, Version: p.Version, Schema: json.RawMessage(p.Schema),
		CreatedAt: c.stamp(p.CreatedAt), UpdatedAt: c.stamp(p.UpdatedAt),
		Links: []link{c.link("self", fmt.Sprintf("/admin/api/registry/policies/%d", p.ID))}}
}

// registryInput reads name, version and schema, flat or under policy. The
// schema is a JSON object, or its text (form bodies).
func registryInput(c *Call) (proxyconf.CustomPolicyInput, error) {
	p, err := c.Params("policy")
	if err != nil {
		return proxyconf.CustomPolicyInput{}, err
	}
	in := proxyconf.CustomPolicyInput{Name: p.String("name"), Version: p.String("version")}
	if s := p.String("schema"); s != nil {
		in.Manifest = json.RawMessage(*s)
	}
	return in, nil
}

// RegistryPolicies lists the tenant's custom policies.
// GET /admin/api/registry/policies
func (a *API) RegistryPolicies(c *Call) error {
	ps, err := a.proxyconf.CustomPolicies(c.Context())
	if err != nil {
		return err
	}
	items := make([]registryPolicyRep, len(ps))
	for i, p := range ps {
		items[i] = c.registryPolicyOf(p)
	}
	return RespondList(c, "policies", "policy", items, nil)
}

// RegistryPolicy shows one custom policy.
// GET /admin/api/registry/policies/{id}
func (a *API) RegistryPolicy(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	p, err := a.proxyconf.CustomPolicy(c.Context(), id)
	if err != nil {
		return err
	}
	return c.ok("policy", c.registryPolicyOf(p))
}

// CreateRegistryPolicy registers a custom policy; 201.
// POST /admin/api/registry/policies
func (a *API) CreateRegistryPolicy(c *Call) error {
	in, err := registryInput(c)
	if err != nil {
		return err
	}
	p, err := a.proxyconf.CreateCustomPolicy(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("policy", c.registryPolicyOf(p))
}

// UpdateRegistryPolicy changes a custom policy.
// PUT, PATCH /admin/api/registry/policies/{id}
func (a *API) UpdateRegistryPolicy(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	// An unknown id is not found before the parameters are looked at.
	if _, err := a.proxyconf.CustomPolicy(c.Context(), id); err != nil {
		return err
	}
	in, err := registryInput(c)
	if err != nil {
		return err
	}
	p, err := a.proxyconf.UpdateCustomPolicy(c.Context(), id, in)
	if err != nil {
		return err
	}
	return c.ok("policy", c.registryPolicyOf(p))
}

// DeleteRegistryPolicy deletes a custom policy no chain holds; 200 with an
// empty body, 403 with the errors while a chain holds it.
// DELETE /admin/api/registry/policies/{id}
func (a *API) DeleteRegistryPolicy(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	if err := a.proxyconf.DeleteCustomPolicy(c.Context(), id); err != nil {
		return err
	}
	return c.deleted()
}

// policyManifest is a policy as APIcast's manifests describe it.
type policyManifest struct {
	Schema        string          `json:"$schema"`
	Name          string          `json:"name"`
	Summary       string          `json:"summary"`
	Description   string          `json:"description"`
	Version       string          `json:"version"`
	Configuration json.RawMessage `json:"configuration"`
}

// AllPolicies lists every policy a chain may hold, built-in and custom, as
// porta does: policy name → its manifests, one per version.
// GET /admin/api/policies
func (a *API) AllPolicies(c *Call) error {
	ps, err := a.proxyconf.Policies(c.Context())
	if err != nil {
		return err
	}
	byName := map[string][]json.RawMessage{}
	for _, p := range ps {
		m := p.Manifest // a custom policy's manifest as registered
		if m == nil {
			m, err = json.Marshal(policyManifest{Schema: "http://apicast.io/policy-v1/schema#manifest#", Name: p.Name,
				Summary: p.Summary, Description: p.Description, Version: p.Version, Configuration: p.Schema})
			if err != nil {
				return err
			}
		}
		byName[p.Name] = append(byName[p.Name], m)
	}
	b, err := jsonMarshal(map[string]any{"policies": byName})
	if err != nil {
		return err
	}
	c.RespondRaw(http.StatusOK, b)
	return nil
}
