package graph

import (
	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/server/audience"
)

// listedPlans applies the rule of every listing of plans (the plans query,
// Product.plans, Feature.plans) to q: custom plans are left out unless where
// asks for them, so lists offered for new subscriptions never show another
// application's custom plan.
func listedPlans(q *ent.PlanQuery, where *ent.PlanWhereInput) *ent.PlanQuery {
	if !asksForCustomPlans(where) {
		q.Where(plan.OriginalIDIsNil())
	}
	return q
}

// asksForCustomPlans reports whether a plans filter mentions custom plans
// (their original) or names plans by id.
func asksForCustomPlans(w *ent.PlanWhereInput) bool {
	if w == nil {
		return false
	}
	if w.OriginalID != nil || w.OriginalIDNEQ != nil || len(w.OriginalIDIn) > 0 || len(w.OriginalIDNotIn) > 0 ||
		w.OriginalIDIsNil || w.OriginalIDNotNil || w.HasOriginal != nil || len(w.HasOriginalWith) > 0 ||
		w.ID != nil || len(w.IDIn) > 0 {
		return true
	}
	if asksForCustomPlans(w.Not) {
		return true
	}
	for _, x := range append(append([]*ent.PlanWhereInput{}, w.And...), w.Or...) {
		if asksForCustomPlans(x) {
			return true
		}
	}
	return false
}

func bulkResult(items []audience.ItemResult) *model.BulkResult {
	out := &model.BulkResult{Items: make([]*model.BulkItemResult, 0, len(items))}
	for _, it := range items {
		r := &model.BulkItemResult{ID: it.ID, Ok: it.Err == nil}
		if it.Err != nil {
			code, msg := string(it.Err.Kind), it.Err.Message
			r.Code, r.Message = &code, &msg
			if it.Err.Field != "" {
				f := camelCase(it.Err.Field)
				r.Field = &f
			}
			out.Failed++
		} else {
			out.Succeeded++
		}
		out.Items = append(out.Items, r)
	}
	return out
}

func bulkMessage(m *ent.Message, items []audience.ItemResult, err error) (*model.BulkMessageResult, error) {
	if err != nil {
		return nil, err
	}
	return &model.BulkMessageResult{Message: m, Result: bulkResult(items)}, nil
}

func bulk(items []audience.ItemResult, err error) (*model.BulkResult, error) {
	if err != nil {
		return nil, err
	}
	return bulkResult(items), nil
}

func developerFields(fs []audience.FieldView) []*model.DeveloperField {
	out := make([]*model.DeveloperField, 0, len(fs))
	for _, f := range fs {
		out = append(out, &model.DeveloperField{Name: f.Name, Label: f.Label, Value: f.Value, Hint: f.Hint,
			Required: f.Required, ReadOnly: f.ReadOnly, Choices: f.Choices})
	}
	return out
}

// recordFields is a record's fields as its team sees them.
func recordFields(fs []audience.FieldView, err error) ([]*model.RecordField, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*model.RecordField, 0, len(fs))
	for _, f := range fs {
		kind := model.RecordFieldKindExtra
		switch {
		case f.Core:
			kind = model.RecordFieldKindCore
		case f.BuiltIn:
			kind = model.RecordFieldKindBuiltIn
		}
		out = append(out, &model.RecordField{Name: f.Name, Label: f.Label, Hint: f.Hint, Value: f.Value, Kind: kind,
			Defined: f.Defined, Required: f.Required, NonEmpty: f.NotEmpty, ReadOnly: f.ReadOnly, Hidden: f.Hidden, Choices: f.Choices})
	}
	return out, nil
}

func developerUser(u audience.DeveloperUser) *model.DeveloperUser {
	return &model.DeveloperUser{ID: u.User.ID, Username: u.User.Username, Email: u.User.Email,
		Role: u.User.Role, State: u.User.State, Fields: developerFields(u.Fields)}
}

func developerAccount(a *audience.DeveloperAccount, err error) (*model.DeveloperAccount, error) {
	if err != nil {
		return nil, err
	}
	out := &model.DeveloperAccount{ID: a.Account.ID, OrgName: a.Account.OrgName, State: a.Account.State,
		Fields: developerFields(a.Fields), Users: []*model.DeveloperUser{}}
	for _, u := range a.Users {
		out.Users = append(out.Users, developerUser(u))
	}
	return out, nil
}
