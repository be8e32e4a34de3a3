package audience

import (
	"strings"

	"github.com/portico-apim/portico/server/mail"
)

// The emails and message texts audience sends, as templates a tenant may
// edit (package mail).
const (
	emailTeamInvitation      = "invitation.team"
	emailDeveloperInvitation = "invitation.developer"
	emailPasswordReset       = "password.reset"
	emailAccountMessage      = "message.to_account"
	emailDeveloperMessage    = "message.from_developer"
	emailPlanChangeRequested = "plan_change.requested"
	emailPlanChangeApplied   = "plan_change.applied"
	emailPlanChangeDeclined  = "plan_change.declined"
)

// invitationExpiry is how an invitation's expiry is written in its email.
const invitationExpiry = "Monday 2 January 2006 at 15:04 MST"

// TeamInvitationEmail is the data of the invitation to join a team.
type TeamInvitationEmail struct {
	Inviter   string // who invited, by name
	OrgName   string // the provider's organization
	AcceptURL string // the one-time link to accept
	ExpiresAt string // when the link stops working
}

// DeveloperInvitationEmail is the data of the invitation to join a
// developer account.
type DeveloperInvitationEmail struct {
	AccountName string // the developer account's organization
	OrgName     string // the provider's organization
	AcceptURL   string
	ExpiresAt   string
}

// PasswordResetEmail is the data of the email with a link to choose a new
// password.
type PasswordResetEmail struct {
	Username  string
	OrgName   string // the provider's organization
	ResetURL  string // the one-time link
	ExpiresAt string // when the link stops working
}

// AccountMessageEmail is the data of the email copy of a message the
// provider sent to a developer account.
type AccountMessageEmail struct {
	AccountName string
	Subject     string
	Body        string
}

// DeveloperMessageEmail is the data of the email telling the provider's
// admins of a developer's message.
type DeveloperMessageEmail struct {
	AccountName string
	Username    string
	Email       string
	Subject     string
	Body        string
	InboxPath   string // the message in the admin portal
}

// PlanChangeEmail is the data of the texts about an application's plan
// change request.
type PlanChangeEmail struct {
	Application   string
	Product       string
	CurrentPlan   string
	RequestedPlan string
	ChangePath    string // the request in the admin portal
}

var samplePlanChange = PlanChangeEmail{Application: "Mobile app", Product: "Weather API", CurrentPlan: "Basic",
	RequestedPlan: "Pro", ChangePath: "/audience/applications/1?planChangeRequest=1"}

// oneLine puts a subject written by someone on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// EmailTemplates are the emails this package sends, for the mail
// service's catalogue (mail.Config.Templates).
func EmailTemplates() []mail.Template {
	return []mail.Template{
		{
			Name:        emailTeamInvitation,
			Title:       "Team invitation",
			Description: "Sent to a person an admin invites to join the team of the admin portal, with a one-time link.",
			Subject:     "Invitation to join {{.OrgName}} on Portico",
			Body: `{{.Inviter}} invited you to join the {{.OrgName}} team on Portico, its API management portal.

Accept the invitation and choose your username and password here:

{{.AcceptURL}}

The link works once and expires on {{.ExpiresAt}}. If you did not expect this invitation, you can ignore this email.
`,
			Sample: TeamInvitationEmail{Inviter: "Jane Doe", OrgName: "Example Corp",
				AcceptURL: "https://admin.example.com/accept-invitation?token=sample", ExpiresAt: "Monday 2 March 2026 at 09:30 UTC"},
		},
		{
			Name:        emailPasswordReset,
			Title:       "Password reset",
			Description: "Sent to a team user who asked to reset a forgotten password, with a one-time link.",
			Subject:     "Reset your {{.OrgName}} password on Portico",
			Body: `Someone, probably you, asked to reset the password of {{.Username}} on the {{.OrgName}} admin portal.

Choose a new password here:

{{.ResetURL}}

The link works once and expires on {{.ExpiresAt}}. If you did not ask for it, ignore this email: your password stays as it is.
`,
			Sample: PasswordResetEmail{Username: "jane", OrgName: "Example Corp",
				ResetURL: "https://admin.example.com/reset-password?token=sample", ExpiresAt: "Monday 2 March 2026 at 09:30 UTC"},
		},
		{
			Name:        emailDeveloperInvitation,
			Title:       "Developer account invitation",
			Description: "Sent to a person invited to join a developer account, with a one-time link to the developer portal.",
			Subject:     "Invitation to join {{.AccountName}} on the {{.OrgName}} developer portal",
			Body: `You are invited to join {{.AccountName}} on the {{.OrgName}} developer portal.

Accept the invitation here:

{{.AcceptURL}}

The link works once and expires on {{.ExpiresAt}}.
`,
			Sample: DeveloperInvitationEmail{AccountName: "Acme", OrgName: "Example Corp",
				AcceptURL: "https://developer.example.com/signup?invitation_token=sample", ExpiresAt: "Monday 2 March 2026 at 09:30 UTC"},
		},
		{
			Name:        emailAccountMessage,
			Title:       "Message to a developer account",
			Description: "The email copy of a message sent to a developer account, to each of its admins.",
			Subject:     "{{.Subject}}",
			Body:        "{{.Body}}",
			Sample:      AccountMessageEmail{AccountName: "Acme", Subject: "Welcome", Body: "Your account is ready."},
		},
		{
			Name:        emailDeveloperMessage,
			Title:       "Message from a developer",
			Description: "Sent to the team's admins when a developer writes to the provider.",
			Subject:     "Message from {{.AccountName}}: {{.Subject}}",
			Body: `{{.AccountName}} ({{.Username}}, {{.Email}}) wrote:

{{.Body}}

Read and answer it: {{.InboxPath}}
`,
			Sample: DeveloperMessageEmail{AccountName: "Acme", Username: "jdoe", Email: "jdoe@acme.example", Subject: "Question",
				Body: "How do I rotate my keys?", InboxPath: "/audience/messages/inbox/1"},
		},
		{
			Name:        emailPlanChangeRequested,
			Title:       "Plan change requested",
			Description: "Sent to the team's admins when a developer asks to move an application to another plan.",
			Subject:     "Application plan change requested",
			Body: `A developer asks to change the plan of an application.

Application: {{.Application}}
Product: {{.Product}}
Current plan: {{.CurrentPlan}}
Requested plan: {{.RequestedPlan}}

Change plan: {{.ChangePath}}
`,
			Sample: samplePlanChange,
		},
		{
			Name:  emailPlanChangeApplied,
			Title: "Plan change applied",
			Description: "The message (in the developer account's inbox, and emailed to its admins) telling a developer " +
				"their application moved to the plan they asked for.",
			Subject: "Application plan changed",
			Body:    `Application {{printf "%q" .Application}} is now on plan {{printf "%q" .RequestedPlan}}, as you requested.`,
			Sample:  samplePlanChange,
		},
		{
			Name:  emailPlanChangeDeclined,
			Title: "Plan change declined",
			Description: "The message (in the developer account's inbox, and emailed to its admins) telling a developer " +
				"their plan change request was declined.",
			Subject: "Application plan change declined",
			Body:    `Your request to move application {{printf "%q" .Application}} to plan {{printf "%q" .RequestedPlan}} was declined.`,
			Sample:  samplePlanChange,
		},
	}
}
