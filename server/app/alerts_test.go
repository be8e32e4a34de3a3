package app_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/notification"
	"github.com/portico-apim/portico/ent/usagealert"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mail/mailtest"
)

// TestUsageAlertsFromAuthrep sends real authrep traffic past 80 % and then
// 100 % of an application's day limit: exactly two alerts are raised that
// day, each once however many calls follow; the team hears of both, the
// developers (set for 100 % only) of one.
func TestUsageAlertsFromAuthrep(t *testing.T) {
	smtpd := mailtest.Start(t)
	cfg := apptest.Config(t)
	cfg.SMTPURL = smtpd.URL
	in := apptest.StartWith(t, cfg)
	p := provision(t, in, 10)
	ctx, c := apptest.SystemContext(), in.Client()

	// Levels outside 3scale's list are refused, and nothing is stored.
	bad := in.GraphQL(t, in.Admin, `mutation($p: ID!) { updateAlertSettings(productId: $p, adminLevels: [80, 75], developerLevels: []) { adminLevels } }`,
		map[string]any{"p": p.productID})
	if len(bad.Errors) != 1 || bad.Errors[0].Field() != "adminLevels" || !strings.Contains(bad.Errors[0].Message, "75 is not an alert level") {
		t.Fatalf("level 75: %+v", bad.Errors)
	}
	var settings struct {
		UpdateAlertSettings struct{ AdminLevels, DeveloperLevels []int }
	}
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { updateAlertSettings(productId: $p, adminLevels: [100, 80, 80], developerLevels: [100]) { adminLevels developerLevels } }`,
		map[string]any{"p": p.productID}, &settings)
	if !slices.Equal(settings.UpdateAlertSettings.AdminLevels, []int{80, 100}) || !slices.Equal(settings.UpdateAlertSettings.DeveloperLevels, []int{100}) {
		t.Fatalf("saved levels %+v", settings.UpdateAlertSettings)
	}
	appID, err := strconv.Atoi(p.appID)
	if err != nil {
		t.Fatal(err)
	}
	// The application's account gets an admin user, whom developer alerts reach.
	acc := c.Application.GetX(ctx, appID).AccountID
	tenantID := c.Application.GetX(ctx, appID).TenantID
	c.User.Create().SetTenantID(tenantID).SetAccountID(acc).SetUsername("dev").SetEmail("dev@acme.example").SetRole(user.RoleADMIN).ExecX(ctx)
	eventually(t, "the application is authorized", p.answers(t, in.URL, "authorize", 0, 200, ""))

	alerts := func() []int {
		lv, err := c.UsageAlert.Query().Where(usagealert.ApplicationID(appID)).Order(usagealert.ByLevel()).
			Select(usagealert.FieldLevel).Ints(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return lv
	}
	for range 8 {
		if code, body := p.call(t, in.URL, "authrep", 1); code != 200 {
			t.Fatalf("authrep: %d %s", code, body)
		}
	}
	eventually(t, "the 80 % alert", func() error {
		if got := alerts(); !slices.Equal(got, []int{80}) {
			return fmt.Errorf("alerts %v", got)
		}
		return nil
	})
	for range 2 {
		if code, body := p.call(t, in.URL, "authrep", 1); code != 200 {
			t.Fatalf("authrep: %d %s", code, body)
		}
	}
	// Calls over the limit are refused and raise nothing more.
	for range 5 {
		if code, _ := p.call(t, in.URL, "authrep", 1); code != 409 {
			t.Fatalf("authrep over the limit answered %d", code)
		}
	}
	eventually(t, "the 100 % alert", func() error {
		if got := alerts(); !slices.Equal(got, []int{80, 100}) {
			return fmt.Errorf("alerts %v", got)
		}
		return nil
	})
	smtpd.WaitFor(t, "dev@acme.example", 15*time.Second)
	// More flushes pass: still two alerts, each told once.
	time.Sleep(5 * time.Second)
	if got := alerts(); !slices.Equal(got, []int{80, 100}) {
		t.Fatalf("alerts after more flushes %v", got)
	}
	for kind, want := range map[string]int{"usage_limit_approaching": 1, "usage_limit_reached": 1} {
		if n := c.Notification.Query().Where(notification.Kind(kind)).CountX(ctx); n != want {
			t.Errorf("%d %s notifications, want %d (one admin)", n, kind, want)
		}
	}
	if n := c.EmailMessage.Query().Where(emailmessage.To("dev@acme.example")).CountX(ctx); n != 1 {
		t.Errorf("%d developer emails, want 1 (100 %% only)", n)
	}
	a := c.UsageAlert.Query().Where(usagealert.Level(100)).OnlyX(ctx)
	if a.Value != 10 || a.Max != 10 || a.MetricName != "hits" || a.Period != usagealert.PeriodDAY {
		t.Errorf("100 %% alert %+v", a)
	}

	// The alerts list, marking read, and another tenant seeing none.
	var list struct {
		UsageAlerts struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID     string
					Level  int
					ReadAt *string
				}
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `query($p: ID!) { usageAlerts(first: 10, where: {hasProductWith: [{id: $p}]}) { totalCount edges { node { id level readAt } } } }`,
		map[string]any{"p": p.productID}, &list)
	if list.UsageAlerts.TotalCount != 2 {
		t.Fatalf("listed %+v", list)
	}
	other := in.NewTenant(t, "alerts-other.example")
	var theirs struct{ UsageAlerts struct{ TotalCount int } }
	in.MustGraphQL(t, other, `{ usageAlerts(first: 10) { totalCount } }`, nil, &theirs)
	if theirs.UsageAlerts.TotalCount != 0 {
		t.Errorf("another tenant lists %d alerts", theirs.UsageAlerts.TotalCount)
	}
	if r := in.GraphQL(t, other, `mutation($ids: [ID!]) { markUsageAlertsRead(ids: $ids) }`, map[string]any{"ids": []string{list.UsageAlerts.Edges[0].Node.ID}}); len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("another tenant marked an alert read: %+v", r)
	}
	for _, op := range []string{`mutation($ids: [ID!]!) { deleteUsageAlerts(ids: $ids) }`, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`} {
		if r := in.GraphQL(t, other, op, map[string]any{"ids": []string{list.UsageAlerts.Edges[0].Node.ID}}); len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("another tenant reached an alert with %s: %s %+v", op, r.Data, r.Errors)
		}
	}
	if n := c.UsageAlert.Query().CountX(ctx); n != 2 {
		t.Errorf("%d alerts after another tenant's attempts, want 2", n)
	}
	var marked struct{ MarkUsageAlertsRead int }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID) { markUsageAlertsRead(productId: $p) }`, map[string]any{"p": p.productID}, &marked)
	if marked.MarkUsageAlertsRead != 2 {
		t.Errorf("marked %d read, want 2", marked.MarkUsageAlertsRead)
	}
}
