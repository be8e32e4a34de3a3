package notify

import "github.com/portico-apim/portico/server/mail"

// The emails notify sends, as templates a tenant may edit (package mail).
// A notification whose sender names no template of its own is emailed
// with emailNotification.
const (
	emailNotification   = "notification"
	emailDeveloperAlert = "usage_alert.developer"
	preferencesPath     = "/settings/personal/notifications"
)

// NotificationEmail is the data of a notification's email to a team user.
type NotificationEmail struct {
	Kind           string // the catalogue entry, such as account_pending_approval
	Title          string // the one-line summary
	Body           string // more, possibly empty
	URL            string // the admin console address it is about, possibly empty
	OrgName        string // the provider's organization
	PreferencesURL string // where the user chooses their emails
}

// DeveloperAlertEmail is the data of a usage alert emailed to an
// application's developers.
type DeveloperAlertEmail struct {
	Application string
	Product     string
	Metric      string
	Period      string // minute … eternity
	Level       int    // percent of the limit
	Value, Max  int64
	OrgName     string // the provider's organization
}

// EmailTemplates are the emails this package sends, for the mail
// service's catalogue (mail.Config.Templates).
func EmailTemplates() []mail.Template {
	return []mail.Template{
		{
			Name:        emailNotification,
			Title:       "Team notification",
			Description: "A notification emailed to a team user who chose email for its kind (signups, subscriptions, plan changes, usage alerts, payment problems…), unless the kind has a template of its own.",
			Subject:     "{{.Title}}",
			Body: `{{.Title}}
{{if .Body}}
{{.Body}}
{{end}}{{if .URL}}
Open it in the admin portal:
{{.URL}}
{{end}}
--
You receive this email as a member of the {{.OrgName}} team. Choose which notifications you receive by email in Account Settings › Personal › Notification Preferences:
{{.PreferencesURL}}
`,
			Sample: NotificationEmail{Kind: AccountPendingApproval, Title: "Acme signed up and awaits approval",
				Body: "Review the account and approve or reject it from its page.", URL: "https://admin.example.com/audience/accounts/42",
				OrgName: "Provider", PreferencesURL: "https://admin.example.com" + preferencesPath},
		},
		{
			Name:        emailDeveloperAlert,
			Title:       "Usage alert for developers",
			Description: "Sent to the admins of an application's account when its usage reaches a level the product alerts developers at.",
			Subject:     "Usage alert: {{.Application}} reached {{.Level}}% of its {{.Period}} limit of {{.Metric}}",
			Body: `Your application {{.Application}} on {{.Product}} has used {{.Value}} of its {{.Max}} {{.Metric}} this {{.Period}} ({{.Level}}% of the limit).

Once a limit is reached, calls over it are refused until the period ends. Ask {{.OrgName}} for a plan with higher limits if you need more.
`,
			Sample: DeveloperAlertEmail{Application: "Forecast", Product: "Weather API", Metric: "hits", Period: "day", Level: 80,
				Value: 800, Max: 1000, OrgName: "Provider"},
		},
	}
}
