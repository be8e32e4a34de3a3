// Package auth authenticates principals: password logins issuing short-lived
// JWTs with rotating refresh tokens, access tokens for scripts, and the HTTP
// middleware that puts the resulting viewer into the request context.
package auth
