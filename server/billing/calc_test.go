package billing

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/tenant"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func at(t *testing.T, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestProrate reproduces §6.3: proportional to seconds, which for
// day-aligned intervals is days remaining (counting the start day) over the
// days of the month, rounded to 2 decimals.
func TestProrate(t *testing.T) {
	utc := time.UTC
	madrid := zone(t, "Europe/Madrid")
	tests := []struct {
		name       string
		cost       string
		loc        *time.Location
		begin, end string
		want       string
	}{
		{"whole month", "100", utc, "2026-03-01 00:00:00", "2026-03-31 23:59:59", "100.00"},
		{"14 of 28 days", "100", utc, "2026-02-15 00:00:00", "2026-02-28 23:59:59", "50.00"},
		{"22 of 31 days", "100", utc, "2026-03-10 00:00:00", "2026-03-31 23:59:59", "70.97"},
		{"last day of 31", "31", utc, "2026-01-31 00:00:00", "2026-01-31 23:59:59", "1.00"},
		{"to the second, half a day", "28", utc, "2026-02-15 12:00:00", "2026-02-28 23:59:59", "13.50"},
		{"plan change mid-day", "31", utc, "2026-02-15 12:00:00", "2026-02-28 23:59:59", "14.95"},
		{"zero cost", "0", utc, "2026-02-15 00:00:00", "2026-02-28 23:59:59", "0.00"},
		// March in Madrid has 743 hours (summer time starts on the 29th):
		// the whole month is still the whole cost, and two days at the end
		// are 48 of 743 hours, not 2 of 31 days.
		{"Madrid whole March", "100", madrid, "2026-03-01 00:00:00", "2026-03-31 23:59:59", "100.00"},
		{"Madrid last two days of March", "100", madrid, "2026-03-30 00:00:00", "2026-03-31 23:59:59", "6.46"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Prorate(d(tt.cost), at(t, tt.loc, tt.begin), at(t, tt.loc, tt.end), tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(d(tt.want)) {
				t.Errorf("Prorate = %s, want %s", got, tt.want)
			}
		})
	}
	if _, err := Prorate(d("10"), at(t, utc, "2026-01-31 00:00:00"), at(t, utc, "2026-02-01 00:00:00"), utc); err != ErrSpansMonths {
		t.Errorf("an interval over two months: err = %v, want ErrSpansMonths", err)
	}
}

// TestMonthInZone: billing months follow the tenant's zone, so midnight of
// April 1st in Madrid (22:00 UTC on March 31st) is already April.
func TestMonthInZone(t *testing.T) {
	madrid := zone(t, "Europe/Madrid")
	now := time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC)
	if got := Period(now, madrid); got != "2026-04" {
		t.Errorf("Period in Madrid = %s, want 2026-04", got)
	}
	if got := Period(now, time.UTC); got != "2026-03" {
		t.Errorf("Period in UTC = %s, want 2026-03", got)
	}
	b, e := MonthOf(now, madrid)
	if !b.Equal(now) || e.UTC() != time.Date(2026, 4, 30, 21, 59, 59, 0, time.UTC) {
		t.Errorf("April in Madrid = %s .. %s", b.UTC(), e.UTC())
	}
	kolkata := zone(t, "Asia/Kolkata")
	b, _ = MonthOf(time.Date(2026, 5, 31, 18, 30, 0, 0, time.UTC), kolkata)
	if b.UTC() != time.Date(2026, 5, 31, 18, 30, 0, 0, time.UTC) {
		t.Errorf("June in Kolkata starts %s", b.UTC())
	}
}

func i64(v int64) *int64 { return &v }

// TestVariableCost reproduces §6.5: every rule is summed, both bounds are
// inclusive, so consecutive rules are graduated tiers.
func TestVariableCost(t *testing.T) {
	tiers := []Rule{{Min: 1, Max: i64(100), CostPerUnit: d("0.1")}, {Min: 101, CostPerUnit: d("0.05")}}
	tests := []struct {
		name  string
		rules []Rule
		usage int64
		want  string
	}{
		{"no usage", tiers, 0, "0"},
		{"first unit", tiers, 1, "0.1"},
		{"top of the first tier", tiers, 100, "10"},
		{"first unit of the second tier", tiers, 101, "10.05"},
		{"150 units", tiers, 150, "12.5"},
		{"below min", []Rule{{Min: 10, Max: i64(20), CostPerUnit: d("1")}}, 9, "0"},
		{"min equals max", []Rule{{Min: 5, Max: i64(5), CostPerUnit: d("3")}}, 5, "3"},
		{"min equals max, above", []Rule{{Min: 5, Max: i64(5), CostPerUnit: d("3")}}, 6, "3"},
		{"above max", []Rule{{Min: 1, Max: i64(10), CostPerUnit: d("0.5")}}, 1000, "5"},
		{"four decimals", []Rule{{Min: 1, CostPerUnit: d("0.0001")}}, 12345, "1.2345"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VariableCost(tt.rules, tt.usage); !got.Equal(d(tt.want)) {
				t.Errorf("VariableCost(%d) = %s, want %s", tt.usage, got, tt.want)
			}
		})
	}
}

