package proxyconf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pb33f/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/custompolicy"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/proxy"
	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/server/problem"
)

// manifestSchema is what a custom policy's manifest must follow: APIcast's
// policy manifest (gateway/src/apicast/policy/manifest-schema.json), with
// the summary or the description required and the configuration a JSON
// schema by draft-07's own metaschema.
const manifestSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["name", "version", "configuration"],
  "anyOf": [{"required": ["summary"]}, {"required": ["description"]}],
  "properties": {
    "$schema": {"type": "string"},
    "name": {"type": "string", "minLength": 1, "maxLength": 255},
    "version": {"type": "string", "minLength": 1, "maxLength": 255},
    "summary": {"type": "string", "minLength": 1, "maxLength": 75},
    "description": {"oneOf": [
      {"type": "string", "minLength": 1},
      {"type": "array", "minItems": 1, "items": {"type": "string"}}
    ]},
    "order": {"type": "object"},
    "configuration": {"$ref": "http://json-schema.org/draft-07/schema#"}
  }
}`

// noLoader refuses every reference outside the document: a manifest is
// checked on its own, never by reading files or the network.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("references outside the manifest are not followed (%s)", url)
}

var manifestValidator = func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(manifestSchema))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.UseLoader(noLoader{})
	if err := c.AddResource("urn:portico:policy-manifest", doc); err != nil {
		panic(err)
	}
	return c.MustCompile("urn:portico:policy-manifest")
}()

var english = message.NewPrinter(language.English)

// Manifest is a checked custom policy manifest.
type Manifest struct {
	Name, Version, Summary, Description string
	// Configuration is the JSON schema of the policy's configuration.
	Configuration json.RawMessage
	// Compact is the whole manifest as compact JSON, as stored.
	Compact string
	config  *jsonschema.Schema
}

// ParseManifest checks an APIcast policy manifest: a JSON object with a
// name, a version, a summary or a description and a configuration that is a
// JSON schema (draft-07). The error names the first problem found, on the
// field "schema".
func ParseManifest(raw []byte) (*Manifest, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, problem.Invalid("schema", "can't be blank")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, problem.Invalid("schema", "is not JSON: %v", err)
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, problem.Invalid("schema", "must be a JSON object (an APIcast policy manifest)")
	}
	if err := manifestValidator.Validate(doc); err != nil {
		return nil, problem.Invalid("schema", "%s", describe(err))
	}
	var m struct {
		Name          string          `json:"name"`
		Version       string          `json:"version"`
		Summary       string          `json:"summary"`
		Description   json.RawMessage `json:"description"`
		Configuration json.RawMessage `json:"configuration"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, problem.Invalid("schema", "is not a policy manifest: %v", err)
	}
	out := &Manifest{Name: m.Name, Version: m.Version, Summary: m.Summary, Configuration: compactJSON(m.Configuration)}
	var lines []string
	if err := json.Unmarshal(m.Description, &lines); err != nil {
		var s string
		_ = json.Unmarshal(m.Description, &s)
		lines = []string{s}
	}
	out.Description = strings.Join(lines, "\n")
	if out.Summary == "" {
		out.Summary, _, _ = strings.Cut(out.Description, "\n")
	}
	if out.Version == policy.BuiltinVersion {
		return nil, problem.Invalid("schema", "version %q is kept for the gateway's own policies", policy.BuiltinVersion)
	}
	confDoc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(m.Configuration))
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.UseLoader(noLoader{})
	if err := c.AddResource("urn:portico:policy-configuration", confDoc); err != nil {
		return nil, problem.Invalid("schema", "configuration: %v", err)
	}
	if out.config, err = c.Compile("urn:portico:policy-configuration"); err != nil {
		return nil, problem.Invalid("schema", "configuration is not a usable JSON schema: %s", describe(err))
	}
	out.Compact = string(compactJSON(raw))
	return out, nil
}

