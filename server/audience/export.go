package audience

import (
	"context"
	"strconv"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/message"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/export"
	"github.com/portico-apim/portico/server/store"
)

// extraNames lists the names of target's defined extra fields in their
// order: one column each.
func extraNames(ctx context.Context, c *ent.Client, t fielddefinition.Target) ([]string, error) {
	defs, err := definitions(ctx, c, t)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range ordered(defs) {
		if !IsBuiltin(t, d.Name) {
			out = append(out, d.Name)
		}
	}
	return out, nil
}

// AccountsCSV exports every account the viewer may see: one row per
// account with its admin user, plan, states, VAT and billing fields, and
// one column per defined extra account field.
func (s *Service) AccountsCSV(ctx context.Context, span export.Span) (*export.CSVFile, error) {
	c := store.Client(ctx, s.client)
	extra, err := extraNames(ctx, c, fielddefinition.TargetACCOUNT)
	if err != nil {
		return nil, err
	}
	accounts, err := c.Account.Query().Where(export.CreatedIn(span, account.CreatedAtGTE, account.CreatedAtLT)...).
		Order(ent.Asc(account.FieldID)).WithPlan().
		WithUsers(func(q *ent.UserQuery) { q.Where(user.RoleEQ(user.RoleADMIN)).Order(ent.Asc(user.FieldID)) }).
		WithApplications(func(q *ent.ApplicationQuery) { q.Select("id", "account_id") }).All(ctx)
	if err != nil {
		return nil, err
	}
	header := []string{"id", "org_name", "state", "admin_username", "admin_email", "plan", "applications",
		"signed_up_at", "vat_code", "vat_rate", "billing_address"}
	header = append(header, billingParts...)
	f := export.NewCSVFile(append(header, extra...))
	for _, a := range accounts {
		fields := accountFields(a)
		row := []string{strconv.Itoa(a.ID), a.OrgName, string(a.State), "", "", "", strconv.Itoa(len(a.Edges.Applications)),
			export.Stamp(&a.CreatedAt), a.VatCode, fields["vat_rate"], a.BillingAddress}
		if len(a.Edges.Users) > 0 {
			row[3], row[4] = a.Edges.Users[0].Username, a.Edges.Users[0].Email
		}
		if a.Edges.Plan != nil {
			row[5] = a.Edges.Plan.Name
		}
		for _, p := range billingParts {
			row = append(row, fields[p])
		}
		for _, name := range extra {
			row = append(row, a.ExtraFields[name])
		}
		f.Add(row)
	}
	return f, nil
}

// ApplicationsCSV exports every application the viewer may see, newest
// first as 3scale's: its product, plan and account with the account's
// first admin user, and one column per defined extra application field.
func (s *Service) ApplicationsCSV(ctx context.Context, span export.Span) (*export.CSVFile, error) {
	c := store.Client(ctx, s.client)
	extra, err := extraNames(ctx, c, fielddefinition.TargetAPPLICATION)
	if err != nil {
		return nil, err
	}
	apps, err := c.Application.Query().Where(export.CreatedIn(span, application.CreatedAtGTE, application.CreatedAtLT)...).
		Order(ent.Desc(application.FieldCreatedAt), ent.Desc(application.FieldID)).WithProduct().WithPlan().
		WithAccount(func(q *ent.AccountQuery) {
			q.WithUsers(func(q *ent.UserQuery) { q.Where(user.RoleEQ(user.RoleADMIN)).Order(ent.Asc(user.FieldID)) })
		}).All(ctx)
	if err != nil {
		return nil, err
	}
	header := []string{"id", "name", "state", "product", "plan", "account_id", "org_name", "admin_username", "admin_email",
		"created_at", "first_traffic_at", "description"}
	f := export.NewCSVFile(append(header, extra...))
	for _, a := range apps {
		row := []string{strconv.Itoa(a.ID), a.Name, string(a.State), "", "", strconv.Itoa(a.AccountID), "", "", "",
			export.Stamp(&a.CreatedAt), export.Stamp(a.FirstTrafficAt), a.Description}
		if a.Edges.Product != nil {
			row[3] = a.Edges.Product.Name
		}
		if a.Edges.Plan != nil {
			row[4] = a.Edges.Plan.Name
		}
		if acc := a.Edges.Account; acc != nil {
			row[6] = acc.OrgName
			if len(acc.Edges.Users) > 0 {
				row[7], row[8] = acc.Edges.Users[0].Username, acc.Edges.Users[0].Email
			}
		}
		for _, name := range extra {
			row = append(row, a.ExtraFields[name])
		}
		f.Add(row)
	}
	return f, nil
}

// MessagesCSV exports the messages developers sent to the team, newest
// first, with the sending account and user (empty once deleted).
func (s *Service) MessagesCSV(ctx context.Context, span export.Span) (*export.CSVFile, error) {
	c := store.Client(ctx, s.client)
	msgs, err := c.Message.Query().
		Where(append(export.CreatedIn(span, message.CreatedAtGTE, message.CreatedAtLT), message.DirectionEQ(message.DirectionTO_PROVIDER))...).
		Order(ent.Desc(message.FieldCreatedAt), ent.Desc(message.FieldID)).WithSenderAccount().WithSenderUser().All(ctx)
	if err != nil {
		return nil, err
	}
	f := export.NewCSVFile([]string{"id", "sent_at", "account_id", "org_name", "username", "subject", "body"})
	for _, m := range msgs {
		row := []string{strconv.Itoa(m.ID), export.Stamp(&m.CreatedAt), "", "", "", m.Subject, m.Body}
		if a := m.Edges.SenderAccount; a != nil {
			row[2], row[3] = strconv.Itoa(a.ID), a.OrgName
		}
		if u := m.Edges.SenderUser; u != nil {
			row[4] = u.Username
		}
		f.Add(row)
	}
	return f, nil
}
