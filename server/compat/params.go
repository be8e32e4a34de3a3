package compat

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/server/problem"
)

// Params are the parameters of a write call, read from the query string, a
// form body or a JSON body (spec §0.3). A resource's attributes may come flat
// (name=x) or under the resource's wrapper key (service[name]=x,
// {"service":{"name":"x"}}); the wrapped value wins.
type Params struct {
	values map[string]any
}

// wrongType answers 422 with 3scale's plain message for a wrapper key that
// is not an object.
type wrongType struct{ key string }

func (e wrongType) Error() string { return "Wrong type for parameter: " + e.key }

// Params reads the call's parameters with wrapper as the resource key (may be
// empty).
func (c *Call) Params(wrapper string) (*Params, error) {
	if c.params != nil && c.paramsKey == wrapper {
		return c.params, nil
	}
	if c.raw == nil {
		raw, err := readRaw(c)
		if err != nil {
			return nil, err
		}
		c.raw = raw
	}
	p := &Params{values: map[string]any{}}
	for k, v := range c.raw {
		p.values[k] = v
	}
	if wrapper != "" {
		if w, ok := c.raw[wrapper]; ok {
			obj, ok := w.(map[string]any)
			if !ok {
				return nil, wrongType{wrapper}
			}
			for k, v := range obj {
				p.values[k] = v
			}
		}
	}
	c.params, c.paramsKey = p, wrapper
	return p, nil
}

// readRaw merges the query string, the form body and a JSON object body into
// one map; bracketed form keys (service[name], scopes[]) become nested maps
// and lists.
func readRaw(c *Call) (map[string]any, error) {
	out := map[string]any{}
	if err := c.R.ParseForm(); err != nil {
		return nil, problem.Invalid("base", "the request body cannot be read")
	}
	for k, vs := range c.R.Form {
		setForm(out, k, vs)
	}
	ct, _, _ := mime.ParseMediaType(c.R.Header.Get("Content-Type"))
	if ct == "application/json" && c.R.Body != nil {
		b, err := io.ReadAll(c.R.Body)
		if err != nil {
			return nil, problem.Invalid("base", "the request body cannot be read")
		}
		if len(strings.TrimSpace(string(b))) > 0 {
			var obj map[string]any
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.UseNumber()
			if err := dec.Decode(&obj); err != nil {
				return nil, problem.Invalid("base", "the request body is not a JSON object")
			}
			for k, v := range obj {
				out[k] = v
			}
		}
	}
	return out, nil
}

// setForm stores one form key: a[b] nests, a[] and a[b][] collect lists.
func setForm(out map[string]any, key string, vs []string) {
	open := strings.IndexByte(key, '[')
	if open <= 0 || !strings.HasSuffix(key, "]") {
		out[key] = vs[len(vs)-1]
		return
	}
	head, rest := key[:open], key[open:]
	var parts []string
	for rest != "" {
		end := strings.IndexByte(rest, ']')
		if rest[0] != '[' || end < 0 {
			out[key] = vs[len(vs)-1]
			return
		}
		parts = append(parts, rest[1:end])
		rest = rest[end+1:]
	}
	m := out
	cur := head
	for i, part := range parts {
		if part == "" && i == len(parts)-1 {
			list := make([]any, 0, len(vs))
			for _, v := range vs {
				if v != "" {
					list = append(list, v)
				}
			}
			m[cur] = list
			return
		}
		next, ok := m[cur].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[cur] = next
		}
		m, cur = next, part
	}
	m[cur] = vs[len(vs)-1]
}

// Has reports whether name was given.
func (p *Params) Has(name string) bool { _, ok := p.values[name]; return ok }

// String returns a text parameter, nil when absent.
func (p *Params) String(name string) *string {
	v, ok := p.values[name]
	if !ok || v == nil {
		return nil
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case bool:
		s = strconv.FormatBool(x)
	default:
		b, _ := json.Marshal(x)
		s = string(b)
	}
	return &s
}

// Text returns a text parameter, "" when absent.
func (p *Params) Text(name string) string {
	if s := p.String(name); s != nil {
		return *s
	}
	return ""
}

// Int returns an integer parameter, nil when absent or blank.
func (p *Params) Int(name string) (*int, error) {
	s := p.String(name)
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(*s))
	if err != nil {
		return nil, problem.Invalid(name, "is not a number")
	}
	return &n, nil
}

// Int64 returns an integer parameter, nil when absent or blank.
func (p *Params) Int64(name string) (*int64, error) {
	n, err := p.Int(name)
	if n == nil || err != nil {
		return nil, err
	}
	v := int64(*n)
	return &v, nil
}

// Bool returns a boolean parameter ("true"/"1"/"false"/"0"), nil when absent.
func (p *Params) Bool(name string) (*bool, error) {
	s := p.String(name)
	if s == nil || *s == "" {
		return nil, nil
	}
	switch strings.ToLower(*s) {
	case "true", "1", "yes", "on":
		b := true
		return &b, nil
	case "false", "0", "no", "off":
		b := false
		return &b, nil
	}
	return nil, problem.Invalid(name, "is not a boolean")
}

// Decimal returns a decimal parameter, nil when absent or blank.
func (p *Params) Decimal(name string) (*decimal.Decimal, error) {
	s := p.String(name)
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(strings.TrimSpace(*s))
	if err != nil {
		return nil, problem.Invalid(name, "is not a number")
	}
	return &d, nil
}

// Time returns a timestamp parameter (RFC 3339 or a date), nil when absent.
func (p *Params) Time(name string) (*time.Time, error) {
	s := p.String(name)
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(*s)); err == nil {
			return &t, nil
		}
	}
	return nil, problem.Invalid(name, "is not a valid time")
}

// Strings returns a list parameter (scopes[]=a or a JSON array, or one
// value), nil when absent.
func (p *Params) Strings(name string) []string {
	v, ok := p.values[name]
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case string:
		return []string{x}
	}
	return nil
}

// Map returns an object parameter (annotations[k]=v or a JSON object).
func (p *Params) Map(name string) map[string]string {
	obj, ok := p.values[name].(map[string]any)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		if v == nil {
			out[k] = ""
			continue
		}
		out[k] = fmt.Sprint(v)
	}
	return out
}

// Keys returns every parameter name.
func (p *Params) Keys() []string {
	out := make([]string, 0, len(p.values))
	for k := range p.values {
		out = append(out, k)
	}
	return out
}

// required returns a parameter that must be non-blank, or a 422 for it.
func (p *Params) required(name string) (string, error) {
	s := p.Text(name)
	if strings.TrimSpace(s) == "" {
		return "", problem.Invalid(name, "can't be blank")
	}
	return s, nil
}

// requiredInt returns an integer parameter that must be given, or a 422
// for it.
func (p *Params) requiredInt(name string) (int, error) {
	n, err := p.Int(name)
	if err != nil {
		return 0, err
	}
	if n == nil {
		return 0, problem.Invalid(name, "can't be blank")
	}
	return *n, nil
}
