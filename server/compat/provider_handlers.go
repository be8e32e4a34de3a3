package compat

import (
	"net/http"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/problem"
)

// The provider's own account, its settings and its field definitions, spec
// §2.1, §2.12 and §3.1.

type providerRep struct {
	ID                  int         `json:"id" xml:"id"`
	CreatedAt           string      `json:"created_at" xml:"created_at"`
	UpdatedAt           string      `json:"updated_at" xml:"updated_at"`
	State               string      `json:"state" xml:"state"`
	Annotations         annotations `json:"annotations" xml:"annotations"`
	AdminDomain         string      `json:"admin_domain" xml:"admin_domain"`
	Domain              string      `json:"domain" xml:"domain"`
	AdminBaseURL        string      `json:"admin_base_url" xml:"admin_base_url"`
	BaseURL             string      `json:"base_url" xml:"base_url"`
	FromEmail           string      `json:"from_email" xml:"from_email"`
	SupportEmail        string      `json:"support_email" xml:"support_email"`
	FinanceSupportEmail string      `json:"finance_support_email" xml:"finance_support_email"`
	SiteAccessCode      string      `json:"site_access_code" xml:"site_access_code"`
	OrgName             string      `json:"org_name" xml:"org_name"`
	VatCode             string      `json:"vat_code,omitempty" xml:"vat_code,omitempty"`
	Links               []link      `json:"links" xml:"-"`
}

func (c *Call) providerOf(t *ent.Tenant) providerRep {
	scheme := strings.SplitN(c.Origin(), "://", 2)[0] + "://"
	r := providerRep{ID: t.ID, CreatedAt: c.stamp(t.CreatedAt), UpdatedAt: c.stamp(t.UpdatedAt),
		State: strings.ToLower(string(t.State)), Annotations: annotations{}, AdminDomain: t.AdminDomain,
		Domain: t.DeveloperDomain, AdminBaseURL: scheme + t.AdminDomain, FromEmail: t.FromEmail, SupportEmail: t.SupportEmail,
		OrgName: t.OrgName, VatCode: t.VatCode, Links: []link{c.link("self", "/admin/api/provider")}}
	if t.DeveloperDomain != "" {
		r.BaseURL = scheme + t.DeveloperDomain
	}
	return r
}

// Provider reads the provider's own account.
// GET /admin/api/provider
func (a *API) Provider(c *Call) error {
	t, err := a.client.Tenant.Get(c.Context(), c.Tenant.ID)
	if err != nil {
		return err
	}
	return c.ok("account", c.providerOf(t))
}

// UpdateProvider changes the provider's from and support emails.
// PUT /admin/api/provider
func (a *API) UpdateProvider(c *Call) error {
	p, err := c.Params("account")
	if err != nil {
		return err
	}
	if err := refuseUnsupported(p); err != nil {
		return err
	}
	t, err := a.audience.UpdateTenant(c.Context(), ent.UpdateTenantInput{FromEmail: p.String("from_email"), SupportEmail: p.String("support_email")})
	if err != nil {
		return err
	}
	return c.ok("account", c.providerOf(t))
}

// refuseUnsupported refuses the provider fields 3scale accepts that Portico
// does not keep.
func refuseUnsupported(p *Params) error {
	for _, unsupported := range []string{"finance_support_email", "site_access_code"} {
		if p.Text(unsupported) != "" {
			return problem.Invalid(unsupported, "is not supported")
		}
	}
	return nil
}

type settingsRep struct {
	UserAccountAreaEnabled      bool   `json:"useraccountarea_enabled"`
	HideService                 bool   `json:"hide_service"`
	SignupsEnabled              bool   `json:"signups_enabled"`
	AccountApprovalRequired     bool   `json:"account_approval_required"`
	StrongPasswordsEnabled      bool   `json:"strong_passwords_enabled"`
	PublicSearch                bool   `json:"public_search"`
	AccountPlansUIVisible       bool   `json:"account_plans_ui_visible"`
	ChangeAccountPlanPermission string `json:"change_account_plan_permission"`
	ServicePlansUIVisible       bool   `json:"service_plans_ui_visible"`
	ChangeServicePlanPermission string `json:"change_service_plan_permission"`
	EnforceSSO                  bool   `json:"enforce_sso"`
}

