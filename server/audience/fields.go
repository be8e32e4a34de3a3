package audience

import (
	"context"
	"maps"
	netmail "net/mail"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// BuiltinField is a field every record of a target has by itself, before
// any definition: core fields always exist; optional built-in fields (VAT,
// billing address) take part in developer-facing calls only once a field
// definition names them. Any other name is an extra field, kept in the
// record's extra_fields, and must be defined.
type BuiltinField struct {
	Name string
	// Label is the field's label until a definition gives it another.
	Label string
	Core  bool
	// NotEmpty says the record cannot exist without a value, whoever writes.
	NotEmpty bool
}

// builtinFields lists each target's built-in fields in the order screens
// show them. It is the one list the server checks and shows.
var builtinFields = map[fielddefinition.Target][]BuiltinField{
	fielddefinition.TargetACCOUNT: append([]BuiltinField{
		{Name: "org_name", Label: "Organization/Group name", Core: true, NotEmpty: true},
		{Name: "vat_code", Label: "VAT code"},
		{Name: "vat_rate", Label: "VAT rate"},
		{Name: "billing_address", Label: "Billing address"},
	}, billingFields...),
	fielddefinition.TargetUSER: {
		{Name: "username", Label: "Username", Core: true, NotEmpty: true},
		{Name: "email", Label: "Email", Core: true, NotEmpty: true},
		{Name: "first_name", Label: "First name", Core: true},
		{Name: "last_name", Label: "Last name", Core: true},
	},
	fielddefinition.TargetAPPLICATION: {
		{Name: "name", Label: "Name", Core: true, NotEmpty: true},
		{Name: "description", Label: "Description", Core: true},
	},
}

// billingFields are the parts of an account's billing address, kept in its
// billing_address_parts without their prefix.
var billingFields = []BuiltinField{
	{Name: "billing_address_name", Label: "Billing name"},
	{Name: "billing_address_address1", Label: "Billing address line 1"},
	{Name: "billing_address_address2", Label: "Billing address line 2"},
	{Name: "billing_address_city", Label: "Billing city"},
	{Name: "billing_address_state", Label: "Billing state or region"},
	{Name: "billing_address_zip", Label: "Billing ZIP code"},
	{Name: "billing_address_country", Label: "Billing country"},
	{Name: "billing_address_phone", Label: "Billing phone"},
}

var billingParts = names(billingFields)

func names(fs []BuiltinField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// FieldTargets lists the kinds of record that have fields, in display order.
func FieldTargets() []fielddefinition.Target {
	return []fielddefinition.Target{fielddefinition.TargetACCOUNT, fielddefinition.TargetUSER, fielddefinition.TargetAPPLICATION}
}

// BuiltinFields lists the built-in fields of target, in display order.
func BuiltinFields(t fielddefinition.Target) []BuiltinField {
	return slices.Clone(builtinFields[t])
}

// IsBuiltin reports whether name is a built-in field of target (core or
// optional) rather than an extra field.
func IsBuiltin(t fielddefinition.Target, name string) bool {
	return slices.ContainsFunc(builtinFields[t], func(f BuiltinField) bool { return f.Name == name })
}

func isCore(t fielddefinition.Target, name string) bool {
	b, ok := builtin(t, name)
	return ok && b.Core
}

func builtin(t fielddefinition.Target, name string) (BuiltinField, bool) {
	i := slices.IndexFunc(builtinFields[t], func(f BuiltinField) bool { return f.Name == name })
	if i < 0 {
		return BuiltinField{}, false
	}
	return builtinFields[t][i], true
}

// CreateFieldDefinition defines a field of accounts, users or applications.
func (s *Service) CreateFieldDefinition(ctx context.Context, in ent.CreateFieldDefinitionInput) (*ent.FieldDefinition, error) {
	if err := checkDefinition(in.Target, in.Name, in.Choices); err != nil {
		return nil, err
	}
	var out *ent.FieldDefinition
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		out, err = c.FieldDefinition.Create().SetInput(in).Save(ctx)
		return err
	})
	return out, err
}

