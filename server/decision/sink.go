package decision

import (
	"context"
	"time"
)

// Source tells which endpoint accepted a usage record.
type Source uint8

// The sources of usage.
const (
	SourceAuthRep Source = iota + 1
	SourceReport
)

// MetricUsage is one metric of an accepted transaction, after propagation to
// ancestor metrics (unless flat_usage was requested). Set replaces the
// counter with Value (Value 0 clears it); otherwise Value is added.
type MetricUsage struct {
	MetricID   string
	MetricName string
	Set        bool
	Value      int64
}

// Usage is one accepted transaction: an authorized authrep with usage, or
// one transaction of a processed report batch.
type Usage struct {
	ServiceID     string
	ApplicationID string
	// At is the transaction time: the request time for authrep, the
	// transaction's timestamp (or the processing time) for report.
	At      time.Time
	Metrics []MetricUsage
	// ResponseCode is log[code] when it is a valid three-digit code, else 0.
	ResponseCode int
	// ResponseTime is log[response_time] (a Portico extension: how long
	// the upstream API took to answer) when Timed, that is when the
	// gateway sent a valid one.
	ResponseTime time.Duration
	Timed        bool
	Source       Source
	// AppRef and TenantRef are the application's Ref and Tenant (0 when
	// unknown: a sink then resolves ServiceID and ApplicationID).
	AppRef, TenantRef int
}

// UsageSink receives accepted usage for analytics, billing and first-traffic
// tracking. Record is called on the request path: it must not block, and it
// must copy whatever it keeps, because the batch and its slices are reused
// after it returns.
type UsageSink interface {
	Record(ctx context.Context, batch []Usage)
}

// IntegrationError is one entry of a service's integration-error log: an
// error answered to a gateway, or a report batch rejected after it was
// accepted.
type IntegrationError struct {
	ServiceID string
	Code      Code
	Message   string
	At        time.Time
}

// ErrorSink receives integration errors. Record must not block.
type ErrorSink interface {
	RecordError(ctx context.Context, e IntegrationError)
}

// DiscardUsage is a UsageSink that drops everything.
type DiscardUsage struct{}

// Record implements UsageSink.
func (DiscardUsage) Record(context.Context, []Usage) {}

// DiscardErrors is an ErrorSink that drops everything.
type DiscardErrors struct{}

// RecordError implements ErrorSink.
func (DiscardErrors) RecordError(context.Context, IntegrationError) {}

var (
	_ UsageSink = DiscardUsage{}
	_ ErrorSink = DiscardErrors{}
)

// ResponseCodeCounters returns the response-code counters a log[code] feeds
// (spec §7.2): the code itself for 200, 403, 404, 500 and 503, and its class
// for 2XX, 4XX and 5XX. Empty strings mean "not counted".
func ResponseCodeCounters(code int) (exact, class string) {
	switch code {
	case 200, 403, 404, 500, 503:
		exact = itoa3(code)
	}
	switch code / 100 {
	case 2:
		class = "2XX"
	case 4:
		class = "4XX"
	case 5:
		class = "5XX"
	}
	return exact, class
}

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// parseResponseCode accepts exactly three decimal digits (100–999).
func parseResponseCode(s string) int {
	if len(s) != 3 {
		return 0
	}
	n := 0
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	if n < 100 {
		return 0
	}
	return n
}

// maxResponseTime is the longest response time accepted. A longer one is a
// gateway's mistake (microseconds sent as milliseconds, say), not an answer.
const maxResponseTime = time.Hour

// parseResponseTime reads log[response_time]: a decimal number of
// milliseconds from 0 to an hour ("120", "0.35"); digits beyond the
// microsecond are dropped. Anything else (a sign, an exponent, spaces, a
// unit) is no response time, and like any log field 3scale does not know
// it never fails the call.
func parseResponseTime(s string) (time.Duration, bool) {
	if len(s) == 0 || len(s) > 32 {
		return 0, false
	}
	i := 0
	var ms time.Duration
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		ms = ms*10 + time.Duration(s[i]-'0')
		if ms*time.Millisecond > maxResponseTime {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	d := ms * time.Millisecond
	if i < len(s) {
		if s[i] != '.' || i+1 == len(s) {
			return 0, false
		}
		unit := 100 * time.Microsecond
		for _, c := range []byte(s[i+1:]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			if unit >= time.Microsecond {
				d += time.Duration(c-'0') * unit
				unit /= 10
			}
		}
	}
	if d > maxResponseTime {
		return 0, false
	}
	return d, true
}

// readLog reads the response code and time of a log hash (none when the
// request has no log): 0 for no valid code, timed false for no valid
// response time.
func readLog(p *Params, log int32) (code int, rt time.Duration, timed bool) {
	if log == none {
		return 0, 0, false
	}
	if v, ok := p.str(p.lookup(log, "code")); ok {
		code = parseResponseCode(v)
	}
	if v, ok := p.str(p.lookup(log, "response_time")); ok {
		rt, timed = parseResponseTime(v)
	}
	return code, rt, timed
}
