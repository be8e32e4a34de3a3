package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
)

// Budget bounds what one GraphQL request may ask of the server.
type Budget struct {
	// QueryBytes is the length of the query text.
	QueryBytes int
	// Tokens is the number of lexical tokens of the query text (names,
	// punctuation, values, comments).
	Tokens int
	// Fields is the number of field selections, fragments expanded: every
	// alias and every __typename counts, and so does each fragment spread.
	Fields int
	// Cost is the budget in which each connection multiplies the cost of
	// what it selects by its page size.
	Cost int
}

// DefaultLimits are the limits the server runs with.
func DefaultLimits() *Limits {
	return &Limits{
		Authenticated: Budget{QueryBytes: 64 << 10, Tokens: 10000, Fields: 2000, Cost: 500000},
		// Before logging in, only the operations open to everyone run
		// (logging in, accepting an invitation, the single sign-on options)
		// and schema introspection as GraphiQL and code generators send it.
		Anonymous:       Budget{QueryBytes: 8 << 10, Tokens: 1000, Fields: 500, Cost: 1000},
		MaxDepth:        12,
		MaxPageSize:     1000,
		DefaultPageSize: 20,
	}
}

// Limits protects the server from expensive operations. Before the query is
// validated (which takes time growing faster than its size), it bounds the
// query's length, tokens and field selections; after, its depth, page sizes
// and cost. Requests without a viewer get the smaller Anonymous budget.
type Limits struct {
	Authenticated Budget
	Anonymous     Budget
	// MaxDepth bounds how deeply selections nest.
	MaxDepth int
	// MaxPageSize bounds first and last.
	MaxPageSize int
	// DefaultPageSize is what the cost model assumes for a connection asked
	// for without first or last, the admin portal's page size. Such a
	// connection answers every row it holds; those nested in another (a
	// product's plans, a plan's limits) typically hold a few, and costing
	// them at the largest page refused natural queries.
	DefaultPageSize int

	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = (*Limits)(nil)

func (*Limits) ExtensionName() string { return "PorticoLimits" }

func (l *Limits) Validate(es graphql.ExecutableSchema) error {
	l.schema = es.Schema()
	return nil
}

// MutateOperationParameters measures the query text before it is parsed and
// validated for execution. A query sent only as a persisted query's hash has
// no text yet; its text was measured when it was first sent.
func (l *Limits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil
	}
	return l.admit(ctx, measureQuery(params.Query, l.Authenticated))
}

// MutateOperationContext bounds the validated operation's depth, page sizes
// and cost.
func (l *Limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	w := &walker{l: l, oc: oc, schema: l.schema}
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
	return l.admit(ctx, size{cost: cost})
}

// size is what a request asks for, in the units of a Budget. A measure is
// zero when it was not taken, and may stop counting just past the largest
// budget.
type size struct {
	bytes, tokens, fields, cost int
}

// overrun is a limit a request goes over.
type overrun struct {
	name    string // the Budget field, as extensions.limit
	max     int
	message string
}

// exceeded returns the first limit of b that s goes over, or nil.
func (s size) exceeded(b Budget) *overrun {
	switch {
	case s.bytes > b.QueryBytes:
		return &overrun{"queryBytes", b.QueryBytes, fmt.Sprintf("the query is %d bytes long; at most %d bytes are allowed", s.bytes, b.QueryBytes)}
	case s.tokens > b.Tokens:
		return &overrun{"tokens", b.Tokens, fmt.Sprintf("the query has more than %d tokens (names, punctuation and values); at most %d are allowed", b.Tokens, b.Tokens)}
	case s.fields > b.Fields:
		return &overrun{"fields", b.Fields, fmt.Sprintf("the operation selects more than %d fields (aliases, __typename and fragment spreads count); at most %d are allowed", b.Fields, b.Fields)}
	case s.cost > b.Cost:
		return &overrun{"cost", b.Cost, fmt.Sprintf("the operation is too expensive (cost %d, at most %d allowed); ask for smaller pages or fewer nested lists", s.cost, b.Cost)}
	}
	return nil
}