// UpdateFieldDefinition changes a field definition's label and rules.
func (s *Service) UpdateFieldDefinition(ctx context.Context, id int, in ent.UpdateFieldDefinitionInput) (*ent.FieldDefinition, error) {
	var out *ent.FieldDefinition
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.FieldDefinition.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "field definition %d not found", id)
		}
		choices := cur.Choices
		if in.ClearChoices {
			choices = nil
		}
		if in.Choices != nil {
			choices = in.Choices
		}
		if in.AppendChoices != nil {
			choices = append(slices.Clone(choices), in.AppendChoices...)
		}
		if err := checkDefinition(cur.Target, cur.Name, choices); err != nil {
			return err
		}
		out, err = c.FieldDefinition.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return out, err
}

// DeleteFieldDefinition removes a field definition; values already stored
// stay with their records.
func (s *Service) DeleteFieldDefinition(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		return problem.NotFoundIf(c.FieldDefinition.DeleteOneID(id).Exec(ctx), "field definition %d not found", id)
	})
}

func checkDefinition(t fielddefinition.Target, name string, choices []string) error {
	if name == "vat_rate" && len(choices) > 0 {
		return problem.Invalid("choices", "vat_rate is a number and takes no choices")
	}
	if name == "extra_fields" || name == "billing_address_parts" || name == "password" {
		return problem.Invalid("name", "%q is reserved", name)
	}
	_ = t
	return nil
}

// Fields are the values of a record's fields by name (built-in and extra).
type Fields map[string]string

// writer says who writes fields: developer-facing calls obey read-only and
// hidden definitions and required fields; admins may leave required fields
// empty (3scale lets admins skip them) but keep every other rule.
type writer int

const (
	byAdmin writer = iota
	byDeveloper
)

// definitions loads a tenant's field definitions of target by name.
func definitions(ctx context.Context, c *ent.Client, t fielddefinition.Target) (map[string]*ent.FieldDefinition, error) {
	defs, err := c.FieldDefinition.Query().Where(fielddefinition.TargetEQ(t)).
		Order(ent.Asc(fielddefinition.FieldPosition), ent.Asc(fielddefinition.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ent.FieldDefinition, len(defs))
	for _, d := range defs {
		out[d.Name] = d
	}
	return out, nil
}

// checkFields validates the values a write sets. creating says whether the
// record is new (required fields must then be given).
func checkFields(defs map[string]*ent.FieldDefinition, t fielddefinition.Target, values Fields, who writer, creating bool) error {
	for _, name := range slices.Sorted(maps.Keys(values)) {
		v := values[name]
		d := defs[name]
		if d == nil && !IsBuiltin(t, name) {
			return problem.Invalid(name, "is not a defined field")
		}
		if who == byDeveloper {
			if d == nil && !isCore(t, name) {
				return problem.Invalid(name, "is not a defined field")
			}
			if d != nil && d.Hidden {
				return problem.Invalid(name, "is not a defined field")
			}
			if d != nil && d.ReadOnly {
				return problem.Invalid(name, "is read-only")
			}
		}
		if d != nil && len(d.Choices) > 0 && v != "" && !slices.Contains(d.Choices, v) {
			return problem.Invalid(name, "must be one of: %s", strings.Join(d.Choices, ", "))
		}
		if name == "vat_rate" && v != "" {
			if _, err := decimal.NewFromString(v); err != nil {
				return problem.Invalid(name, "must be a number such as 21 or 23.5")
			}
		}
		if b, ok := builtin(t, name); ok && b.NotEmpty && strings.TrimSpace(v) == "" {
			return problem.Invalid(name, "must not be empty")
		}
		if t == fielddefinition.TargetUSER && name == "email" {
			if a, err := netmail.ParseAddress(v); err != nil || a.Address != v {
				return problem.Invalid(name, "is not an email address")
			}
		}
	}
	if who == byDeveloper {
		for _, name := range slices.Sorted(maps.Keys(defs)) {
			d := defs[name]
			if !d.Required || d.Hidden || d.ReadOnly {
				continue
			}
			v, given := values[name]
			if (creating && strings.TrimSpace(v) == "") || (given && strings.TrimSpace(v) == "") {
				return problem.Invalid(name, "is required")
			}
		}
	}
	return nil
}

// checkExtra validates an admin write's extra fields and VAT rate; a
// refusal of an extra field is marked as concerning a key of extraFields.
func checkExtra(ctx context.Context, c *ent.Client, t fielddefinition.Target, extra map[string]string, more Fields) error {
	if len(extra) == 0 && len(more) == 0 {
		return nil
	}
	values := Fields{}
	for k, v := range extra {
		if IsBuiltin(t, k) {
			return problem.In(problem.Invalid(k, "is a built-in field, not an extra field"), "extraFields")
		}
		values[k] = v
	}
	maps.Copy(values, more)
	err := adminWrite(ctx, c, t, values)
	if p := problem.Classify(err); p != nil {
		if _, ok := extra[p.Field]; ok {
			// A refusal of an extra field names its key in extraFields.
			return problem.In(err, "extraFields")
		}
	}
	return err
}

// FieldView is a field of a record with its value and its definition's
// rules, which bind developers.
type FieldView struct {
	Name, Label, Hint string
	Value             *string
	Required          bool
	ReadOnly          bool
	Choices           []string
	// Hidden, Defined, Core, BuiltIn and NotEmpty matter to the team's view
	// only: developers see defined, not hidden fields, with NotEmpty folded
	// into Required.
	Hidden, Defined, Core, BuiltIn, NotEmpty bool
}

// ordered lists definitions in their display order.
func ordered(defs map[string]*ent.FieldDefinition) []*ent.FieldDefinition {
	list := slices.Collect(maps.Values(defs))
	slices.SortFunc(list, func(a, b *ent.FieldDefinition) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return a.ID - b.ID
	})
	return list
}

