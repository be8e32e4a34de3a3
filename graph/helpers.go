package graph

import (
	"errors"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/proxyconf"
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

// settingsInput turns the GraphQL input into the service's.
func settingsInput(in model.IntegrationSettingsInput) proxyconf.SettingsInput {
	errResp := func(e *model.GatewayErrorResponseInput) proxyconf.ErrorResponse {
		if e == nil {
			return proxyconf.ErrorResponse{}
		}
		return proxyconf.ErrorResponse{Body: e.Body, Status: e.Status, ContentType: e.ContentType}
	}
	out := proxyconf.SettingsInput{
		StagingEndpoint: in.StagingEndpoint, ProductionEndpoint: in.ProductionEndpoint, APIBackend: in.APIBackend,
		CredentialsLocation: in.CredentialsLocation, AuthUserKey: in.AuthUserKey, AuthAppID: in.AuthAppID, AuthAppKey: in.AuthAppKey,
		AuthFailed: errResp(in.AuthFailed), AuthMissing: errResp(in.AuthMissing), NoMatch: errResp(in.NoMatch),
		LimitsExceeded: errResp(in.LimitsExceeded), SecretToken: in.SecretToken, HostnameRewrite: in.HostnameRewrite,
		OidcIssuerEndpoint: in.OidcIssuerEndpoint, OidcIssuerType: in.OidcIssuerType,
	}
	if in.PolicyChain != nil {
		out.PolicyChain = make([]policy.Config, len(in.PolicyChain))
		for i, p := range in.PolicyChain {
			out.PolicyChain[i] = *p
		}
	}
	return out
}

// isTrue reads an optional boolean argument, absent meaning false.
func isTrue(b *bool) bool { return b != nil && *b }

// manifestField reports a problem with a custom policy's manifest on the
// GraphQL input field (manifest) rather than the REST one (schema).
func manifestField(p *ent.CustomPolicy, err error) (*ent.CustomPolicy, error) {
	var pe *problem.Error
	if errors.As(err, &pe) && pe.Field == "schema" {
		c := *pe
		c.Field = "manifest"
		return nil, &c
	}
	return p, err
}
