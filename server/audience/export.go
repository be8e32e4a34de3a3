package audience

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/store"
)

// AccountsCSV exports every account the viewer may see as CSV (RFC 4180):
// one row per account with its admin user, plan, states, VAT and billing
// fields, and one column per defined extra account field.
func (s *Service) AccountsCSV(ctx context.Context) (string, error) {
	c := store.Client(ctx, s.client)
	defs, err := c.FieldDefinition.Query().Where(fielddefinition.TargetEQ(fielddefinition.TargetACCOUNT)).
		Order(ent.Asc(fielddefinition.FieldPosition), ent.Asc(fielddefinition.FieldID)).All(ctx)
	if err != nil {
		return "", err
	}
	var extra []string
	for _, d := range defs {
		if !IsBuiltin(fielddefinition.TargetACCOUNT, d.Name) {
			extra = append(extra, d.Name)
		}
	}
	accounts, err := c.Account.Query().Order(ent.Asc(account.FieldID)).WithPlan().
		WithUsers(func(q *ent.UserQuery) { q.Where(user.RoleEQ(user.RoleADMIN)).Order(ent.Asc(user.FieldID)) }).
		WithApplications(func(q *ent.ApplicationQuery) { q.Select("id", "account_id") }).All(ctx)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := []string{"id", "org_name", "state", "admin_username", "admin_email", "plan", "applications",
		"signed_up_at", "vat_code", "vat_rate", "billing_address"}
	header = append(header, billingParts...)
	header = append(header, extra...)
	if err := w.Write(header); err != nil {
		return "", err
	}
	for _, a := range accounts {
		f := accountFields(a)
		row := []string{strconv.Itoa(a.ID), a.OrgName, string(a.State), "", "", "", strconv.Itoa(len(a.Edges.Applications)),
			a.CreatedAt.UTC().Format(time.RFC3339), a.VatCode, f["vat_rate"], a.BillingAddress}
		if len(a.Edges.Users) > 0 {
			row[3], row[4] = a.Edges.Users[0].Username, a.Edges.Users[0].Email
		}
		if a.Edges.Plan != nil {
			row[5] = a.Edges.Plan.Name
		}
		for _, p := range billingParts {
			row = append(row, f[p])
		}
		for _, name := range extra {
			row = append(row, a.ExtraFields[name])
		}
		if err := w.Write(row); err != nil {
			return "", err
		}
	}
	w.Flush()
	return b.String(), w.Error()
}
