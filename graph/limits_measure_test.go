package graph

import (
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestCountFields(t *testing.T) {
	for _, c := range []struct {
		name, query string
		want        int
	}{
		{"fields and aliases", `{ a: __typename b: __typename products { totalCount } }`, 4},
		{"__typename repeated", `{ __typename __typename __typename }`, 3},
		{"a fragment expanded where spread", `{ ...F ...F } fragment F on Query { a: __typename b: __typename }`, 6},
		{"inline fragments add their fields", `{ ... on Query { __typename } }`, 1},
		{"a fragment nobody spreads counts as written", `{ __typename } fragment F on Query { a: __typename b: __typename c: __typename }`, 4},
		{"a fragment spreading itself is followed once", `{ ...F } fragment F on Query { __typename ...F }`, 3},
		{"fragments spreading each other", `{ ...A } fragment A on Query { __typename ...B } fragment B on Query { __typename ...A }`, 5},
		{"an unknown fragment", `{ ...Missing }`, 1},
		{"every operation", `query A { __typename } query B { a: __typename b: __typename }`, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: c.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := countFields(doc, 1000); got != c.want {
				t.Errorf("%d fields, want %d", got, c.want)
			}
		})
	}
	t.Run("counting stops past the limit", func(t *testing.T) {
		// 2^30 fields once expanded: counted only until the limit is passed.
		var b strings.Builder
		b.WriteString("{ ...F0 }")
		for i := range 30 {
			b.WriteString(" fragment F" + strconv.Itoa(i) + " on Query { ...F" + strconv.Itoa(i+1) + " ...F" + strconv.Itoa(i+1) + " }")
		}
		b.WriteString(" fragment F30 on Query { __typename }")
		doc, err := parser.ParseQuery(&ast.Source{Input: b.String()})
		if err != nil {
			t.Fatal(err)
		}
		if got := countFields(doc, 1000); got != 1001 {
			t.Errorf("%d fields counted, want 1001", got)
		}
	})
}

// FuzzMeasureQuery checks measuring any text terminates without panicking,
// stops counting just past each limit, and refuses exactly the documents
// that a count without limit finds over the budget.
func FuzzMeasureQuery(f *testing.F) {
	for _, seed := range []string{
		`{ a: __typename b: __typename }`,
		`{ ...F ...F } fragment F on Query { a: __typename b: __typename }`,
		`{ ...F } fragment F on Query { __typename ...F }`,
		`query($x: Int = 3) { products(first: $x, where: {nameIn: ["a", "b"]}) { edges { node { id } } } }`,
		`{ __schema { types { name } } } # comment`,
		`{ ... on Query { __typename } }`,
		`{ "unterminated`,
		"{ a: __typename\x00 }",
	} {
		f.Add(seed)
	}
	b := Budget{QueryBytes: 2048, Tokens: 200, Fields: 20}
	f.Fuzz(func(t *testing.T, query string) {
		s := measureQuery(query, b)
		if s.bytes != len(query) || s.tokens > b.Tokens+1 || s.fields > b.Fields+1 {
			t.Fatalf("measured %+v of %d bytes; counts must stop just past %+v", s, len(query), b)
		}
		if s.bytes > b.QueryBytes || s.tokens > b.Tokens {
			return
		}
		doc, err := parser.ParseQuery(&ast.Source{Input: query})
		if err != nil {
			return
		}
		if all := countFields(doc, 1<<16); (all > b.Fields) != (s.fields > b.Fields) {
			t.Fatalf("%d fields measured, %d counted without limit (limit %d)", s.fields, all, b.Fields)
		}
	})
}

// BenchmarkMeasureQuery measures what refusing or admitting a query costs
// before validation: an ordinary query, the largest admitted, and 24,000
// aliases, refused on length.
func BenchmarkMeasureQuery(b *testing.B) {
	l := DefaultLimits()
	aliases := func(n int) string {
		var s strings.Builder
		s.WriteString("{ ")
		for i := range n {
			s.WriteString("a" + strconv.Itoa(i) + ": __typename ")
		}
		return s.String() + "}"
	}
	for _, c := range []struct{ name, query string }{
		{"ordinary", `query($first: Int) { products(first: $first) { totalCount edges { node { id name systemName state plans(first: 5) { edges { node { id name } } } } } } }`},
		{"2000 aliases", aliases(2000)},
		{"24000 aliases", aliases(24000)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				measureQuery(c.query, l.Authenticated)
			}
		})
	}
}