// fieldView is the field name of target with its value and definition (nil
// when none names it).
func fieldView(t fielddefinition.Target, name string, d *ent.FieldDefinition, values Fields) FieldView {
	fv := FieldView{Name: name, Label: name, Choices: []string{}}
	if b, ok := builtin(t, name); ok {
		fv.Label, fv.Core, fv.BuiltIn, fv.NotEmpty, fv.Required = b.Label, b.Core, true, b.NotEmpty, b.NotEmpty
	}
	if d != nil {
		fv.Label, fv.Hint, fv.Defined = d.Label, d.Hint, true
		fv.Required = fv.Required || d.Required
		fv.ReadOnly, fv.Hidden = d.ReadOnly, d.Hidden
		if d.Choices != nil {
			fv.Choices = d.Choices
		}
	}
	if v, ok := values[name]; ok && v != "" {
		fv.Value = &v
	}
	return fv
}

// visible lists the defined, not hidden fields of a record of target for
// developers, each as the team sees it (a field no record can be without is
// required whatever its definition says).
func visible(defs map[string]*ent.FieldDefinition, t fielddefinition.Target, values Fields) []FieldView {
	out := []FieldView{}
	for _, d := range ordered(defs) {
		if !d.Hidden {
			out = append(out, fieldView(t, d.Name, d, values))
		}
	}
	return out
}

// teamView lists every field of a record of target for its team, so that
// no stored value is out of their sight: the core fields first, then the
// defined fields in their order, then the built-in fields no definition
// names (an account's VAT and billing address), then values kept under
// names no definition names any more, by name.
func teamView(defs map[string]*ent.FieldDefinition, t fielddefinition.Target, values Fields) []FieldView {
	out := []FieldView{}
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, fieldView(t, name, defs[name], values))
		}
	}
	for _, b := range builtinFields[t] {
		if b.Core {
			add(b.Name)
		}
	}
	for _, d := range ordered(defs) {
		add(d.Name)
	}
	for _, b := range builtinFields[t] {
		add(b.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if values[name] != "" {
			add(name)
		}
	}
	return out
}

