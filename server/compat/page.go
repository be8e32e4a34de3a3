package compat

import (
	"net/url"
	"strconv"
)

// MaxPerPage is the default and largest page size of 3scale's lists.
const MaxPerPage = 500

// Page is a requested page: its number (from 1) and size.
type Page struct {
	Number  int
	PerPage int
}

// Meta describes a list that does not fit in one page.
type Meta struct {
	PerPage      int `json:"per_page"`
	TotalEntries int `json:"total_entries"`
	TotalPages   int `json:"total_pages"`
	CurrentPage  int `json:"current_page"`
}

// pageOf reads page and per_page; a value out of range or not a number
// falls back to the default, as 3scale does.
func pageOf(q url.Values) Page {
	p := Page{Number: 1, PerPage: MaxPerPage}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		p.Number = n
	}
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 && n <= MaxPerPage {
		p.PerPage = n
	}
	return p
}

// Paginate returns the items of page p, and the metadata to emit when the
// whole list does not fit in one page.
func Paginate[T any](items []T, p Page) ([]T, *Meta) {
	total := len(items)
	var meta *Meta
	if total > p.PerPage {
		meta = &Meta{PerPage: p.PerPage, TotalEntries: total, TotalPages: (total + p.PerPage - 1) / p.PerPage, CurrentPage: p.Number}
	}
	start := (p.Number - 1) * p.PerPage
	if start >= total {
		return items[:0], meta
	}
	return items[start:min(start+p.PerPage, total)], meta
}
