package billing

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// The pure arithmetic of billing: months in a time zone, proration to the
// second, pricing rules, VAT totals and invoice numbers. Everything here is
// deterministic and free of storage.

// MonthOf returns the first instant of the month holding t in loc and the
// last second of that month.
func MonthOf(t time.Time, loc *time.Location) (begin, end time.Time) {
	l := t.In(loc)
	begin = time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc)
	end = begin.AddDate(0, 1, 0).Add(-time.Second)
	return begin, end
}

// Period is the YYYY-MM name of the month holding t in loc.
func Period(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01") }

// ParsePeriod returns the bounds of a YYYY-MM month in loc.
func ParsePeriod(p string, loc *time.Location) (begin, end time.Time, err error) {
	m, err := time.ParseInLocation("2006-01", p, loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a month such as 2026-03", p)
	}
	b, e := MonthOf(m, loc)
	return b, e, nil
}

// DayStart is midnight of the day holding t in loc.
func DayStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

// ErrSpansMonths is returned for a proration interval not inside one month.
var ErrSpansMonths = errors.New("the interval spans two months")

// Prorate is costPerMonth × (end+1 − begin) / (monthEnd+1 − monthBegin), in
// seconds, rounded to 2 decimals; begin and end are inclusive seconds of one
// month of loc.
func Prorate(costPerMonth decimal.Decimal, begin, end time.Time, loc *time.Location) (decimal.Decimal, error) {
	mb, me := MonthOf(begin, loc)
	if end.After(me) || end.Before(begin) {
		return decimal.Zero, ErrSpansMonths
	}
	num := decimal.NewFromInt(end.Unix() + 1 - begin.Unix())
	den := decimal.NewFromInt(me.Unix() + 1 - mb.Unix())
	return costPerMonth.Mul(num).DivRound(den, 16).Round(2), nil
}

// Rule is a pricing rule: cost per unit for the units of usage in
// [Min, Max] (Max nil: no upper bound), both inclusive.
type Rule struct {
	Min         int64
	Max         *int64
	CostPerUnit decimal.Decimal
}

// Cost of the rule for a usage.
func (r Rule) Cost(u int64) decimal.Decimal {
	switch {
	case u < r.Min:
		return decimal.Zero
	case r.Max != nil && u == r.Min && *r.Max == r.Min:
		return r.CostPerUnit
	case r.Max == nil || u <= *r.Max:
		return r.CostPerUnit.Mul(decimal.NewFromInt(u - r.Min + 1))
	default:
		return r.CostPerUnit.Mul(decimal.NewFromInt(*r.Max - r.Min + 1))
	}
}

// VariableCost sums every rule's cost for a usage, to 4 decimals.
func VariableCost(rules []Rule, u int64) decimal.Decimal {
	sum := decimal.Zero
	for _, r := range rules {
		sum = sum.Add(r.Cost(u))
	}
	return sum.Round(4)
}

// CheckRules refuses rules with min < 1, max < min or inclusive overlaps.
func CheckRules(rules []Rule) error {
	rs := append([]Rule(nil), rules...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Min < rs[j].Min })
	for i, r := range rs {
		if r.Min < 1 {
			return fmt.Errorf("min must be at least 1")
		}
		if r.Max != nil && *r.Max < r.Min {
			return fmt.Errorf("max %d is below min %d", *r.Max, r.Min)
		}
		if i > 0 && (rs[i-1].Max == nil || *rs[i-1].Max >= r.Min) {
			return fmt.Errorf("rules from %d and from %d overlap", rs[i-1].Min, r.Min)
		}
	}
	return nil
}

// Totals of an invoice: the exact sum of its lines, the VAT on it (rounded
// to 2 decimals) and the charged total, round2(sum) + round2(vat).
type Totals struct {
	CostWithoutVAT decimal.Decimal
	VATAmount      decimal.Decimal
	Cost           decimal.Decimal
}

// ComputeTotals applies §6.7 to line costs and a VAT rate in percent.
func ComputeTotals(lines []decimal.Decimal, vatRate *decimal.Decimal) Totals {
	sum := decimal.Zero
	for _, c := range lines {
		sum = sum.Add(c)
	}
	vat := decimal.Zero
	if vatRate != nil {
		vat = vatRate.Mul(sum).Div(decimal.NewFromInt(100))
	}
	return Totals{CostWithoutVAT: sum.Round(4), VATAmount: vat.Round(2), Cost: sum.Round(2).Add(vat.Round(2))}
}

// Numbering of invoices.
type Numbering string

const (
	Monthly Numbering = "MONTHLY"
	Yearly  Numbering = "YEARLY"
)

// Prefix of the friendly ids of invoices of a period (YYYY-MM).
func Prefix(period string, n Numbering) string {
	if n == Yearly {
		return period[:4]
	}
	return period
}

// FriendlyID formats the n-th invoice of a prefix.
func FriendlyID(prefix string, n int) string { return fmt.Sprintf("%s-%08d", prefix, n) }

// SplitFriendlyID returns the prefix and sequence of a valid friendly id.
func SplitFriendlyID(id string) (prefix string, n int, err error) {
	if len(id) < 9 {
		return "", 0, fmt.Errorf("%q is not an invoice number", id)
	}
	prefix = id[:len(id)-9]
	_, err = fmt.Sscanf(id[len(id)-8:], "%d", &n)
	return prefix, n, err
}

// Interval says an inclusive interval in words, in loc.
func Interval(begin, end time.Time, loc *time.Location) string {
	const layout = "January 2, 2006"
	return begin.In(loc).Format(layout) + " - " + end.In(loc).Format(layout)
}
