package graph

import (
	"context"
	"strings"

	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
)

// requireMaster refuses a viewer who is not a user of the master account
// (an access token of a master user is one).
func requireMaster(ctx context.Context) error {
	if v := viewer.FromContext(ctx); v == nil || !v.Master || v.UserID == 0 {
		return problem.Forbidden("only users of the master account manage providers")
	}
	return nil
}

// providerEvent is the tenants package's name of a GraphQL state event.
func providerEvent(e model.ProviderEvent) string { return strings.ToLower(string(e)) }
