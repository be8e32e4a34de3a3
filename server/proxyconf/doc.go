// Package proxyconf owns gateway configuration: a product's integration
// settings and policy chain, the registry of known policies, the
// configuration JSON gateways download (APIcast's proxy config), its
// versions per environment, promotion from staging to production and the
// difference between two versions. GraphQL resolvers and the REST
// compatibility handlers both call it.
package proxyconf
