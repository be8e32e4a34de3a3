package sso

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// stateAD binds sealed flow states to their use.
var stateAD = []byte("portico sso flow state v1")

// seal encrypts and authenticates fs (AES-256-GCM) with a key derived from
// the signing key in the database, so any replica can open it and the
// browser can neither read nor change it.
func (s *Service) seal(fs flowState) (string, error) {
	aead, err := s.aead()
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(fs)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, stateAD)), nil
}

// open decrypts a sealed flow state and checks it has not expired.
func (s *Service) open(sealed string) (flowState, error) {
	var fs flowState
	aead, err := s.aead()
	if err != nil {
		return fs, err
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return fs, errors.New("malformed flow state")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], stateAD)
	if err != nil {
		return fs, errors.New("flow state does not authenticate")
	}
	if err := json.Unmarshal(plain, &fs); err != nil {
		return fs, fmt.Errorf("decode flow state: %w", err)
	}
	if s.now().Unix() > fs.Expires {
		return fs, errors.New("flow state expired")
	}
	return fs, nil
}

func (s *Service) aead() (cipher.AEAD, error) {
	key, err := s.auth.DeriveKey("sso flow state")
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