// admit refuses a request over the authenticated budget with a VALIDATION
// error, since logging in would not help, and an anonymous request over the
// anonymous budget with an UNAUTHENTICATED one (or the reason its
// credentials were refused), since it would pass once logged in. Either
// names the limit in extensions.limit and its value in extensions.max.
func (l *Limits) admit(ctx context.Context, s size) *gqlerror.Error {
	if o := s.exceeded(l.Authenticated); o != nil {
		return limitError(o.message, o.name, o.max)
	}
	if viewer.FromContext(ctx) != nil {
		return nil
	}
	o := s.exceeded(l.Anonymous)
	if o == nil {
		return nil
	}
	if err := auth.Failure(ctx); err != nil {
		return presentProblem(ctx, problem.Classify(err))
	}
	out := presentProblem(ctx, problem.Unauthenticated("%s before logging in; send Authorization: Bearer <token>", o.message))
	out.Extensions["limit"] = o.name
	out.Extensions["max"] = o.max
	return out
}

func limitError(msg, name string, limit int) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": string(problem.KindInvalid), "limit": name, "max": limit}}
}

// measureQuery measures a query's text against b: its length, then its
// tokens, then (when it parses) its field selections. Counting stops just
// past each limit, so measuring costs time in proportion to the budget, not
// to the query. A query that does not parse is left for the parser to
// report.
func measureQuery(query string, b Budget) size {
	s := size{bytes: len(query)}
	if s.bytes > b.QueryBytes {
		return s
	}
	src := &ast.Source{Input: query}
	lex := lexer.New(src)
	for s.tokens <= b.Tokens {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		s.tokens++
	}
	if s.tokens > b.Tokens {
		return s
	}
	doc, err := parser.ParseQuery(src)
	if err != nil {
		return s
	}
	s.fields = countFields(doc, b.Fields)
	return s
}

// countFields counts the field selections and fragment spreads of a parsed
// (not yet validated) document: those of each operation with its fragments
// expanded where they are spread, or those written, if more (a fragment
// nobody spreads is validated too). It stops once the count passes limit;
// a fragment spreading itself is followed once.
func countFields(doc *ast.QueryDocument, limit int) int {
	c := fieldCounter{doc: doc, limit: limit, active: map[string]bool{}}
	for _, op := range doc.Operations {
		c.selections(op.SelectionSet)
	}
	expanded := c.n
	c.n = 0
	for _, op := range doc.Operations {
		c.written(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		c.written(f.SelectionSet)
	}
	return max(expanded, c.n)
}

type fieldCounter struct {
	doc    *ast.QueryDocument
	limit  int
	n      int
	active map[string]bool // fragments being expanded
}

func (c *fieldCounter) selections(set ast.SelectionSet) {
	for _, sel := range set {
		if c.n > c.limit {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			c.n++
			c.selections(s.SelectionSet)
		case *ast.InlineFragment:
			c.selections(s.SelectionSet)
		case *ast.FragmentSpread:
			c.n++
			f := c.doc.Fragments.ForName(s.Name)
			if f == nil || c.active[s.Name] {
				continue
			}
			c.active[s.Name] = true
			c.selections(f.SelectionSet)
			c.active[s.Name] = false
		}
	}
}

func (c *fieldCounter) written(set ast.SelectionSet) {
	for _, sel := range set {
		if c.n > c.limit {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			c.n++
			c.written(s.SelectionSet)
		case *ast.InlineFragment:
			c.written(s.SelectionSet)
		case *ast.FragmentSpread:
			c.n++
		}
	}
}

type walker struct {
	l      *Limits
	oc     *graphql.OperationContext
	schema *ast.Schema
	// schemas counts the selections of __schema: reading the whole schema
	// costs more than its few fields suggest, so an operation reads it once.
	schemas int
}

func (w *walker) selection(set ast.SelectionSet, parent *ast.Definition, depth int) (int, *gqlerror.Error) {
	if depth > w.l.MaxDepth {
		return 0, limitError(fmt.Sprintf("the operation is nested too deeply (at most %d levels)", w.l.MaxDepth), "depth", w.l.MaxDepth)
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
			c, err := w.selection(frag.SelectionSet, w.schema.Types[frag.TypeCondition], depth)
			if err != nil {
				return 0, err
			}
			total += c
		}
		// Past the larger budget, the exact cost no longer matters.
		if total > w.l.Authenticated.Cost {
			return total, nil
		}
	}
	return total, nil
}

func (w *walker) field(f *ast.Field, parent *ast.Definition, depth int) (int, *gqlerror.Error) {
	if f.Name == "__schema" {
		if w.schemas++; w.schemas > 1 {
			return 0, limitError("the operation selects __schema more than once; at most once is allowed", "schemaSelections", 1)
		}
	}
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
					Extensions: map[string]any{"code": string(problem.KindInvalid), "field": name},
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
