// Package auth authenticates principals: password logins (slowed down by
// bounded delays after failures) issuing short-lived JWTs with rotating
// refresh tokens, refused at once when their login ends, access tokens for
// scripts, and the HTTP middleware that puts the resulting viewer into the
// request context.
package auth
