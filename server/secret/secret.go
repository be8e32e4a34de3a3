// Package secret makes cryptographically random credentials and the one-way
// digests Portico stores instead of token values.
package secret

import (
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
)

// Hex returns n random bytes as 2n lower-case hexadecimal characters.
func Hex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return hex.EncodeToString(b)
}

// UserKey returns a new user_key (32 hex characters).
func UserKey() string { return Hex(16) }

// AppID returns a new app_id or client_id (8 hex characters).
func AppID() string { return Hex(4) }

// AppKey returns a new app_key or client secret (32 hex characters).
func AppKey() string { return Hex(16) }

// Token returns a new access token, service token, refresh token or
// provider key value (64 hex characters).
func Token() string { return Hex(32) }

// Digest is the stored form of a token value (SHA-384, hex).
func Digest(value string) string {
	sum := sha512.Sum384([]byte(value))
	return hex.EncodeToString(sum[:])
}
