package decision

import (
	"math"

	"github.com/portico-apim/portico/server/counter"
)

// usageEntry is one metric of a request's usage: an increment, or a set
// ("#N").
type usageEntry struct {
	metric int32
	set    bool
	value  int64
	zero   bool // the value was the literal "0"
}

// parseUsageValue accepts the grammar ^\s*#?\d+\s*$ with a value that fits
// in int64.
func parseUsageValue(s string) (set bool, n int64, ok bool) {
	s = trimRubySpace(s)
	if len(s) > 0 && s[0] == '#' {
		set = true
		s = s[1:]
	}
	if s == "" {
		return false, 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false, 0, false
		}
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return false, 0, false
		}
		n = n*10 + d
	}
	return set, n, true
}

// trimRubySpace trims the characters of Ruby's \s class.
func trimRubySpace(s string) string {
	for len(s) > 0 && isRubySpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isRubySpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isRubySpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// parseUsage reads the usage hash h of p into entries: first every value is
// validated (in parameter order), then every metric name.
func parseUsage(p *Params, h int32, svc *service, out []usageEntry) ([]usageEntry, *Error) {
	out = out[:0]
	for c := p.nodes[h].first; c != none; c = p.nodes[c].next {
		name := rubyStrip(p.nodes[c].key)
		v, isStr := p.str(c)
		if !isStr || blank(v) {
			return out, errUsageValueEmpty(name)
		}
		if _, _, ok := parseUsageValue(v); !ok {
			return out, errUsageValueInvalid(name, v)
		}
	}
	for c := p.nodes[h].first; c != none; c = p.nodes[c].next {
		name := rubyStrip(p.nodes[c].key)
		m, ok := svc.byName[name]
		if !ok {
			return out, errMetricInvalid(name)
		}
		v := p.nodes[c].str
		set, n, _ := parseUsageValue(v)
		e := usageEntry{metric: m, set: set, value: n, zero: v == "0"}
		if i := indexEntry(out, m); i >= 0 {
			out[i] = e
		} else {
			out = append(out, e)
		}
	}
	return out, nil
}

// checkUsageMetrics reports the first unknown metric name of usage hash h
// (the early check no_body requests get).
func checkUsageMetrics(p *Params, h int32, svc *service) *Error {
	for c := p.nodes[h].first; c != none; c = p.nodes[c].next {
		name := rubyStrip(p.nodes[c].key)
		if _, ok := svc.byName[name]; !ok {
			return errMetricInvalid(name)
		}
	}
	return nil
}

func indexEntry(entries []usageEntry, metric int32) int {
	for i := range entries {
		if entries[i].metric == metric {
			return i
		}
	}
	return -1
}

// propagate applies usage to ancestor metrics (spec §4.4): increments add up
// the chain, a set sets every ancestor, and an explicit parent entry keeps
// its own value plus its children's increments. With flat the usage is
// taken as given.
func propagate(svc *service, raw []usageEntry, flat bool, out []usageEntry) []usageEntry {
	out = append(out[:0], raw...)
	if flat {
		return out
	}
	for _, e := range raw {
		for _, a := range svc.metrics[e.metric].ancestors {
			i := indexEntry(out, a)
			switch {
			case e.set:
				if i >= 0 {
					out[i] = usageEntry{metric: a, set: true, value: e.value}
				} else {
					out = append(out, usageEntry{metric: a, set: true, value: e.value})
				}
			case i < 0:
				out = append(out, usageEntry{metric: a, value: e.value, zero: e.zero})
			case !out[i].set:
				out[i].value = addSaturating(out[i].value, e.value)
				out[i].zero = out[i].zero && e.zero
			}
		}
	}
	return out
}

func addSaturating(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// toDeltas converts propagated usage into counter deltas, leaving out
// metrics that no plan limits.
func toDeltas(svc *service, prop []usageEntry, out []counter.Delta) []counter.Delta {
	return appendDeltas(svc, prop, out[:0])
}

// appendDeltas is toDeltas appending to out.
func appendDeltas(svc *service, prop []usageEntry, out []counter.Delta) []counter.Delta {
	for _, e := range prop {
		m := &svc.metrics[e.metric]
		if m.counted == 0 {
			continue
		}
		out = append(out, counter.Delta{Metric: m.id, Set: e.set, Value: e.value, Periods: m.counted})
	}
	return out
}

// isSelfOrAncestor reports whether metric a is m or one of m's ancestors.
func (s *service) isSelfOrAncestor(a, m int32) bool {
	if a == m {
		return true
	}
	for _, x := range s.metrics[m].ancestors {
		if x == a {
			return true
		}
	}
	return false
}

// currentValue is the value an authorized authrep shows for a limit on
// metric m (spec §4.7): the stored value with m's own entry applied, then
// the entries of its descendants.
func currentValue(svc *service, raw []usageEntry, m int32, stored int64) int64 {
	v := stored
	for _, e := range raw {
		if e.metric == m {
			v = applyEntry(v, e)
		}
	}
	for _, e := range raw {
		if e.metric != m && svc.isSelfOrAncestor(m, e.metric) {
			v = applyEntry(v, e)
		}
	}
	return v
}

func applyEntry(v int64, e usageEntry) int64 {
	if e.set {
		return e.value
	}
	return addSaturating(v, e.value)
}

// requestUsage is the usage of metric m and its descendants in this request
// (a set counts as its value).
func requestUsage(svc *service, raw []usageEntry, m int32) int64 {
	var n int64
	for _, e := range raw {
		if svc.isSelfOrAncestor(m, e.metric) {
			n = addSaturating(n, e.value)
		}
	}
	return n
}

// namedOrAncestor reports whether metric m is named in the usage or is an
// ancestor of a named metric.
func namedOrAncestor(svc *service, raw []usageEntry, m int32) bool {
	for _, e := range raw {
		if svc.isSelfOrAncestor(m, e.metric) {
			return true
		}
	}
	return false
}
