package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestPagingByTimeVisitsEveryRowOnce pages one row at a time through
// products ordered by creation time, both ways and in both directions: every
// product appears exactly once, in the order of a single large page. Rows
// created within the same clock tick and cursors carrying a time must agree
// on how the database compares times.
func TestPagingByTimeVisitsEveryRowOnce(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	for i := range 6 {
		do(t, in, in.Admin, `mutation($n: String!, $s: String!) { createProduct(input: {name: $n, systemName: $s}) { id } }`,
			map[string]any{"n": fmt.Sprintf("Paged %d", i), "s": fmt.Sprintf("paged_%d", i)})
	}
	const q = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $dir: OrderDirection!) {
		products(first: $first, after: $after, last: $last, before: $before, orderBy: [{field: CREATED_AT, direction: $dir}]) {
			totalCount
			pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
			edges { node { name } }
		}
	}`
	for _, dir := range []string{"ASC", "DESC"} {
		whole := do(t, in, in.Admin, q, map[string]any{"first": 100, "dir": dir}).nodeField(t, "products", "name")
		if len(whole) < 7 { // the bootstrapped product and six more
			t.Fatalf("%s: %d products, want at least 7", dir, len(whole))
		}

		t.Run(dir+" forward", func(t *testing.T) {
			var seen []string
			vars := map[string]any{"first": 1, "dir": dir}
			for range len(whole) + 2 {
				d := do(t, in, in.Admin, q, vars)
				seen = append(seen, d.nodeField(t, "products", "name")...)
				if d.get(t, "products.pageInfo.hasNextPage") != true {
					break
				}
				vars["after"] = d.str(t, "products.pageInfo.endCursor")
			}
			if !slices.Equal(seen, whole) {
				t.Errorf("paged %v\nwhole %v", seen, whole)
			}
		})

		t.Run(dir+" backward", func(t *testing.T) {
			var seen []string
			vars := map[string]any{"last": 1, "dir": dir}
			for range len(whole) + 2 {
				d := do(t, in, in.Admin, q, vars)
				seen = append(d.nodeField(t, "products", "name"), seen...)
				if d.get(t, "products.pageInfo.hasPreviousPage") != true {
					break
				}
				vars["before"] = d.str(t, "products.pageInfo.startCursor")
			}
			if !slices.Equal(seen, whole) {
				t.Errorf("paged %v\nwhole %v", seen, whole)
			}
		})
	}
}