// accountFields returns every field value of an account by name.
func accountFields(a *ent.Account) Fields {
	f := Fields{"org_name": a.OrgName, "vat_code": a.VatCode, "billing_address": a.BillingAddress}
	if a.VatRate != nil {
		f["vat_rate"] = a.VatRate.String()
	}
	for _, p := range billingParts {
		if v := a.BillingAddressParts[strings.TrimPrefix(p, "billing_address_")]; v != "" {
			f[p] = v
		}
	}
	maps.Copy(f, a.ExtraFields)
	return f
}

func userFields(u *ent.User) Fields {
	f := Fields{"username": u.Username, "email": u.Email, "first_name": u.FirstName, "last_name": u.LastName}
	maps.Copy(f, u.ExtraFields)
	return f
}

// applyAccountFields sets developer-given values on an account mutation.
func applyAccountFields(m *ent.AccountMutation, cur map[string]string, parts map[string]string, values Fields) {
	extra := maps.Clone(cur)
	if extra == nil {
		extra = map[string]string{}
	}
	parts = maps.Clone(parts)
	if parts == nil {
		parts = map[string]string{}
	}
	extraChanged, partsChanged := false, false
	for k, v := range values {
		switch {
		case k == "org_name":
			m.SetOrgName(v)
		case k == "vat_code":
			m.SetVatCode(v)
		case k == "vat_rate":
			if v == "" {
				m.ClearVatRate()
			} else {
				d, _ := decimal.NewFromString(v)
				m.SetVatRate(d)
			}
		case k == "billing_address":
			m.SetBillingAddress(v)
		case slices.Contains(billingParts, k):
			setOrClear(parts, strings.TrimPrefix(k, "billing_address_"), v)
			partsChanged = true
		default:
			setOrClear(extra, k, v)
			extraChanged = true
		}
	}
	if extraChanged {
		m.SetExtraFields(extra)
	}
	if partsChanged {
		m.SetBillingAddressParts(parts)
	}
}

// applyUserFields sets values on a user mutation.
func applyUserFields(m *ent.UserMutation, cur map[string]string, values Fields) {
	applyFields(map[string]func(string){"username": m.SetUsername, "email": m.SetEmail,
		"first_name": m.SetFirstName, "last_name": m.SetLastName}, cur, m.SetExtraFields, values)
}

// applyFields sets values on a mutation: the fields own names through
// their setters, the others in a copy of the record's extra fields cur,
// which setExtra then stores.
func applyFields(own map[string]func(string), cur map[string]string, setExtra func(map[string]string), values Fields) {
	extra := maps.Clone(cur)
	if extra == nil {
		extra = map[string]string{}
	}
	changed := false
	for k, v := range values {
		if set, ok := own[k]; ok {
			set(v)
			continue
		}
		setOrClear(extra, k, v)
		changed = true
	}
	if changed {
		setExtra(extra)
	}
}

// setOrClear sets m[k] to v, or removes k when v is empty.
func setOrClear(m map[string]string, k, v string) {
	if v == "" {
		delete(m, k)
		return
	}
	m[k] = v
}

func applicationFields(a *ent.Application) Fields {
	f := Fields{"name": a.Name, "description": a.Description}
	maps.Copy(f, a.ExtraFields)
	return f
}

// applyApplicationFields sets values on an application mutation.
func applyApplicationFields(m *ent.ApplicationMutation, cur map[string]string, values Fields) {
	applyFields(map[string]func(string){"name": m.SetName, "description": m.SetDescription}, cur, m.SetExtraFields, values)
}

// TeamFields lists every field of a record of target whose values are
// values, as its team sees them (see teamView); with no values, the fields
// a new record's form offers.
func (s *Service) TeamFields(ctx context.Context, t fielddefinition.Target, values Fields) ([]FieldView, error) {
	defs, err := definitions(ctx, store.Client(ctx, s.client), t)
	if err != nil {
		return nil, err
	}
	return teamView(defs, t, values), nil
}

