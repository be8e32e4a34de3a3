package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/portico-apim/portico/server/problem"
)

// textInputs refuses an operation before it runs when any string it passes
// in (a variable, or a literal argument in the query) contains a NUL
// character, which text columns cannot store: a VALIDATION error naming the
// field, rather than a database error half-way through.
type textInputs struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = textInputs{}

func (textInputs) ExtensionName() string                   { return "PorticoTextInputs" }
func (textInputs) Validate(graphql.ExecutableSchema) error { return nil }

const nulMessage = "must not contain NUL characters (\\u0000)"

func (textInputs) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	names := make([]string, 0, len(oc.Variables))
	for name := range oc.Variables {
		names = append(names, name)
	}
	slices.Sort(names) // the same variable is named on every try
	for _, name := range names {
		if p := nulIn(oc.Variables[name], ast.Path{ast.PathName(name)}); p != nil {
			return &gqlerror.Error{
				Message:    pathString(p) + ": " + nulMessage,
				Path:       append(ast.Path{ast.PathName("variable")}, p...),
				Extensions: map[string]any{"code": string(problem.KindInvalid), "field": pathString(p)},
			}
		}
	}
	f := literalScan{doc: oc.Doc, seen: map[string]bool{}}
	if field, p := f.selections(oc.Operation.SelectionSet); p != nil {
		return &gqlerror.Error{
			Message:    pathString(p) + ": " + nulMessage,
			Path:       ast.Path{ast.PathName(field.Alias)},
			Locations:  []gqlerror.Location{{Line: field.Position.Line, Column: field.Position.Column}},
			Extensions: map[string]any{"code": string(problem.KindInvalid), "field": pathString(p)},
		}
	}
	return nil
}

// nulIn returns the path below path of the first string in a decoded
// variable value (or key of an object in it) containing NUL, or nil.
func nulIn(v any, path ast.Path) ast.Path {
	switch v := v.(type) {
	case string:
		if strings.IndexByte(v, 0) >= 0 {
			return path
		}
	case []any:
		for i, el := range v {
			if p := nulIn(el, append(slices.Clip(path), ast.PathIndex(i))); p != nil {
				return p
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := append(slices.Clip(path), ast.PathName(k))
			if strings.IndexByte(k, 0) >= 0 {
				return p
			}
			if p := nulIn(v[k], p); p != nil {
				return p
			}
		}
	}
	return nil
}

// literalScan looks for NUL in the string literals of an operation's
// arguments, following its fragments.
type literalScan struct {
	doc  *ast.QueryDocument
	seen map[string]bool
}

func (s literalScan) selections(set ast.SelectionSet) (*ast.Field, ast.Path) {
	for _, sel := range set {
		var inner ast.SelectionSet
		switch sel := sel.(type) {
		case *ast.Field:
			for _, arg := range sel.Arguments {
				if p := nulInLiteral(arg.Value, ast.Path{ast.PathName(arg.Name)}); p != nil {
					return sel, p
				}
			}
			inner = sel.SelectionSet
		case *ast.InlineFragment:
			inner = sel.SelectionSet
		case *ast.FragmentSpread:
			if s.seen[sel.Name] {
				continue
			}
			s.seen[sel.Name] = true
			if f := s.doc.Fragments.ForName(sel.Name); f != nil {
				inner = f.SelectionSet
			}
		}
		if f, p := s.selections(inner); p != nil {
			return f, p
		}
	}
	return nil, nil
}

func nulInLiteral(v *ast.Value, path ast.Path) ast.Path {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ast.StringValue, ast.BlockValue:
		if strings.IndexByte(v.Raw, 0) >= 0 {
			return path
		}
	case ast.ListValue:
		for i, c := range v.Children {
			if p := nulInLiteral(c.Value, append(slices.Clip(path), ast.PathIndex(i))); p != nil {
				return p
			}
		}
	case ast.ObjectValue:
		for _, c := range v.Children {
			if p := nulInLiteral(c.Value, append(slices.Clip(path), ast.PathName(c.Name))); p != nil {
				return p
			}
		}
	}
	return nil
}
