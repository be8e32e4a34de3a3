package proxyconf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/server/problem"
)

// PolicySchema describes a policy a chain may hold: its name and version,
// what it does, and the JSON schema of its configuration, from which the
// admin console renders a form.
type PolicySchema struct {
	Name        string          `json:"name"`
	Version     string          `json:"version"`
	Summary     string          `json:"summary"`
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"configuration"`
	// Custom is set for the tenant's registered policies, whose Manifest
	// is the registered manifest.
	Custom   bool            `json:"-"`
	Manifest json.RawMessage `json:"-"`
}

// registry lists the gateway's built-in policies.
var registry = []PolicySchema{
	{
		Name: policy.Builtin, Version: policy.BuiltinVersion, Summary: "3scale APIcast",
		Description: "Authorizes and reports each request to the decision plane. Every chain holds it.",
		Schema:      json.RawMessage(`{"type":"object","properties":{}}`),
	},
	{
		Name: "cors", Version: policy.BuiltinVersion, Summary: "CORS request handling",
		Description: "Answers CORS preflight requests and adds the CORS headers to responses.",
		Schema: json.RawMessage(`{"type":"object","properties":{` +
			`"allow_origin":{"type":"string","title":"Allowed origin","description":"Origin allowed in Access-Control-Allow-Origin; the request's origin when empty"},` +
			`"allow_methods":{"type":"array","title":"Allowed methods","items":{"type":"string","enum":["GET","HEAD","POST","PUT","DELETE","PATCH","OPTIONS","TRACE","CONNECT"]}},` +
			`"allow_headers":{"type":"array","title":"Allowed headers","items":{"type":"string"}},` +
			`"allow_credentials":{"type":"boolean","title":"Allow credentials"},` +
			`"max_age":{"type":"integer","title":"Max age (seconds)"}}}`),
	},
	{
		Name: "headers", Version: policy.BuiltinVersion, Summary: "Header modification",
		Description: "Adds, sets, pushes or deletes headers of the request sent upstream or of the response.",
		Schema: json.RawMessage(`{"type":"object","properties":{` +
			`"request":{"type":"array","title":"Request headers","items":{"type":"object","required":["op","header"],"properties":{"op":{"type":"string","enum":["add","set","push","delete"]},"header":{"type":"string"},"value":{"type":"string"},"value_type":{"type":"string","enum":["plain","liquid"]}}}},` +
			`"response":{"type":"array","title":"Response headers","items":{"type":"object","required":["op","header"],"properties":{"op":{"type":"string","enum":["add","set","push","delete"]},"header":{"type":"string"},"value":{"type":"string"},"value_type":{"type":"string","enum":["plain","liquid"]}}}}}}`),
	},
	{
		Name: "ip_check", Version: policy.BuiltinVersion, Summary: "IP check",
		Description: "Accepts or refuses requests by client IP address.",
		Schema: json.RawMessage(`{"type":"object","required":["check_type","ips"],"properties":{` +
			`"check_type":{"type":"string","title":"Check type","enum":["whitelist","blacklist"]},` +
			`"ips":{"type":"array","title":"IP addresses or CIDR ranges","items":{"type":"string"}},` +
			`"error_msg":{"type":"string","title":"Error message","default":"IP address not allowed"}}}`),
	},
	{
		Name: "default_credentials", Version: policy.BuiltinVersion, Summary: "Anonymous access",
		Description: "Uses these credentials for requests that carry none.",
		Schema: json.RawMessage(`{"type":"object","required":["auth_type"],"properties":{` +
			`"auth_type":{"type":"string","title":"Credentials","enum":["user_key","app_id_and_app_key"]},` +
			`"user_key":{"type":"string","title":"User key"},` +
			`"app_id":{"type":"string","title":"App ID"},` +
			`"app_key":{"type":"string","title":"App key"}}}`),
	},
	{
		Name: "url_rewriting", Version: policy.BuiltinVersion, Summary: "URL rewriting",
		Description: "Rewrites the path of the request sent upstream with regular expressions.",
		Schema: json.RawMessage(`{"type":"object","properties":{` +
			`"commands":{"type":"array","title":"Commands","items":{"type":"object","required":["op","regex","replace"],"properties":{"op":{"type":"string","enum":["sub","gsub"]},"regex":{"type":"string"},"replace":{"type":"string"},"options":{"type":"string"},"break":{"type":"boolean"}}}}}}`),
	},
	{
		Name: "upstream", Version: policy.BuiltinVersion, Summary: "Upstream",
		Description: "Sends requests whose path matches a regular expression to another upstream URL.",
		Schema: json.RawMessage(`{"type":"object","properties":{` +
			`"rules":{"type":"array","title":"Rules","items":{"type":"object","required":["regex","url"],"properties":{"regex":{"type":"string"},"url":{"type":"string"}}}}}}`),
	},
	{
		Name: "caching", Version: policy.BuiltinVersion, Summary: "Caching of authorizations",
		Description: "Decides what the gateway does when the decision plane cannot be reached.",
		Schema: json.RawMessage(`{"type":"object","required":["caching_type"],"properties":{` +
			`"caching_type":{"type":"string","title":"Caching type","enum":["resilient","strict","allow","none"]}}}`),
	},
	{
		Name: "echo", Version: policy.BuiltinVersion, Summary: "Echo",
		Description: "Answers with the request it received, for testing a chain.",
		Schema: json.RawMessage(`{"type":"object","properties":{` +
			`"status":{"type":"integer","title":"Status code"},` +
			`"exit":{"type":"string","title":"Exit","enum":["request","phase"]}}}`),
	},
}

// Registry returns the policies a chain may hold, the built-in APIcast
// policy first.
func Registry() []PolicySchema { return slices.Clone(registry) }

func lookupPolicy(name, version string) (PolicySchema, bool) {
	for _, p := range registry {
		if p.Name == name && p.Version == version {
			return p, true
		}
	}
	return PolicySchema{}, false
}

// defaultChain is the chain of a product nobody configured.
func defaultChain() []policy.Config {
	return []policy.Config{{Name: policy.Builtin, Version: policy.BuiltinVersion, Enabled: true, Configuration: json.RawMessage(`{}`)}}
}

// normalizeChain checks a chain against the registry and the tenant's
// custom policies and returns it with the APIcast policy present (appended
// when missing) and enabled, and every configuration a JSON object.
func normalizeChain(chain []policy.Config, custom map[[2]string]*Manifest) ([]policy.Config, error) {
	out := make([]policy.Config, 0, len(chain)+1)
	hasAPIcast := false
	for i, p := range chain {
		if p.Version == "" {
			p.Version = policy.BuiltinVersion
		}
		schema, builtin := lookupPolicy(p.Name, p.Version)
		manifest := custom[[2]string{p.Name, p.Version}]
		if !builtin && manifest == nil {
			return nil, problem.Invalid("policy_chain", "policy %d: %s version %s is not a known policy", i+1, p.Name, p.Version)
		}
		if p.Name == policy.Builtin {
			if hasAPIcast {
				return nil, problem.Invalid("policy_chain", "the %s policy is listed twice", policy.Builtin)
			}
			hasAPIcast, p.Enabled = true, true
		}
		conf := bytes.TrimSpace(p.Configuration)
		if len(conf) == 0 || string(conf) == "null" {
			conf = []byte(`{}`)
		}
		var doc any
		if err := json.Unmarshal(conf, &doc); err != nil {
			return nil, problem.Invalid("policy_chain", "policy %d (%s): the configuration is not JSON", i+1, p.Name)
		}
		if builtin {
			var sch map[string]any
			_ = json.Unmarshal(schema.Schema, &sch)
			if err := checkValue(doc, sch, "configuration"); err != nil {
				return nil, problem.Invalid("policy_chain", "policy %d (%s): %v", i+1, p.Name, err)
			}
		} else if err := manifest.config.Validate(doc); err != nil {
			return nil, problem.Invalid("policy_chain", "policy %d (%s %s): configuration.%s", i+1, p.Name, p.Version, describe(err))
		}
		compact := new(bytes.Buffer)
		_ = json.Compact(compact, conf)
		p.Configuration = compact.Bytes()
		out = append(out, p)
	}
	if !hasAPIcast {
		out = append(out, defaultChain()...)
	}
	return out, nil
}

// checkValue checks v against the subset of JSON schema the registry uses:
// type, enum, required, properties and items.
func checkValue(v any, schema map[string]any, where string) error {
	typ, _ := schema["type"].(string)
	switch typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s must be an object", where)
		}
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				name, _ := r.(string)
				if _, ok := obj[name]; !ok {
					return fmt.Errorf("%s needs %q", where, name)
				}
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for name, val := range obj {
			ps, ok := props[name].(map[string]any)
			if !ok {
				continue // unknown properties are kept for newer gateways
			}
			if err := checkValue(val, ps, where+"."+name); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s must be a list", where)
		}
		items, _ := schema["items"].(map[string]any)
		for i, item := range arr {
			if err := checkValue(item, items, fmt.Sprintf("%s[%d]", where, i)); err != nil {
				return err
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s must be a string", where)
		}
		if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, any(s)) {
			return fmt.Errorf("%s must be one of %v", where, enum)
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			return fmt.Errorf("%s must be a whole number", where)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s must be true or false", where)
		}
	}
	return nil
}
