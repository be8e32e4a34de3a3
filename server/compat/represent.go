package compat

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// stamp writes a time as 3scale does: ISO 8601 without fractions, in the
// tenant's time zone.
func (c *Call) stamp(t time.Time) string {
	if c.loc == nil {
		c.loc = time.UTC
		if c.Tenant != nil && c.Tenant.TimeZone != "" {
			if loc, err := time.LoadLocation(c.Tenant.TimeZone); err == nil {
				c.loc = loc
			}
		}
	}
	return t.In(c.loc).Format(time.RFC3339)
}

// stampPtr is stamp for an optional time; nil stays nil.
func (c *Call) stampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := c.stamp(*t)
	return &s
}

// money writes a plan amount: a JSON number, XML decimal text such as 0.0.
type money decimal.Decimal

func (m money) MarshalJSON() ([]byte, error) {
	return []byte(decimal.Decimal(m).String()), nil
}

func (m money) MarshalText() ([]byte, error) {
	d := decimal.Decimal(m)
	s := d.String()
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return []byte(s), nil
}

// annotations is a key/value map: an object in JSON, one child per key in XML.
type annotations map[string]string

func (a annotations) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := e.EncodeElement(a[k], xml.StartElement{Name: xml.Name{Local: k}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// link is one entry of a JSON representation's links.
type link struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
}

func (c *Call) link(rel, path string) link { return link{Rel: rel, Href: c.Origin() + path} }

// created answers 201 with a representation.
func (c *Call) created(root string, v any) error { return c.Respond(http.StatusCreated, root, v) }

// ok answers 200 with a representation.
func (c *Call) ok(root string, v any) error { return c.Respond(http.StatusOK, root, v) }

// deleted answers 200 with an empty body.
func (c *Call) deleted() error {
	c.W.Header().Set("Content-Type", c.Format.contentType())
	c.W.WriteHeader(http.StatusOK)
	return nil
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// systemNameFrom derives a system name from a display name when none is
// given, as 3scale does: lower case, runs of other characters as one _.
func systemNameFrom(name string) string {
	s := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if s == "" {
		s = "item"
	}
	if len(s) > 255 {
		s = s[:255]
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// nullable is an optional value: JSON null or an empty XML element when
// absent (spec §0.5).
type nullable struct{ v any }

func (n nullable) MarshalJSON() ([]byte, error) { return jsonMarshal(n.v) }

func (n nullable) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if n.v == nil {
		if err := e.EncodeToken(start); err != nil {
			return err
		}
		return e.EncodeToken(start.End())
	}
	return e.EncodeElement(n.v, start)
}