func settingsOf(t *ent.Tenant) settingsRep {
	return settingsRep{UserAccountAreaEnabled: t.DeveloperDetailsEditable, SignupsEnabled: t.SignupsEnabled,
		AccountApprovalRequired: t.AccountApprovalRequired, StrongPasswordsEnabled: t.StrongPasswords,
		AccountPlansUIVisible: t.AccountPlansUIVisible, ServicePlansUIVisible: t.ServicePlansUIVisible,
		ChangeAccountPlanPermission: strings.ToLower(string(t.ChangeAccountPlanPermission)),
		ChangeServicePlanPermission: strings.ToLower(string(t.ChangeServicePlanPermission))}
}

// Settings reads the tenant's settings (JSON only).
// GET /admin/api/settings
func (a *API) Settings(c *Call) error {
	t, err := a.client.Tenant.Get(c.Context(), c.Tenant.ID)
	if err != nil {
		return err
	}
	return c.ok("settings", settingsOf(t))
}

// UpdateSettings changes the signup and developer-account switches.
// PUT /admin/api/settings
func (a *API) UpdateSettings(c *Call) error {
	p, err := c.Params("settings")
	if err != nil {
		return err
	}
	var in ent.UpdateTenantInput
	if in.SignupsEnabled, err = p.Bool("signups_enabled"); err != nil {
		return err
	}
	if in.AccountApprovalRequired, err = p.Bool("account_approval_required"); err != nil {
		return err
	}
	if in.StrongPasswords, err = p.Bool("strong_passwords_enabled"); err != nil {
		return err
	}
	if in.DeveloperDetailsEditable, err = p.Bool("useraccountarea_enabled"); err != nil {
		return err
	}
	if in.AccountPlansUIVisible, err = p.Bool("account_plans_ui_visible"); err != nil {
		return err
	}
	if in.ServicePlansUIVisible, err = p.Bool("service_plans_ui_visible"); err != nil {
		return err
	}
	if s := p.Text("change_account_plan_permission"); s != "" {
		v := tenant.ChangeAccountPlanPermission(strings.ToUpper(s))
		if tenant.ChangeAccountPlanPermissionValidator(v) != nil {
			return problem.Invalid("change_account_plan_permission", "is not included in the list")
		}
		in.ChangeAccountPlanPermission = &v
	}
	if s := p.Text("change_service_plan_permission"); s != "" {
		v := tenant.ChangeServicePlanPermission(strings.ToUpper(s))
		if tenant.ChangeServicePlanPermissionValidator(v) != nil {
			return problem.Invalid("change_service_plan_permission", "is not included in the list")
		}
		in.ChangeServicePlanPermission = &v
	}
	t, err := a.audience.UpdateTenant(c.Context(), in)
	if err != nil {
		return err
	}
	return c.ok("settings", settingsOf(t))
}

type fieldDefinitionRep struct {
	ID        int      `json:"id" xml:"id"`
	CreatedAt string   `json:"created_at" xml:"created_at"`
	UpdatedAt string   `json:"updated_at" xml:"updated_at"`
	Target    string   `json:"target" xml:"target"`
	Hidden    bool     `json:"hidden" xml:"hidden"`
	Required  bool     `json:"required" xml:"required"`
	Label     string   `json:"label" xml:"label"`
	Name      string   `json:"name" xml:"name"`
	Choices   []string `json:"choices" xml:"choices>choice"`
	ReadOnly  bool     `json:"read_only" xml:"read_only"`
	Position  int      `json:"position" xml:"position"`
}

// 3scale's names of field-definition targets.
var targetNames = map[fielddefinition.Target]string{
	fielddefinition.TargetACCOUNT: "Account", fielddefinition.TargetUSER: "User", fielddefinition.TargetAPPLICATION: "Cinstance",
}

