package crashtest

import (
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/server/billing"
)

// billingAccounts is how many accounts the killed run bills.
const billingAccounts = 1000

// TestKillDuringBillingRun kills `portico bill` (SIGKILL) while it bills
// 1,000 accounts, each with an application on a plan with a monthly fee and
// a setup fee, and runs it again: every account has exactly one invoice with
// exactly its two lines, the invoice numbers run from 1 to 1,000 without a
// gap or a repeat, and a third run adds nothing.
func TestKillDuringBillingRun(t *testing.T) {
	for _, st := range storages[:2] {
		t.Run(st.name, func(t *testing.T) {
			cfg := st.config(t)
			s := startServer(t, "portico", cfg)
			admin := s.login(t)
			s.graphQL(t, admin, `mutation { updateBillingSettings(input: {financeEnabled: true, strategy: PREPAID}) { id } }`, nil, nil)
			var prods struct {
				Products struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			s.graphQL(t, admin, `{ products(first: 1) { edges { node { id } } } }`, nil, &prods)
			product := prods.Products.Edges[0].Node.ID
			var plan struct{ CreatePlan struct{ ID string } }
			s.graphQL(t, admin, `mutation($p: ID!) { createPlan(input: {kind: APPLICATION, productID: $p, name: "Paid", systemName: "paid",
				costPerMonth: "30", setupFee: "5"}) { id } }`, map[string]any{"p": product}, &plan)
			for batch := 0; batch < billingAccounts/100; batch++ {
				var accs, apps strings.Builder
				accs.WriteString("mutation {")
				for i := range 100 {
					fmt.Fprintf(&accs, ` a%d: createAccount(input: {orgName: "Buyer %d"}) { id }`, i, batch*100+i)
				}
				accs.WriteString("}")
				var created map[string]struct{ ID string }
				s.graphQL(t, admin, accs.String(), nil, &created)
				apps.WriteString("mutation($p: ID!, $pl: ID!) {")
				for i := range 100 {
					fmt.Fprintf(&apps, ` a%d: createApplication(input: {name: "app", accountID: %q, productID: $p, planID: $pl}) { id }`,
						i, created[fmt.Sprintf("a%d", i)].ID)
				}
				apps.WriteString("}")
				s.graphQL(t, admin, apps.String(), map[string]any{"p": product, "pl": plan.CreatePlan.ID}, nil)
			}
			s.stop()

			today := time.Now().UTC()
			date := today.Format(time.DateOnly)
			if today.Hour() == 23 && today.Minute() >= 50 {
				t.Skip("too close to midnight: the run's date would change under it")
			}
			// Kill the first run once a third of the accounts are billed.
			log := runBill(t, cfg, date, billingAccounts/3)
			if n := strings.Count(log, "billed tenant"); n >= billingAccounts {
				t.Fatalf("the run finished before it was killed (%d accounts)", n)
			}
			done := runBill(t, cfg, date, 0)
			if !strings.Contains(done, fmt.Sprintf("billed %d accounts", billingAccounts)) {
				t.Fatalf("the second run did not bill every account:\n%s", tail(done, 5))
			}
			again := runBill(t, cfg, date, 0)
			if !strings.Contains(again, "0 line items added") {
				t.Errorf("a third run added lines:\n%s", tail(again, 3))
			}

			s = startServer(t, "portico'", cfg)
			admin = s.login(t)
			_, monthEnd := billing.MonthOf(today, time.UTC)
			fee, err := billing.Prorate(decimal.NewFromInt(30), billing.DayStart(today, time.UTC), monthEnd, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			want := fee.Add(decimal.NewFromInt(5))
			var numbers []string
			perAccount := map[string]int{}
			var after string
			for {
				var page struct {
					Invoices struct {
						Edges []struct {
							Node struct {
								FriendlyID, CostWithoutVat, AccountID string
								LineItems                             []struct{ Name string }
							}
						}
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
					}
				}
				vars := map[string]any{}
				if after != "" {
					vars["after"] = after
				}
				s.graphQL(t, admin, `query($after: Cursor) { invoices(first: 500, after: $after) { edges { node { friendlyID costWithoutVat accountID
					lineItems { name } } } pageInfo { hasNextPage endCursor } } }`, vars, &page)
				for _, e := range page.Invoices.Edges {
					n := e.Node
					perAccount[n.AccountID]++
					numbers = append(numbers, n.FriendlyID)
					if len(n.LineItems) != 2 || !decimal.RequireFromString(n.CostWithoutVat).Equal(want) {
						t.Errorf("invoice %s of account %s: %d lines, %s; want 2 lines, %s", n.FriendlyID, n.AccountID,
							len(n.LineItems), n.CostWithoutVat, want)
					}
				}
				if !page.Invoices.PageInfo.HasNextPage {
					break
				}
				after = page.Invoices.PageInfo.EndCursor
			}
			if len(perAccount) != billingAccounts {
				t.Errorf("%d accounts have invoices, want %d", len(perAccount), billingAccounts)
			}
			for acc, n := range perAccount {
				if n != 1 {
					t.Errorf("account %s has %d invoices", acc, n)
				}
			}
			sort.Strings(numbers)
			for i, n := range numbers {
				if want := billing.FriendlyID(today.Format("2006-01"), i+1); n != want {
					t.Fatalf("invoice number %d is %s, want %s (a gap or a repeat)", i+1, n, want)
				}
			}
		})
	}
}

// runBill runs `portico bill -date date` to its end, or kills it (SIGKILL)
// once it has billed killAfter accounts when killAfter > 0, and returns its
// output.
func runBill(t *testing.T, cfg serverConfig, date string, killAfter int) string {
	t.Helper()
	out := &logBuffer{}
	cmd := exec.Command(porticoBin, "bill", "-date", date)
	cmd.Env = cfg.env()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(5 * time.Minute)
	for {
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("portico bill: %v\n%s", err, tail(out.String(), 20))
			}
			return out.String()
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatalf("portico bill did not end within 5 minutes:\n%s", tail(out.String(), 20))
		case <-time.After(time.Millisecond):
		}
		if killAfter > 0 && strings.Count(out.String(), "billed tenant") >= killAfter {
			_ = cmd.Process.Kill()
			<-exited
			return out.String()
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