// describe turns a validation error into one line naming where the first
// problem is.
func describe(err error) string {
	var se *jsonschema.SchemaValidationError
	if errors.As(err, &se) {
		err = se.Err
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	where := "the manifest"
	if len(ve.InstanceLocation) > 0 {
		where = strings.Join(ve.InstanceLocation, ".")
	}
	return where + ": " + ve.ErrorKind.LocalizedString(english)
}

func compactJSON(raw []byte) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return json.RawMessage(raw)
	}
	return b.Bytes()
}

// CustomPolicyInput registers or changes a custom policy. Name and version
// default to the manifest's; given ones must agree with it.
type CustomPolicyInput struct {
	Name     *string
	Version  *string
	Manifest json.RawMessage
}

// CustomPolicies lists the tenant's custom policies by name and version.
func (s *Service) CustomPolicies(ctx context.Context) ([]*ent.CustomPolicy, error) {
	return s.db(ctx).CustomPolicy.Query().
		Order(ent.Asc(custompolicy.FieldName), ent.Asc(custompolicy.FieldVersion), ent.Asc(custompolicy.FieldID)).All(ctx)
}

// CustomPolicy returns one custom policy of the tenant.
func (s *Service) CustomPolicy(ctx context.Context, id int) (*ent.CustomPolicy, error) {
	p, err := s.db(ctx).CustomPolicy.Get(ctx, id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "policy %d not found", id)
	}
	return p, nil
}

// resolve checks the input against the manifest and returns the name,
// version and manifest to store.
func resolve(in CustomPolicyInput, cur *ent.CustomPolicy) (name, version string, m *Manifest, err error) {
	raw := []byte(in.Manifest)
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		if cur == nil {
			return "", "", nil, problem.Invalid("schema", "can't be blank")
		}
		raw = []byte(cur.Schema)
	}
	if m, err = ParseManifest(raw); err != nil {
		return "", "", nil, err
	}
	name, version = m.Name, m.Version
	for _, f := range []struct {
		field string
		given *string
		want  string
	}{{"name", in.Name, m.Name}, {"version", in.Version, m.Version}} {
		if f.given == nil {
			continue
		}
		v := strings.TrimSpace(*f.given)
		if v == "" {
			return "", "", nil, problem.Invalid(f.field, "can't be blank")
		}
		if v != f.want {
			return "", "", nil, problem.Invalid(f.field, "must match the %s in the schema (%q)", f.field, f.want)
		}
	}
	if slices.ContainsFunc(registry, func(p PolicySchema) bool { return p.Name == name }) {
		return "", "", nil, problem.Invalid("name", "%q is a built-in policy", name)
	}
	return name, version, m, nil
}

// unique refuses a second policy of the same name and version in the tenant.
func unique(ctx context.Context, c *ent.Client, name, version string, except int) error {
	taken, err := c.CustomPolicy.Query().
		Where(custompolicy.Name(name), custompolicy.Version(version), custompolicy.IDNEQ(except)).Exist(ctx)
	if err != nil {
		return err
	}
	if taken {
		return problem.Invalid("version", "has already been taken: policy %s already has version %s", name, version)
	}
	return nil
}

// CreateCustomPolicy registers a custom policy.
func (s *Service) CreateCustomPolicy(ctx context.Context, in CustomPolicyInput) (*ent.CustomPolicy, error) {
	name, version, m, err := resolve(in, nil)
	if err != nil {
		return nil, err
	}
	var out *ent.CustomPolicy
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := unique(ctx, c, name, version, 0); err != nil {
			return err
		}
		out, err = c.CustomPolicy.Create().SetName(name).SetVersion(version).SetSchema(m.Compact).Save(ctx)
		return err
	})
	return out, err
}

