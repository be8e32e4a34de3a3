package webhooks

import "slices"

// Events are the 16 switches of 3scale's webhook settings, in its order;
// each fires an event of one type and action.
var Events = []string{
	"account_created", "account_updated", "account_deleted",
	"user_created", "user_updated", "user_deleted",
	"application_created", "application_updated", "application_deleted",
	"account_plan_changed", "application_plan_changed", "application_user_key_updated",
	"application_key_created", "application_key_deleted", "application_suspended", "application_key_updated",
}

// IsEvent reports whether name is one of Events.
func IsEvent(name string) bool { return slices.Contains(Events, name) }

// eventOf maps an outbox event type to the webhook event it fires ("" for
// none): state transitions other than an application's suspension are
// updates, as in 3scale.
var eventOf = map[string]string{
	"account.created":                "account_created",
	"account.updated":                "account_updated",
	"account.deleted":                "account_deleted",
	"account.plan_changed":           "account_plan_changed",
	"account.approved":               "account_updated",
	"account.rejected":               "account_updated",
	"account.made_pending":           "account_updated",
	"account.suspended":              "account_updated",
	"account.resumed":                "account_updated",
	"account.scheduled_for_deletion": "account_updated",
	"account.state_changed":          "account_updated",
	"user.created":                   "user_created",
	"user.updated":                   "user_updated",
	"user.deleted":                   "user_deleted",
	"user.activated":                 "user_updated",
	"user.suspended":                 "user_updated",
	"user.unsuspended":               "user_updated",
	"user.state_changed":             "user_updated",
	"application.created":            "application_created",
	"application.updated":            "application_updated",
	"application.deleted":            "application_deleted",
	"application.plan_changed":       "application_plan_changed",
	"application.suspended":          "application_suspended",
	"application.accepted":           "application_updated",
	"application.resumed":            "application_updated",
	"application.state_changed":      "application_updated",
	"application.user_key_updated":   "application_user_key_updated",
	"application.key_added":          "application_key_created",
	"application.key_removed":        "application_key_deleted",
	"application.key_updated":        "application_key_updated",
}

// EventFor returns the webhook event an outbox event type fires, if any.
func EventFor(outboxType string) (string, bool) {
	e, ok := eventOf[outboxType]
	return e, ok
}

// typeAction splits a webhook event into 3scale's type and action
// (application_key_created: application, key_created).
func typeAction(event string) (string, string) {
	for _, t := range []string{"application", "account", "user"} {
		if len(event) > len(t) && event[:len(t)+1] == t+"_" {
			return t, event[len(t)+1:]
		}
	}
	return "", event
}
