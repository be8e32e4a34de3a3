package graph

import (
	"strings"

	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/auth/password"
)

func contractEvents(events []audience.ApplicationBulkEvent) []model.ContractStateEvent {
	out := make([]model.ContractStateEvent, 0, len(events))
	for _, e := range events {
		out = append(out, model.ContractStateEvent(strings.ToUpper(string(e))))
	}
	return out
}

func passwordPolicy(p password.Policy) *model.PasswordPolicy {
	return &model.PasswordPolicy{MinLength: max(p.MinLength, password.MinLength), RefusesCommon: p.Common, RequiresCharacterClasses: p.Classes}
}
