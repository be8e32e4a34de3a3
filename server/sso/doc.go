// Package sso owns single sign-on to the admin portal through OpenID Connect
// providers (Keycloak / Red Hat SSO, Auth0, any conformant issuer): the
// tenants' integrations and the authorization code flow (PKCE, state, nonce)
// that ends in a Portico session.
package sso