func (c *Call) fieldDefinitionOf(d *ent.FieldDefinition) fieldDefinitionRep {
	choices := d.Choices
	if choices == nil {
		choices = []string{}
	}
	return fieldDefinitionRep{ID: d.ID, CreatedAt: c.stamp(d.CreatedAt), UpdatedAt: c.stamp(d.UpdatedAt),
		Target: targetNames[d.Target], Hidden: d.Hidden, Required: d.Required, Label: d.Label, Name: d.Name,
		Choices: choices, ReadOnly: d.ReadOnly, Position: d.Position}
}

func (a *API) fieldDefinition(c *Call) (*ent.FieldDefinition, error) {
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	d, err := a.client.FieldDefinition.Get(c.Context(), id)
	return d, problem.NotFoundIf(err, "field definition %d not found", id)
}

// FieldDefinitions lists the tenant's field definitions.
// GET /admin/api/fields_definitions
func (a *API) FieldDefinitions(c *Call) error {
	ds, err := a.client.FieldDefinition.Query().
		Order(ent.Asc(fielddefinition.FieldTarget), ent.Asc(fielddefinition.FieldPosition), ent.Asc(fielddefinition.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	items := make([]fieldDefinitionRep, len(ds))
	for i, d := range ds {
		items[i] = c.fieldDefinitionOf(d)
	}
	return RespondList(c, "fields_definitions", "fields_definition", items, nil)
}

// FieldDefinition reads one field definition.
func (a *API) FieldDefinition(c *Call) error {
	d, err := a.fieldDefinition(c)
	if err != nil {
		return err
	}
	return c.ok("fields_definition", c.fieldDefinitionOf(d))
}

// CreateFieldDefinition defines a field of accounts, users or applications.
// POST /admin/api/fields_definitions
func (a *API) CreateFieldDefinition(c *Call) error {
	p, err := c.Params("fields_definition")
	if err != nil {
		return err
	}
	target, err := p.required("target")
	if err != nil {
		return err
	}
	in := ent.CreateFieldDefinitionInput{}
	for t, name := range targetNames {
		if strings.EqualFold(name, target) || strings.EqualFold(string(t), target) {
			in.Target = t
		}
	}
	if in.Target == "" {
		return problem.Invalid("target", "is not included in the list")
	}
	if in.Name, err = p.required("name"); err != nil {
		return err
	}
	if in.Label, err = p.required("label"); err != nil {
		return err
	}
	if in.Required, err = p.Bool("required"); err != nil {
		return err
	}
	if in.Hidden, err = p.Bool("hidden"); err != nil {
		return err
	}
	if in.ReadOnly, err = p.Bool("read_only"); err != nil {
		return err
	}
	if in.Position, err = p.Int("position"); err != nil {
		return err
	}
	in.Choices = p.Strings("choices")
	d, err := a.audience.CreateFieldDefinition(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("fields_definition", c.fieldDefinitionOf(d))
}

// UpdateFieldDefinition changes a field definition's label and rules.
func (a *API) UpdateFieldDefinition(c *Call) error {
	cur, err := a.fieldDefinition(c)
	if err != nil {
		return err
	}
	p, err := c.Params("fields_definition")
	if err != nil {
		return err
	}
	in := ent.UpdateFieldDefinitionInput{Label: p.String("label")}
	if in.Required, err = p.Bool("required"); err != nil {
		return err
	}
	if in.Hidden, err = p.Bool("hidden"); err != nil {
		return err
	}
	if in.ReadOnly, err = p.Bool("read_only"); err != nil {
		return err
	}
	if in.Position, err = p.Int("position"); err != nil {
		return err
	}
	if p.Has("choices") {
		in.Choices = p.Strings("choices")
		if in.Choices == nil {
			in.ClearChoices = true
		}
	}
	d, err := a.audience.UpdateFieldDefinition(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok("fields_definition", c.fieldDefinitionOf(d))
}

// DeleteFieldDefinition removes a field definition.
func (a *API) DeleteFieldDefinition(c *Call) error {
	d, err := a.fieldDefinition(c)
	if err != nil {
		return err
	}
	if err := a.audience.DeleteFieldDefinition(c.Context(), d.ID); err != nil {
		return err
	}
	c.W.Header().Set("Content-Type", c.Format.contentType())
	c.W.WriteHeader(http.StatusOK)
	return nil
}
