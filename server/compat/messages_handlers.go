package compat

import (
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/audience"
)

// Messages to developer accounts, spec §2.12 and §3.15.

type messageRep struct {
	ID        int    `json:"id" xml:"id"`
	Body      string `json:"body" xml:"body"`
	Subject   string `json:"subject" xml:"subject"`
	State     string `json:"state" xml:"state"`
	CreatedAt string `json:"created_at" xml:"-"`
	UpdatedAt string `json:"updated_at" xml:"-"`
}

func (c *Call) messageOf(m *ent.Message) messageRep {
	return messageRep{ID: m.ID, Body: m.Body, Subject: m.Subject, State: strings.ToLower(string(m.State)),
		CreatedAt: c.stamp(m.CreatedAt), UpdatedAt: c.stamp(m.UpdatedAt)}
}

// SendAccountMessage sends a message from the provider to an account: it
// is in the account's inbox at once and emailed to its admins.
// POST /admin/api/accounts/{account_id}/messages
func (a *API) SendAccountMessage(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	p, err := c.Params("message")
	if err != nil {
		return err
	}
	m, err := a.audience.SendMessage(c.Context(), acc.ID, nil, audience.MessageInput{Subject: p.Text("subject"), Body: p.Text("body")})
	if err != nil {
		return err
	}
	return c.created("message", c.messageOf(m))
}