func TestCheckRules(t *testing.T) {
	tests := []struct {
		name  string
		rules []Rule
		ok    bool
	}{
		{"tiers", []Rule{{Min: 1, Max: i64(100)}, {Min: 101}}, true},
		{"inclusive overlap", []Rule{{Min: 1, Max: i64(100)}, {Min: 100}}, false},
		{"open rule before another", []Rule{{Min: 1}, {Min: 101}}, false},
		{"min zero", []Rule{{Min: 0}}, false},
		{"max below min", []Rule{{Min: 5, Max: i64(4)}}, false},
	}
	for _, tt := range tests {
		if err := CheckRules(tt.rules); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

// TestTotals reproduces §6.7: the sum of lines is exact (4 decimals), VAT is
// the rate on it, and the total is round2(sum) + round2(vat).
func TestTotals(t *testing.T) {
	tests := []struct {
		name             string
		lines            []string
		rate             *decimal.Decimal
		without, vat, tt string
	}{
		{"no VAT", []string{"31", "-14.95", "29.89", "12.5"}, nil, "58.44", "0", "58.44"},
		{"21 percent", []string{"31", "-14.95", "29.89", "12.5"}, ptr(d("21")), "58.44", "12.27", "70.71"},
		{"10 percent of 100", []string{"100"}, ptr(d("10")), "100", "10", "110"},
		{"rounded separately", []string{"33.3333", "33.3333"}, ptr(d("21")), "66.6666", "14", "80.67"},
		{"half up", []string{"0.125"}, ptr(d("0")), "0.125", "0", "0.13"},
		{"VAT half up", []string{"0.5"}, ptr(d("1")), "0.5", "0.01", "0.51"},
		{"credit", []string{"10", "-25"}, ptr(d("20")), "-15", "-3", "-18"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := make([]decimal.Decimal, len(tc.lines))
			for i, l := range tc.lines {
				ls[i] = d(l)
			}
			got := ComputeTotals(ls, tc.rate)
			if !got.CostWithoutVAT.Equal(d(tc.without)) || !got.VATAmount.Equal(d(tc.vat)) || !got.Cost.Equal(d(tc.tt)) {
				t.Errorf("totals = %s / %s / %s, want %s / %s / %s", got.CostWithoutVAT, got.VATAmount, got.Cost, tc.without, tc.vat, tc.tt)
			}
		})
	}
}

// TestFriendlyIDs: monthly numbers are YYYY-MM-NNNNNNNN, yearly
// YYYY-NNNNNNNN, with the prefix taken from the invoice's period.
func TestFriendlyIDs(t *testing.T) {
	if got := FriendlyID(Prefix("2026-03", Monthly), 12); got != "2026-03-00000012" {
		t.Errorf("monthly = %s", got)
	}
	if got := FriendlyID(Prefix("2026-03", Yearly), 1); got != "2026-00000001" {
		t.Errorf("yearly = %s", got)
	}
	for id, want := range map[string]string{"2026-03-00000012": "2026-03", "2026-00000007": "2026"} {
		p, n, err := SplitFriendlyID(id)
		if err != nil || p != want || (n != 12 && n != 7) {
			t.Errorf("SplitFriendlyID(%s) = %s %d %v", id, p, n, err)
		}
	}
}

// TestContractPaidUntil: §6.3's paid-until, with trial days never billed.
func TestContractPaidUntil(t *testing.T) {
	created := time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC)
	trial := created.AddDate(0, 0, 10)
	paid := time.Date(2026, 1, 31, 23, 59, 59, 0, time.UTC)
	tests := []struct {
		name string
		k    contract
		want time.Time
	}{
		{"created", contract{createdAt: created}, created},
		{"accepted later", contract{createdAt: created, accepted: ptr(created.Add(time.Hour))}, created.Add(time.Hour)},
		{"trial", contract{createdAt: created, accepted: &created, trialEnds: &trial}, trial},
		{"stored", contract{createdAt: created, trialEnds: &trial, paidUntil: &paid}, paid},
	}
	for _, tt := range tests {
		if got := tt.k.effectivePaidUntil(); !got.Equal(tt.want) {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestPlanChangeLines reproduces §6.6 for prepaid and postpaid tenants,
// upgrades and downgrades, billed and never billed contracts.
func TestPlanChangeLines(t *testing.T) {
	basic := &pricedPlan{Plan: &ent.Plan{ID: 1, Name: "Basic", CostPerMonth: d("10")}}
	pro := &pricedPlan{Plan: &ent.Plan{ID: 2, Name: "Pro", CostPerMonth: d("30")}}
	now := time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)
	created := time.Date(2026, 1, 3, 9, 0, 0, 0, time.UTC)
	billed := contract{kind: lineitem.ContractKindAPPLICATION, id: 7, createdAt: created, accepted: &created,
		paidUntil: ptr(time.Date(2026, 2, 28, 23, 59, 59, 0, time.UTC))}
	fresh := contract{kind: lineitem.ContractKindAPPLICATION, id: 8, createdAt: now, accepted: &now,
		setupFee: ptr(d("5"))}
	sub := contract{kind: lineitem.ContractKindSERVICE_SUBSCRIPTION, id: 9, createdAt: created,
		paidUntil: billed.paidUntil}
	type line struct{ name, cost string }
	tests := []struct {
		name     string
		k        contract
		from, to *pricedPlan
		prepaid  bool
		want     []line
	}{
		{"prepaid upgrade", billed, basic, pro, true, []line{
			{"Refund ('Basic')", "-5"}, {"Application upgrade ('Basic' to 'Pro')", "15"}}},
		{"prepaid downgrade adds nothing", billed, pro, basic, true, nil},
		{"prepaid service contract upgrade", sub, basic, pro, true, []line{
			{"Refund ('Basic')", "-5"}, {"Service contract upgrade ('Basic' to 'Pro')", "15"}}},
		{"prepaid never billed", fresh, basic, pro, true, []line{
			{"Fixed fee ('Basic')", "5"}, {"Setup fee ('Basic')", "5"}, {"Refund ('Basic')", "-5"},
			{"Application upgrade ('Basic' to 'Pro')", "15"}}},
		{"postpaid upgrade", billed, basic, pro, false, []line{{"Refund ('Basic')", "-5"}, {"Fixed fee ('Pro')", "15"}}},
		{"postpaid downgrade", billed, pro, basic, false, []line{{"Refund ('Pro')", "-15"}, {"Fixed fee ('Basic')", "5"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := tt.k
			k.plan = tt.from
			got, err := changeLines(k, tt.from, tt.to, now, time.UTC, tt.prepaid)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("lines = %+v, want %+v", got, tt.want)
			}
			keys := map[string]bool{}
			for i, w := range tt.want {
				if got[i].Name != w.name || !got[i].Cost.Equal(d(w.cost)) {
					t.Errorf("line %d = %s %s, want %s %s", i, got[i].Name, got[i].Cost, w.name, w.cost)
				}
				if got[i].SourceKey == "" || keys[got[i].SourceKey] {
					t.Errorf("line %d source key %q is empty or repeated", i, got[i].SourceKey)
				}
				keys[got[i].SourceKey] = true
			}
		})
	}
}

// TestTrialAndSetupFee reproduces §6.4: nothing while in trial; the first
// billing after it bills the rest of the month from the day the trial ended,
// and the setup fee.
func TestTrialAndSetupFee(t *testing.T) {
	pl := &pricedPlan{Plan: &ent.Plan{ID: 1, Name: "Pro", CostPerMonth: d("31")}}
	created := time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC)
	trial := created.AddDate(0, 0, 10)
	k := contract{kind: lineitem.ContractKindAPPLICATION, id: 1, plan: pl, createdAt: created, accepted: &created,
		trialEnds: &trial, setupFee: ptr(d("10"))}
	if !k.inTrial(time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)) {
		t.Fatal("the contract is in trial on the 20th at midnight")
	}
	now := time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC)
	if k.inTrial(now) {
		t.Fatal("the trial ended on the 20th at 10:00")
	}
	lines, paid, due, err := fixedToMonthEnd(k, now, time.UTC)
	if err != nil || !due {
		t.Fatalf("due %v err %v", due, err)
	}
	if len(lines) != 2 || lines[0].Name != "Fixed fee ('Pro')" || !lines[0].Cost.Equal(d("12")) ||
		lines[1].Name != "Setup fee ('Pro')" || !lines[1].Cost.Equal(d("10")) || lines[1].Quantity != nil {
		t.Fatalf("lines = %+v", lines)
	}
	if lines[0].Description != "January 20, 2026 - January 31, 2026" {
		t.Errorf("description = %q", lines[0].Description)
	}
	if paid != time.Date(2026, 1, 31, 23, 59, 59, 0, time.UTC) {
		t.Errorf("paid until = %s", paid)
	}
}

func TestDueRuns(t *testing.T) {
	settings := func(id int, zone string, state tenant.State) *ent.BillingSettings {
		return &ent.BillingSettings{Edges: ent.BillingSettingsEdges{Tenant: &ent.Tenant{ID: id, TimeZone: zone, State: state}}}
	}
	// 09:30 UTC: past 08:00 in London, 01:30 in Chicago.
	now := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	got := DueRuns([]*ent.BillingSettings{
		settings(1, "Europe/London", tenant.StateAPPROVED),
		settings(2, "America/Chicago", tenant.StateAPPROVED),
		settings(3, "Europe/London", tenant.StateSUSPENDED),
		settings(4, "UTC", tenant.StateSCHEDULED_FOR_DELETION),
		settings(5, "Asia/Tokyo", tenant.StateAPPROVED),
		{},
	}, now)
	want := []TenantRunArgs{{TenantID: 1, Date: "2026-12-05"}, {TenantID: 5, Date: "2026-12-05"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("due runs %v, want %v (only approved tenants past 08:00 local, on their local date)", got, want)
	}
}
