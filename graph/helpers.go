package graph

import (
	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/server/auth"
)

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func deleted(id int, err error) (*model.DeletePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.DeletePayload{DeletedID: id}, nil
}

func authPayload(t *auth.Tokens) *model.AuthPayload {
	return &model.AuthPayload{
		AccessToken:  t.AccessToken,
		TokenType:    "Bearer",
		ExpiresIn:    int(t.ExpiresIn.Seconds()),
		RefreshToken: t.RefreshToken,
	}
}