// AccountFields, UserFields and ApplicationFields list a record's fields as
// its team sees them.
func (s *Service) AccountFields(ctx context.Context, a *ent.Account) ([]FieldView, error) {
	return s.TeamFields(ctx, fielddefinition.TargetACCOUNT, accountFields(a))
}

func (s *Service) UserFields(ctx context.Context, u *ent.User) ([]FieldView, error) {
	return s.TeamFields(ctx, fielddefinition.TargetUSER, userFields(u))
}

func (s *Service) ApplicationFields(ctx context.Context, a *ent.Application) ([]FieldView, error) {
	return s.TeamFields(ctx, fielddefinition.TargetAPPLICATION, applicationFields(a))
}

// adminWrite checks the values an admin writes to a record of target:
// built-in or defined names, choices, formats, core fields kept non-empty.
func adminWrite(ctx context.Context, c *ent.Client, t fielddefinition.Target, values Fields) error {
	defs, err := definitions(ctx, c, t)
	if err != nil {
		return err
	}
	return checkFields(defs, t, values, byAdmin, false)
}

// updateFields loads, in one transaction, the record (a what) with id
// and sets its fields with set.
func updateFields[T any](ctx context.Context, s *Service, what string, id int, values Fields,
	get func(context.Context, *ent.Client, int) (T, error),
	set func(context.Context, *ent.Client, T, Fields) (T, error)) (T, error) {
	var out T
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return problem.NotFoundIf(err, "%s %d not found", what, id)
		}
		out, err = set(ctx, c, cur, values)
		return problem.In(err, "fields")
	})
	return out, err
}

// UpdateAccountFields sets an account's fields by name, as an admin: any
// built-in field and any defined extra field, hidden and read-only ones
// included; an empty value clears a field.
func (s *Service) UpdateAccountFields(ctx context.Context, id int, values Fields) (*ent.Account, error) {
	return updateFields(ctx, s, "account", id, values, func(ctx context.Context, c *ent.Client, id int) (*ent.Account, error) {
		return c.Account.Get(ctx, id)
	}, setAccountFields)
}

// UpdateUserFields and UpdateApplicationFields set a user's and an
// application's fields by name, as UpdateAccountFields does an account's.
func (s *Service) UpdateUserFields(ctx context.Context, id int, values Fields) (*ent.User, error) {
	return updateFields(ctx, s, "user", id, values, func(ctx context.Context, c *ent.Client, id int) (*ent.User, error) {
		return c.User.Get(ctx, id)
	}, setUserFields)
}

func (s *Service) UpdateApplicationFields(ctx context.Context, id int, values Fields) (*ent.Application, error) {
	return updateFields(ctx, s, "application", id, values, func(ctx context.Context, c *ent.Client, id int) (*ent.Application, error) {
		return c.Application.Get(ctx, id)
	}, setApplicationFields)
}

func setAccountFields(ctx context.Context, c *ent.Client, a *ent.Account, values Fields) (*ent.Account, error) {
	if err := adminWrite(ctx, c, fielddefinition.TargetACCOUNT, values); err != nil {
		return nil, err
	}
	upd := c.Account.UpdateOne(a)
	applyAccountFields(upd.Mutation(), a.ExtraFields, a.BillingAddressParts, values)
	return upd.Save(ctx)
}

func setUserFields(ctx context.Context, c *ent.Client, u *ent.User, values Fields) (*ent.User, error) {
	if err := adminWrite(ctx, c, fielddefinition.TargetUSER, values); err != nil {
		return nil, err
	}
	upd := c.User.UpdateOne(u)
	applyUserFields(upd.Mutation(), u.ExtraFields, values)
	return upd.Save(ctx)
}

func setApplicationFields(ctx context.Context, c *ent.Client, a *ent.Application, values Fields) (*ent.Application, error) {
	if err := adminWrite(ctx, c, fielddefinition.TargetAPPLICATION, values); err != nil {
		return nil, err
	}
	upd := c.Application.UpdateOne(a)
	applyApplicationFields(upd.Mutation(), a.ExtraFields, values)
	return upd.Save(ctx)
}
