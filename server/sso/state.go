package sso

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/portico-apim/portico/server/secret"
)

// sealer encrypts and authenticates flow states (AES-256-GCM) with a key
// derived from the signing key in the database, so any replica can open
// them and the browser can neither read nor change them.
func (s *Service) sealer() secret.Sealer {
	return secret.Sealer{Keys: s.auth, Purpose: "sso flow state", AD: "portico sso flow state v1", Encoding: base64.RawURLEncoding}
}

// seal encrypts fs for the browser to carry.
func (s *Service) seal(fs flowState) (string, error) {
	plain, err := json.Marshal(fs)
	if err != nil {
		return "", err
	}
	return s.sealer().Seal(plain)
}

// open decrypts a sealed flow state and checks it has not expired.
func (s *Service) open(sealed string) (flowState, error) {
	var fs flowState
	plain, err := s.sealer().Open(sealed)
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
