package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// KeySource derives a 32-byte key for a purpose from a secret every replica
// shares (the server's signing key).
type KeySource interface {
	DeriveKey(purpose string) ([]byte, error)
}

// Sealer encrypts and authenticates small values (AES-256-GCM) with a key
// derived for one purpose, binding each sealed value to that purpose: a
// value sealed for one use never opens for another.
type Sealer struct {
	Keys KeySource
	// Purpose names the key: it is what the key is derived for.
	Purpose string
	// AD is the associated data each value is bound to; Purpose when empty.
	AD string
	// Encoding is how sealed values are written; RawStdEncoding when nil.
	Encoding *base64.Encoding
}

func (s Sealer) aead() (cipher.AEAD, error) {
	key, err := s.Keys.DeriveKey(s.Purpose)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (s Sealer) ad() []byte {
	if s.AD != "" {
		return []byte(s.AD)
	}
	return []byte(s.Purpose)
}

func (s Sealer) enc() *base64.Encoding {
	if s.Encoding != nil {
		return s.Encoding
	}
	return base64.RawStdEncoding
}

// Seal returns plain encrypted under a fresh nonce.
func (s Sealer) Seal(plain []byte) (string, error) {
	aead, err := s.aead()
	if err != nil {
		return "", fmt.Errorf("seal %s: %w", s.Purpose, err)
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return s.enc().EncodeToString(aead.Seal(nonce, nonce, plain, s.ad())), nil
}

// Open returns what Seal sealed, or an error when sealed was changed, is
// malformed, or was sealed for another purpose or with another key.
func (s Sealer) Open(sealed string) ([]byte, error) {
	aead, err := s.aead()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", s.Purpose, err)
	}
	raw, err := s.enc().DecodeString(sealed)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("open %s: malformed sealed value", s.Purpose)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], s.ad())
	if err != nil {
		return nil, errors.New("open " + s.Purpose + ": sealed value does not authenticate")
	}
	return plain, nil
}
