package proxyconf

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Change is one field that differs between two configurations: its path in
// the JSON (proxy.policy_chain[1].name) and its JSON values before and after
// (empty when absent).
type Change struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Diff compares two versions of a product's configuration in an
// environment; volatile fields (timestamps, the edit counter) are left out.
func (s *Service) Diff(ctx context.Context, productID int, env Environment, from, to int) ([]Change, error) {
	a, err := s.Version(ctx, productID, env, from)
	if err != nil {
		return nil, err
	}
	b, err := s.Version(ctx, productID, env, to)
	if err != nil {
		return nil, err
	}
	return DiffContent([]byte(a.Content), []byte(b.Content))
}

// DiffContent lists the fields that differ between two configuration
// documents, sorted by path.
func DiffContent(a, b []byte) ([]Change, error) {
	var da, db any
	if err := json.Unmarshal(a, &da); err != nil {
		return nil, fmt.Errorf("decode configuration: %w", err)
	}
	if err := json.Unmarshal(b, &db); err != nil {
		return nil, fmt.Errorf("decode configuration: %w", err)
	}
	fa, fb := map[string]string{}, map[string]string{}
	flatten("", strip(da), fa)
	flatten("", strip(db), fb)
	changes := []Change{}
	for k, va := range fa {
		if vb, ok := fb[k]; !ok || va != vb {
			changes = append(changes, Change{Path: k, Before: va, After: fb[k]})
		}
	}
	for k, vb := range fb {
		if _, ok := fa[k]; !ok {
			changes = append(changes, Change{Path: k, After: vb})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

// flatten writes every leaf of v (scalars, empty objects and lists) under
// its path.
func flatten(path string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			out[path] = "{}"
		}
		for k, x := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(p, x, out)
		}
	case []any:
		if len(v) == 0 {
			out[path] = "[]"
		}
		for i, x := range v {
			flatten(path+"["+strconv.Itoa(i)+"]", x, out)
		}
	default:
		b, _ := json.Marshal(v)
		out[path] = string(b)
	}
}
