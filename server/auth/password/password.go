// Package password hashes and checks passwords with Argon2id (memory-hard)
// and holds the password policies.
package password

import (
	"sync"

	"github.com/alexedwards/argon2id"
)

// params are OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
var params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Hash returns the encoded Argon2id hash of pw.
func Hash(pw string) (string, error) { return argon2id.CreateHash(pw, params) }

// Verify reports whether pw matches hash. An empty hash never matches.
func Verify(pw, hash string) bool {
	if hash == "" {
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}

// dummy is compared against when a login names no user, so that unknown users
// and wrong passwords take the same time.
var dummy = sync.OnceValue(func() string {
	h, _ := Hash("portico-timing-equaliser")
	return h
})

// VerifyNothing spends the time of one verification.
func VerifyNothing(pw string) { _ = Verify(pw, dummy()) }
