package notify

import "github.com/portico-apim/portico/schema/viewer"

// Group gathers kinds on the preferences screen, as 3scale does.
type Group string

// The groups, in the order the preferences screen shows them.
const (
	GroupAccounts      Group = "ACCOUNTS"
	GroupApplications  Group = "APPLICATIONS"
	GroupSubscriptions Group = "SUBSCRIPTIONS"
	GroupBilling       Group = "BILLING"
	GroupAlerts        Group = "ALERTS"
)

// Kind is one entry of the notification catalogue.
type Kind struct {
	// Name identifies the kind (account_pending_approval).
	Name  string
	Group Group
	// Title and Description say what it is on the preferences screen.
	Title, Description string
	// Section is the area a member needs to receive it; admins receive
	// every kind.
	Section viewer.Section
	// Product says notifications of this kind concern one product, so
	// members limited to other products do not receive them.
	Product bool
	// Email is whether it is emailed when the user has not chosen.
	Email bool
}

// Kinds of notifications.
const (
	AccountCreated                  = "account_created"
	AccountPendingApproval          = "account_pending_approval"
	AccountApproved                 = "account_approved"
	AccountDeleted                  = "account_deleted"
	AccountPlanChangeRequested      = "account_plan_change_requested"
	MessageReceived                 = "message_received"
	ApplicationCreated              = "application_created"
	ApplicationPlanChangeRequested  = "application_plan_change_requested"
	ApplicationPlanChanged          = "application_plan_changed"
	ApplicationDeleted              = "application_deleted"
	SubscriptionCreated             = "service_subscription_created"
	SubscriptionPlanChangeRequested = "service_subscription_plan_change_requested"
	SubscriptionPlanChanged         = "service_subscription_plan_changed"
	SubscriptionCancelled           = "service_subscription_cancelled"
	PaymentFailed                   = "payment_failed"
	PaymentFailedFinal              = "payment_failed_final"
	CreditCardExpiring              = "credit_card_expiring"
	InvoicesToReview                = "invoices_to_review"
	UsageLimitApproaching           = "usage_limit_approaching"
	UsageLimitReached               = "usage_limit_reached"
)

// Catalog lists every kind, in the order the preferences screen shows them.
var Catalog = []Kind{
	{AccountCreated, GroupAccounts, "New account", "A developer account is created (by signup, the API or a teammate).", viewer.SectionPartners, false, true},
	{AccountPendingApproval, GroupAccounts, "Account awaiting approval", "A developer account waits for approval; the email links to it with its Approve action.", viewer.SectionPartners, false, true},
	{AccountApproved, GroupAccounts, "Account approved", "A developer account is approved.", viewer.SectionPartners, false, false},
	{AccountPlanChangeRequested, GroupAccounts, "Account plan change requested", "A developer asks for another account plan.", viewer.SectionPartners, false, true},
	{AccountDeleted, GroupAccounts, "Account deleted", "A developer account is deleted.", viewer.SectionPartners, false, true},
	{MessageReceived, GroupAccounts, "Message received", "A developer sends your team a message.", viewer.SectionPartners, false, true},
	{ApplicationCreated, GroupApplications, "New application", "An application is created on a product.", viewer.SectionPartners, true, true},
	{ApplicationPlanChangeRequested, GroupApplications, "Plan change requested", "A developer asks for another application plan.", viewer.SectionPartners, true, true},
	{ApplicationPlanChanged, GroupApplications, "Application plan changed", "An application moves to another plan.", viewer.SectionPartners, true, true},
	{ApplicationDeleted, GroupApplications, "Application deleted", "An application is deleted.", viewer.SectionPartners, true, true},
	{SubscriptionCreated, GroupSubscriptions, "New subscription", "A developer account subscribes to a product.", viewer.SectionPartners, true, true},
	{SubscriptionPlanChangeRequested, GroupSubscriptions, "Service plan change requested", "A developer asks for another service plan.", viewer.SectionPartners, true, true},
	{SubscriptionPlanChanged, GroupSubscriptions, "Subscription plan changed", "A subscription moves to another service plan.", viewer.SectionPartners, true, true},
	{SubscriptionCancelled, GroupSubscriptions, "Subscription cancelled", "A developer account's subscription to a product ends.", viewer.SectionPartners, true, true},
	{InvoicesToReview, GroupBilling, "Action required: review invoices", "Invoices are finalized and wait for review before they are issued (on the 1st).", viewer.SectionFinance, false, true},
	{PaymentFailed, GroupBilling, "Payment error (retry)", "A charge fails; the invoice is unpaid and will be charged again.", viewer.SectionFinance, false, true},
	{PaymentFailedFinal, GroupBilling, "Payment error (final)", "The last retry of a charge fails; the invoice has failed.", viewer.SectionFinance, false, true},
	{CreditCardExpiring, GroupBilling, "Expiring credit card", "A developer account's card is about to expire.", viewer.SectionFinance, false, true},
	{UsageLimitApproaching, GroupAlerts, "Usage approaching a limit", "An application reaches an alert level below 100 % of a limit.", viewer.SectionMonitoring, true, true},
	{UsageLimitReached, GroupAlerts, "Usage limit reached", "An application reaches 100 % of a limit or more.", viewer.SectionMonitoring, true, true},
}

// Lookup returns the kind named name.
func Lookup(name string) (Kind, bool) {
	for _, k := range Catalog {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}
