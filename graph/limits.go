package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits protects the server from expensive operations: a maximum selection
// depth, a maximum page size, and a cost budget in which each connection field
// multiplies the cost of what it selects by the page size it asks for.
type Limits struct {
	MaxDepth    int
	MaxPageSize int
	MaxCost     int
	// DefaultPageSize is assumed for a connection asked for without first or
	// last.
	DefaultPageSize int

	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*Limits)(nil)

func (*Limits) ExtensionName() string { return "PorticoLimits" }

func (l *Limits) Validate(es graphql.ExecutableSchema) error {
	l.schema = es.Schema()
	return nil
}

func (l *Limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	w := walker{l: l, oc: oc, schema: l.schema}
	op := oc.Operation
	var root *ast.Definition
	switch op.Operation {
	case ast.Query:
		root = w.schema.Query
	case ast.Mutation:
		root = w.schema.Mutation
	case ast.Subscription:
		root = w.schema.Subscription
	}
	cost, err := w.selection(op.SelectionSet, root, 1)
	if err != nil {
		return err
	}
	if cost > l.MaxCost {
		return limitError(fmt.Sprintf("the operation is too expensive (cost %d, at most %d allowed); ask for smaller pages or fewer nested lists", cost, l.MaxCost))
	}
	return nil
}

func limitError(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": "VALIDATION"}}
}

type walker struct {
	l      *Limits
	oc     *graphql.OperationContext
	schema *ast.Schema
}

func (w walker) selection(set ast.SelectionSet, parent *ast.Definition, depth int) (int, *gqlerror.Error) {
	if depth > w.l.MaxDepth {
		return 0, limitError(fmt.Sprintf("the operation is nested too deeply (at most %d levels)", w.l.MaxDepth))
	}
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			c, err := w.field(s, parent, depth)
			if err != nil {
				return 0, err
			}
			total += c
		case *ast.InlineFragment:
			def := parent
			if s.TypeCondition != "" {
				def = w.schema.Types[s.TypeCondition]
			}
			c, err := w.selection(s.SelectionSet, def, depth)
			if err != nil {
				return 0, err
			}
			total += c
		case *ast.FragmentSpread:
			frag := w.oc.Doc.Fragments.ForName(s.Name)
			if frag == nil {
				continue
			}
			def := parent
			def = w.schema.Types[frag.TypeCondition]
			c, err := w.selection(frag.SelectionSet, def, depth)
			if err != nil {
				return 0, err
			}
			total += c
		}
		if total > w.l.MaxCost {
			return total, nil
		}
	}
	return total, nil
}

func (w walker) field(f *ast.Field, parent *ast.Definition, depth int) (int, *gqlerror.Error) {
	var def *ast.Definition
	if parent != nil {
		if fd := parent.Fields.ForName(f.Name); fd != nil {
			def = w.schema.Types[fd.Type.Name()]
		}
	}
	mult := 1
	if def != nil && strings.HasSuffix(def.Name, "Connection") {
		mult = w.l.DefaultPageSize
		for _, name := range []string{"first", "last"} {
			arg := f.Arguments.ForName(name)
			if arg == nil {
				continue
			}
			v, err := arg.Value.Value(w.oc.Variables)
			if err != nil || v == nil {
				continue
			}
			n, ok := toInt(v)
			if !ok {
				continue
			}
			if n < 0 || n > w.l.MaxPageSize {
				return 0, &gqlerror.Error{
					Message:    fmt.Sprintf("%s must be between 0 and %d", name, w.l.MaxPageSize),
					Path:       ast.Path{ast.PathName(f.Alias)},
					Extensions: map[string]any{"code": "VALIDATION", "field": name},
				}
			}
			mult = max(n, 1)
		}
	}
	if len(f.SelectionSet) == 0 {
		return 1, nil
	}
	next := depth + 1
	if parent != nil && parent.Name == "__Type" && f.Name == "ofType" {
		// Type wrappers (lists, non-null) nest ofType inside ofType; GraphiQL
		// and code generators ask nine levels deep. Reading them is cheap and
		// touches no data, so they do not count against the depth limit.
		next = depth
	}
	inner, err := w.selection(f.SelectionSet, def, next)
	if err != nil {
		return 0, err
	}
	return 1 + mult*inner, nil
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	}
	return 0, false
}
