// Package audience owns a provider's developers: accounts and their state
// machine, users, service subscriptions and applications with their
// credentials, plans and states.
package audience
