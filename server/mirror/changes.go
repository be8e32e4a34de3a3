package mirror

import (
	"strconv"
	"strings"
)

// changes names what to bring back in step with the database: whole
// tenants (0: every tenant), single applications, and every application of
// some accounts, the last two by database id with their tenant (0 when
// unknown).
type changes struct {
	tenants  map[int]bool
	apps     map[int]int
	accounts map[int]int
}

func tenantChange(tenantID int) changes { return changes{tenants: map[int]bool{tenantID: true}} }

func everything() changes { return tenantChange(0) }

func (c changes) empty() bool { return len(c.tenants)+len(c.apps)+len(c.accounts) == 0 }

func (c *changes) merge(o changes) {
	for t := range o.tenants {
		if c.tenants == nil {
			c.tenants = map[int]bool{}
		}
		c.tenants[t] = true
	}
	for a, t := range o.apps {
		if c.apps == nil {
			c.apps = map[int]int{}
		}
		c.apps[a] = t
	}
	for a, t := range o.accounts {
		if c.accounts == nil {
			c.accounts = map[int]int{}
		}
		c.accounts[a] = t
	}
}

// maxPayload keeps a notification under PostgreSQL's 8,000-byte limit.
const maxPayload = 7000

// payload is the notification other replicas read with parsePayload: a
// comma-separated list of tenant ids ("*" for every tenant), application
// ids prefixed "a" and account ids prefixed "c". A list too long for one
// notification names the rows' tenants instead.
func (c changes) payload() string {
	if c.tenants[0] {
		return "*"
	}
	var b strings.Builder
	item := func(prefix string, id int) {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(prefix)
		b.WriteString(strconv.Itoa(id))
	}
	for t := range c.tenants {
		item("", t)
	}
	for a := range c.apps {
		item("a", a)
	}
	for a := range c.accounts {
		item("c", a)
	}
	if b.Len() <= maxPayload {
		return b.String()
	}
	coarse := changes{tenants: c.tenants}
	for _, rows := range []map[int]int{c.apps, c.accounts} {
		for _, t := range rows {
			coarse.merge(tenantChange(t))
		}
	}
	if len(coarse.tenants) > 500 {
		return "*"
	}
	return coarse.payload()
}

// parsePayload reads a notification; one it cannot read reloads every
// tenant.
func parsePayload(s string) changes {
	var c changes
	for _, item := range strings.Split(s, ",") {
		if item == "*" {
			return everything()
		}
		var prefix string
		if item != "" && (item[0] == 'a' || item[0] == 'c') {
			prefix, item = item[:1], item[1:]
		}
		n, err := strconv.Atoi(item)
		if err != nil || n < 0 || prefix != "" && n == 0 {
			return everything()
		}
		switch prefix {
		case "a":
			c.merge(changes{apps: map[int]int{n: 0}})
		case "c":
			c.merge(changes{accounts: map[int]int{n: 0}})
		default:
			c.merge(tenantChange(n))
		}
	}
	return c
}