// UpdateCustomPolicy changes a custom policy. Chains refer to a policy by
// name and version, so a policy a chain holds keeps both.
func (s *Service) UpdateCustomPolicy(ctx context.Context, id int, in CustomPolicyInput) (*ent.CustomPolicy, error) {
	var out *ent.CustomPolicy
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.CustomPolicy.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "policy %d not found", id)
		}
		name, version, m, err := resolve(in, cur)
		if err != nil {
			return err
		}
		if name != cur.Name || version != cur.Version {
			users, err := usersOf(ctx, c, cur.Name, cur.Version)
			if err != nil {
				return err
			}
			if len(users) > 0 {
				return problem.Conflict("policy %s %s is in the policy chain of %s; its name and version cannot change",
					cur.Name, cur.Version, productNames(users))
			}
			if err := unique(ctx, c, name, version, id); err != nil {
				return err
			}
		}
		out, err = c.CustomPolicy.UpdateOneID(id).SetName(name).SetVersion(version).SetSchema(m.Compact).Save(ctx)
		return err
	})
	return out, err
}

// DeleteCustomPolicy deletes a custom policy no product's chain holds.
func (s *Service) DeleteCustomPolicy(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.CustomPolicy.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "policy %d not found", id)
		}
		users, err := usersOf(ctx, c, cur.Name, cur.Version)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return problem.Conflict("policy %s %s is in the policy chain of %s; remove it from the chain first",
				cur.Name, cur.Version, productNames(users))
		}
		return c.CustomPolicy.DeleteOneID(id).Exec(ctx)
	})
}

// ProductsUsing lists the products (among those the viewer sees) whose
// chain holds a policy.
func (s *Service) ProductsUsing(ctx context.Context, name, version string) ([]*ent.Product, error) {
	return usersOf(ctx, s.db(ctx), name, version)
}

// usersOf finds the products whose stored chain holds name at version.
// Chains are short JSON lists kept with each product's settings, so they
// are read and matched here rather than in SQL, the same on SQLite and
// PostgreSQL.
func usersOf(ctx context.Context, c *ent.Client, name, version string) ([]*ent.Product, error) {
	pxs, err := c.Proxy.Query().Select(proxy.FieldProductID, proxy.FieldPolicyChain).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read policy chains: %w", err)
	}
	var ids []int
	for _, px := range pxs {
		if slices.ContainsFunc(px.PolicyChain, func(p policy.Config) bool { return p.Name == name && p.Version == version }) {
			ids = append(ids, px.ProductID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return c.Product.Query().Where(product.IDIn(ids...)).Order(ent.Asc("id")).All(ctx)
}

func productNames(ps []*ent.Product) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = fmt.Sprintf("%q", p.Name)
	}
	return strings.Join(names, ", ")
}

// PolicySchemaOf is a custom policy as the chain editor lists it.
func PolicySchemaOf(p *ent.CustomPolicy) PolicySchema {
	out := PolicySchema{Name: p.Name, Version: p.Version, Custom: true, Schema: json.RawMessage(`{}`), Manifest: json.RawMessage(p.Schema)}
	if m, err := ParseManifest([]byte(p.Schema)); err == nil {
		out.Summary, out.Description, out.Schema = m.Summary, m.Description, m.Configuration
	}
	return out
}

// Policies returns every policy a chain of the viewer's tenant may hold:
// the built-in ones, the APIcast policy first, then the custom ones (for
// team members, when their sections let them read custom policies).
func (s *Service) Policies(ctx context.Context) ([]PolicySchema, error) {
	custom, err := s.CustomPolicies(ctx)
	if err != nil && problem.Classify(err).Kind != problem.KindForbidden {
		return nil, err
	}
	out := Registry()
	for _, p := range custom {
		out = append(out, PolicySchemaOf(p))
	}
	return out, nil
}

// customSchemas reads the tenant's custom policies for checking a chain,
// keyed by name and version.
func customSchemas(ctx context.Context, c *ent.Client) (map[[2]string]*Manifest, error) {
	ps, err := c.CustomPolicy.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read custom policies: %w", err)
	}
	out := make(map[[2]string]*Manifest, len(ps))
	for _, p := range ps {
		m, err := ParseManifest([]byte(p.Schema))
		if err != nil {
			continue // stored manifests were checked; one that no longer compiles is not offered
		}
		out[[2]string{p.Name, p.Version}] = m
	}
	return out, nil
}
