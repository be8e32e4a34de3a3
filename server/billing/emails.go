package billing

import "github.com/portico-apim/portico/server/mail"

// The emails billing sends, as templates a tenant may edit (package mail).
const (
	emailInvoiceIssued       = "invoice.issued"
	emailInvoicePaid         = "invoice.paid"
	emailPaymentFailed       = "invoice.payment_failed"
	emailPaymentFailedFinal  = "invoice.payment_failed_final"
	emailCardExpiring        = "card.expiring"
	emailInvoicesUnderReview = "invoices.awaiting_review"
)

// InvoiceEmail is the data of the email telling a buyer an invoice was
// issued.
type InvoiceEmail struct {
	OrgName   string // the provider's organization
	InvoiceID string // the invoice's friendly id, such as 2026-01-00000001
	Period    string // the billed month, such as 2026-01
	Amount    string // the total, with two decimals
	Currency  string
	DueOn     string // YYYY-MM-DD
	// ChargedAutomatically is set when the invoice will be charged to the
	// buyer's card on file.
	ChargedAutomatically bool
	PDFURL               string
}

// PaymentEmail is the data of the emails about a charge of an invoice.
type PaymentEmail struct {
	OrgName   string
	InvoiceID string
	Amount    string // the amount charged, with two decimals
	Currency  string
	// Reason is why the charge failed, as the payment gateway said it.
	Reason string
	// NextAttempt is the date of the next charge (YYYY-MM-DD), when one
	// follows.
	NextAttempt string
}

// CardEmail is the data of the warning about an expiring card.
type CardEmail struct {
	OrgName string
	// Brand and Last4 describe the card when the gateway told them.
	Brand string
	Last4 string
	// ExpiryMonth is the last month the card works, such as March 2026.
	ExpiryMonth string
	// Expired is set when the card no longer works.
	Expired bool
}

// ReviewEmail is the data of the email listing invoices awaiting review.
type ReviewEmail struct {
	OrgName  string
	Invoices []ReviewedInvoice
}

// ReviewedInvoice is one invoice in a ReviewEmail.
type ReviewedInvoice struct {
	InvoiceID string
	Amount    string
	Currency  string
}

var (
	sampleInvoice = InvoiceEmail{OrgName: "Example Corp", InvoiceID: "2026-01-00000001", Period: "2026-01",
		Amount: "120.00", Currency: "EUR", DueOn: "2026-02-15", ChargedAutomatically: true,
		PDFURL: "https://admin.example.com" + PDFPath(1)}
	samplePayment = PaymentEmail{OrgName: "Example Corp", InvoiceID: "2026-01-00000001", Amount: "120.00", Currency: "EUR",
		Reason: "Your card was declined.", NextAttempt: "2026-02-18"}
)

// EmailTemplates are the emails this package sends, for the mail
// service's catalogue (mail.Config.Templates).
func EmailTemplates() []mail.Template {
	return []mail.Template{
		{
			Name:        emailInvoiceIssued,
			Title:       "Invoice issued",
			Description: "Sent to the admins of a developer account when one of its invoices is issued, with the link to its PDF.",
			Subject:     "Invoice {{.InvoiceID}} from {{.OrgName}}",
			Body: `Invoice {{.InvoiceID}} of {{.OrgName}} for {{.Period}} is issued: {{.Amount}} {{.Currency}}, due on {{.DueOn}}.
{{if .ChargedAutomatically}}It will be charged to your card on file on {{.DueOn}}.
{{end}}
Download it: {{.PDFURL}}
`,
			Sample: sampleInvoice,
		},
		{
			Name:        emailInvoicePaid,
			Title:       "Payment received",
			Description: "Sent to the admins of a developer account when a charge of one of its invoices succeeds.",
			Subject:     "Payment received for invoice {{.InvoiceID}}",
			Body:        "{{.OrgName}} charged {{.Amount}} {{.Currency}} to your card for invoice {{.InvoiceID}}. Thank you.\n",
			Sample:      samplePayment,
		},
		{
			Name:  emailPaymentFailed,
			Title: "Payment failed",
			Description: "Sent to the admins of a developer account and to the finance support address when an automatic charge " +
				"of an invoice fails and will be tried again.",
			Subject: "Payment for invoice {{.InvoiceID}} failed",
			Body: `{{.OrgName}} could not charge {{.Amount}} {{.Currency}} to your card for invoice {{.InvoiceID}}: {{.Reason}}

It will try again on {{.NextAttempt}}. You can update your card before then.
`,
			Sample: samplePayment,
		},
		{
			Name:  emailPaymentFailedFinal,
			Title: "Payment failed for the last time",
			Description: "Sent to the admins of a developer account and to the finance support address when the last automatic " +
				"charge of an invoice fails and the invoice becomes failed.",
			Subject: "Payment for invoice {{.InvoiceID}} failed",
			Body: `{{.OrgName}} could not charge {{.Amount}} {{.Currency}} to your card for invoice {{.InvoiceID}}: {{.Reason}}

This was the last attempt: the invoice is now failed. Please contact {{.OrgName}} to settle it.
`,
			Sample: samplePayment,
		},
		{
			Name:        emailCardExpiring,
			Title:       "Credit card expiring",
			Description: "Sent once to the admins of a developer account whose stored card stops working within ten days.",
			Subject:     "Your credit card expires soon",
			Body: "{{if .Last4}}Your {{.Brand}} card ending in {{.Last4}}{{else}}Your card{{end}} " +
				"{{if .Expired}}has expired{{else}}expires at the end of {{.ExpiryMonth}}{{end}}. " +
				"{{.OrgName}} charges your invoices to it: please enter a new card before then, so that your next invoice can be paid.\n",
			Sample: CardEmail{OrgName: "Example Corp", Brand: "Visa", Last4: "4242", ExpiryMonth: "March 2026"},
		},
		{
			Name:        emailInvoicesUnderReview,
			Title:       "Invoices awaiting review",
			Description: "Sent to the provider's admins on the 1st of the month when finalized invoices wait for review before they are issued.",
			Subject:     "Invoices awaiting review",
			Body: `{{len .Invoices}} invoices are finalized and wait for review before they are issued:

{{range .Invoices}}{{.InvoiceID}}  {{.Amount}} {{.Currency}}
{{end}}`,
			Sample: ReviewEmail{OrgName: "Example Corp", Invoices: []ReviewedInvoice{
				{InvoiceID: "2026-01-00000001", Amount: "120.00", Currency: "EUR"},
				{InvoiceID: "2026-01-00000002", Amount: "0.00", Currency: "EUR"}}},
		},
	}
}
