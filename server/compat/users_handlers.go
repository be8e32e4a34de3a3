package compat

import (
	"strconv"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/problem"
)

// Users of developer accounts, spec §2.2 and §3.2.

type userRep struct {
	ID        int         `json:"id" xml:"id"`
	State     string      `json:"state" xml:"-"`
	Role      string      `json:"role" xml:"-"`
	CreatedAt string      `json:"created_at" xml:"created_at"`
	UpdatedAt string      `json:"updated_at" xml:"updated_at"`
	AccountID *int        `json:"-" xml:"account_id"`
	XMLState  string      `json:"-" xml:"state"`
	XMLRole   string      `json:"-" xml:"role"`
	Username  string      `json:"username" xml:"username"`
	Email     string      `json:"email" xml:"email"`
	FirstName string      `json:"first_name,omitempty" xml:"first_name,omitempty"`
	LastName  string      `json:"last_name,omitempty" xml:"last_name,omitempty"`
	Extra     extraFields `json:"-" xml:"extra_fields"`
	Links     []link      `json:"links" xml:"-"`
}

var userKeys = map[string]bool{"id": true, "state": true, "role": true, "created_at": true, "updated_at": true,
	"username": true, "email": true, "first_name": true, "last_name": true, "links": true, "password": true}

func (r userRep) MarshalJSON() ([]byte, error) {
	type plain userRep
	return withExtra(plain(r), r.Extra, userKeys)
}

func (c *Call) userOf(u *ent.User) userRep {
	st, role := strings.ToLower(string(u.State)), strings.ToLower(string(u.Role))
	r := userRep{ID: u.ID, State: st, XMLState: st, Role: role, XMLRole: role, CreatedAt: c.stamp(u.CreatedAt),
		UpdatedAt: c.stamp(u.UpdatedAt), AccountID: u.AccountID, Username: u.Username, Email: u.Email,
		FirstName: u.FirstName, LastName: u.LastName, Extra: extraFields(u.ExtraFields)}
	if r.Extra == nil {
		r.Extra = extraFields{}
	}
	if u.AccountID != nil {
		base := "/admin/api/accounts/" + strconv.Itoa(*u.AccountID)
		r.Links = []link{c.link("account", base), c.link("self", base+"/users/"+strconv.Itoa(u.ID))}
	}
	return r
}

// developerUser finds user {id} of account {account_id}.
func (a *API) developerUser(c *Call) (*ent.User, error) {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	u, err := a.client.User.Query().Where(user.ID(id), user.AccountID(acc.ID)).Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "user %d not found", id)
	}
	return u, nil
}

// Users lists an account's users, optionally by state and role.
// GET /admin/api/accounts/{account_id}/users
func (a *API) Users(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	q := a.client.User.Query().Where(user.AccountID(acc.ID)).Order(ent.Asc(user.FieldID))
	if s := c.Param("state"); s != "" {
		q.Where(user.StateEQ(user.State(strings.ToUpper(s))))
	}
	if s := c.Param("role"); s != "" {
		q.Where(user.RoleEQ(user.Role(strings.ToUpper(s))))
	}
	us, err := q.All(c.Context())
	if err != nil {
		return err
	}
	items := make([]userRep, len(us))
	for i, u := range us {
		items[i] = c.userOf(u)
	}
	return RespondList(c, "users", "user", items, nil)
}

// User reads one user of an account.
func (a *API) User(c *Call) error {
	u, err := a.developerUser(c)
	if err != nil {
		return err
	}
	return c.ok("user", c.userOf(u))
}

// CreateUser adds a pending member to an account.
// POST /admin/api/accounts/{account_id}/users
func (a *API) CreateUser(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	p, err := c.Params("user")
	if err != nil {
		return err
	}
	username, err := p.required("username")
	if err != nil {
		return err
	}
	email, err := p.required("email")
	if err != nil {
		return err
	}
	in := ent.CreateUserInput{Username: username, Email: email, AccountID: &acc.ID, FirstName: p.String("first_name"),
		LastName: p.String("last_name"), ExtraFields: a.extraOf(c, p, fielddefinition.TargetUSER, userKeys, nil)}
	var pw *string
	if s := p.Text("password"); s != "" {
		pw = &s
	}
	u, err := a.audience.CreatePendingUser(c.Context(), in, pw)
	if err != nil {
		return err
	}
	return c.created("user", c.userOf(u))
}

// UpdateUser changes a user's username, email, names, password or fields.
// PUT /admin/api/accounts/{account_id}/users/{id}
func (a *API) UpdateUser(c *Call) error {
	cur, err := a.developerUser(c)
	if err != nil {
		return err
	}
	p, err := c.Params("user")
	if err != nil {
		return err
	}
	in := ent.UpdateUserInput{Username: p.String("username"), Email: p.String("email"), FirstName: p.String("first_name"),
		LastName: p.String("last_name"), ExtraFields: a.extraOf(c, p, fielddefinition.TargetUSER, userKeys, cur.ExtraFields)}
	for name, v := range map[string]*string{"username": in.Username, "email": in.Email} {
		if v != nil && strings.TrimSpace(*v) == "" {
			return problem.Invalid(name, "can't be blank")
		}
	}
	u, err := a.audience.UpdateUser(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	if pw := p.Text("password"); pw != "" {
		if err := a.audience.SetUserPassword(c.Context(), cur.ID, pw); err != nil {
			return err
		}
	}
	return c.ok("user", c.userOf(u))
}

// DeleteUser deletes a user; an account's last admin stays (403).
// DELETE /admin/api/accounts/{account_id}/users/{id}
func (a *API) DeleteUser(c *Call) error {
	u, err := a.developerUser(c)
	if err != nil {
		return err
	}
	if err := a.audience.DeleteUser(c.Context(), u.ID); err != nil {
		return err
	}
	return c.deleted()
}

// UserAction answers PUT …/users/{id}/{activate,suspend,unsuspend,admin,member}.
func (a *API) UserAction(action string) HandlerFunc {
	return func(c *Call) error {
		cur, err := a.developerUser(c)
		if err != nil {
			return err
		}
		var u *ent.User
		ctx := c.Context()
		switch action {
		case "activate":
			u, err = a.audience.ActivateUser(ctx, cur.ID)
		case "suspend":
			u, err = a.audience.SetUserState(ctx, cur.ID, user.StateSUSPENDED)
		case "unsuspend":
			u, err = a.audience.SetUserState(ctx, cur.ID, user.StateACTIVE)
		case "admin", "member":
			role := user.Role(strings.ToUpper(action))
			u, err = a.audience.UpdateUser(ctx, cur.ID, ent.UpdateUserInput{Role: &role})
		}
		if err != nil {
			if problem.Classify(err).Kind == problem.KindConflict {
				return transitionError(action)
			}
			return err
		}
		return c.ok("user", c.userOf(u))
	}
}
