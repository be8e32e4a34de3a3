// Package catalog owns what a provider offers: products, backends, metrics and
// methods, mapping rules, plans with their limits, pricing rules and features,
// and service tokens. It enforces the rules that span entities.
package catalog
