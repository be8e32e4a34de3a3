package compat

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/server/problem"
)

// activeDocWrapper is the key 3scale accepts ActiveDoc attributes under
// (api_docs_service[name]=… or {"api_docs_service":{…}}); flat attributes
// work too.
const activeDocWrapper = "api_docs_service"

// activeDoc is the ActiveDoc representation: JSON as 3scale's
// ApiDocs::ServiceRepresenter, XML as its to_xml (no skip flag, no service).
type activeDoc struct {
	ID                     int     `json:"id" xml:"id"`
	SystemName             string  `json:"system_name" xml:"system_name"`
	Name                   string  `json:"name" xml:"name"`
	Description            *string `json:"description,omitempty" xml:"description"`
	Published              bool    `json:"published" xml:"published"`
	SkipSwaggerValidations bool    `json:"skip_swagger_validations" xml:"-"`
	Body                   string  `json:"body" xml:"body"`
	ServiceID              *int    `json:"service_id,omitempty" xml:"-"`
	CreatedAt              string  `json:"created_at" xml:"created_at"`
	UpdatedAt              string  `json:"updated_at" xml:"updated_at"`
}

func activeDocOf(d *ent.ActiveDoc) activeDoc {
	out := activeDoc{
		ID: d.ID, SystemName: d.SystemName, Name: d.Name, Published: d.Published,
		SkipSwaggerValidations: d.SkipSwaggerValidations, Body: d.Body, ServiceID: d.ProductID,
		CreatedAt: d.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), UpdatedAt: d.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"),
	}
	if d.Description != "" {
		desc := d.Description
		out.Description = &desc
	}
	return out
}

// ActiveDocs lists the tenant's ActiveDocs.
// GET /admin/api/active_docs
func (a *API) ActiveDocs(c *Call) error {
	docs, err := a.openapi.ActiveDocs(c.Context())
	if err != nil {
		return err
	}
	items := make([]activeDoc, len(docs))
	for i, d := range docs {
		items[i] = activeDocOf(d)
	}
	return RespondList(c, "api_docs", "api_doc", items, nil)
}

// ActiveDoc shows one ActiveDoc.
// GET /admin/api/active_docs/{id}
func (a *API) ActiveDoc(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	d, err := a.openapi.ActiveDoc(c.Context(), id)
	if err != nil {
		return err
	}
	return c.Respond(http.StatusOK, "api_doc", activeDocOf(d))
}

// CreateActiveDoc stores a specification; 201 with its representation.
// POST /admin/api/active_docs
func (a *API) CreateActiveDoc(c *Call) error { return unlessAnswered(a.createActiveDoc(c)) }

func (a *API) createActiveDoc(c *Call) error {
	p, ok, err := c.activeDocParams()
	if !ok || err != nil {
		return err
	}
	in := ent.CreateActiveDocInput{}
	if v, ok := p.str("name"); ok {
		in.Name = strings.TrimSpace(v)
	}
	if in.Name == "" {
		return problem.Invalid("name", "can't be blank")
	}
	if v, ok := p.str("body"); ok {
		in.Body = v
	}
	if strings.TrimSpace(in.Body) == "" {
		return problem.Invalid("body", "can't be blank")
	}
	in.SystemName, _ = p.str("system_name")
	if v, ok := p.str("description"); ok && v != "" {
		in.Description = &v
	}
	if in.Published, err = p.boolean("published"); err != nil {
		return err
	}
	if in.SkipSwaggerValidations, err = p.boolean("skip_swagger_validations"); err != nil {
		return err
	}
	if in.ProductID, _, err = a.serviceParam(c, p); err != nil {
		return err
	}
	d, err := a.openapi.CreateActiveDoc(c.Context(), in)
	if err != nil {
		return err
	}
	c.W.Header().Set("Location", fmt.Sprintf("%s/admin/api/active_docs/%d.%s", c.Origin(), d.ID, extOf(c.Format)))
	return c.Respond(http.StatusCreated, "api_doc", activeDocOf(d))
}

// UpdateActiveDoc changes an ActiveDoc; its system name stays. A null or
// empty service_id unbinds it from its product.
// PUT, PATCH /admin/api/active_docs/{id}
func (a *API) UpdateActiveDoc(c *Call) error { return unlessAnswered(a.updateActiveDoc(c)) }

func (a *API) updateActiveDoc(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	// An unknown id is not found before the parameters are looked at.
	if _, err := a.openapi.ActiveDoc(c.Context(), id); err != nil {
		return err
	}
	p, ok, err := c.activeDocParams()
	if !ok || err != nil {
		return err
	}
	in := ent.UpdateActiveDocInput{}
	if v, ok := p.str("name"); ok {
		v = strings.TrimSpace(v)
		if v == "" {
			return problem.Invalid("name", "can't be blank")
		}
		in.Name = &v
	}
	if v, ok := p.str("body"); ok {
		if strings.TrimSpace(v) == "" {
			return problem.Invalid("body", "can't be blank")
		}
		in.Body = &v
	}
	if v, ok := p.str("description"); ok {
		if v == "" {
			in.ClearDescription = true
		} else {
			in.Description = &v
		}
	}
	if in.Published, err = p.boolean("published"); err != nil {
		return err
	}
	if in.SkipSwaggerValidations, err = p.boolean("skip_swagger_validations"); err != nil {
		return err
	}
	var given bool
	if in.ProductID, given, err = a.serviceParam(c, p); err != nil {
		return err
	}
	in.ClearProduct = given && in.ProductID == nil
	d, err := a.openapi.UpdateActiveDoc(c.Context(), id, in)
	if err != nil {
		return err
	}
	return c.Respond(http.StatusOK, "api_doc", activeDocOf(d))
}

// DeleteActiveDoc deletes an ActiveDoc; 200 with an empty body.
// DELETE /admin/api/active_docs/{id}
func (a *API) DeleteActiveDoc(c *Call) error {
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	if err := a.openapi.DeleteActiveDoc(c.Context(), id); err != nil {
		return err
	}
	c.W.Header().Set("Content-Type", c.Format.contentType())
	c.W.WriteHeader(http.StatusOK)
	return nil
}

// serviceParam reads service_id: the product, nil when absent or emptied
// (given says whether it was sent). A product the caller cannot see is
// refused as 3scale does: 422 "Service not found".
func (a *API) serviceParam(c *Call, p params) (id *int, given bool, err error) {
	v, given := p.str("service_id")
	if !given || v == "" {
		return nil, given, nil
	}
	n, err := strconv.Atoi(v)
	if err == nil && n > 0 {
		if ok, err := a.client.Product.Query().Where(product.ID(n)).Exist(c.Context()); err != nil {
			return nil, true, err
		} else if ok {
			return &n, true, nil
		}
	}
	c.RespondRaw(http.StatusUnprocessableEntity, errorBody(c.Format, "Service not found"))
	return nil, true, errAnswered
}

// errAnswered is returned by a handler that has already written its answer.
var errAnswered = &answeredError{}

type answeredError struct{}

func (*answeredError) Error() string { return "answered" }

func unlessAnswered(err error) error {
	if err == errAnswered {
		return nil
	}
	return err
}

func extOf(f Format) string {
	if f == JSON {
		return "json"
	}
	return "xml"
}

// params are a write's attributes: strings, with JSON null kept as present
// but empty.
type params map[string]*string

func (p params) str(name string) (string, bool) {
	v, ok := p[name]
	if !ok {
		return "", false
	}
	if v == nil {
		return "", true
	}
	return *v, true
}

// boolean reads a 3scale boolean: true/false, 1/0 (absent: nil).
func (p params) boolean(name string) (*bool, error) {
	v, ok := p.str(name)
	if !ok || v == "" {
		return nil, nil
	}
	switch strings.ToLower(v) {
	case "true", "1", "t", "yes", "on":
		b := true
		return &b, nil
	case "false", "0", "f", "no", "off":
		b := false
		return &b, nil
	}
	return nil, problem.Invalid(name, "must be true or false")
}

var activeDocAttributes = []string{"name", "system_name", "description", "published", "skip_swagger_validations", "body", "service_id"}

// activeDocParams reads the attributes from a JSON body, a form body or the
// query string, flat or under api_docs_service. ok is false when the call was
// already answered (no attributes at all: 400, as 3scale's params.require).
func (c *Call) activeDocParams() (p params, ok bool, err error) {
	p = params{}
	ct, _, _ := mime.ParseMediaType(c.R.Header.Get("Content-Type"))
	if ct == "application/json" {
		raw, err := io.ReadAll(c.R.Body)
		if err != nil {
			return nil, false, problem.Invalid("base", "the request body could not be read")
		}
		if len(strings.TrimSpace(string(raw))) > 0 {
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(raw, &doc); err != nil {
				return nil, false, problem.Invalid("base", "the request body is not a JSON object")
			}
			attrs := doc
			if w, present := doc[activeDocWrapper]; present {
				var inner map[string]json.RawMessage
				if err := json.Unmarshal(w, &inner); err != nil || inner == nil {
					return nil, false, c.wrongType()
				}
				attrs = inner
			}
			for _, k := range activeDocAttributes {
				v, present := attrs[k]
				if !present {
					continue
				}
				s, err := jsonScalar(v)
				if err != nil {
					return nil, false, problem.Invalid(k, "must be a string, number or boolean")
				}
				p[k] = s
			}
		}
	}
	if err := c.R.ParseForm(); err != nil {
		return nil, false, problem.Invalid("base", "the request parameters could not be read")
	}
	form := c.R.Form
	if _, present := form[activeDocWrapper]; present {
		return nil, false, c.wrongType()
	}
	for _, k := range activeDocAttributes {
		for _, key := range []string{activeDocWrapper + "[" + k + "]", k} {
			if vs, present := form[key]; present && len(vs) > 0 {
				if _, done := p[k]; !done {
					v := vs[0]
					p[k] = &v
				}
			}
		}
	}
	if len(p) == 0 {
		c.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
		c.W.WriteHeader(http.StatusBadRequest)
		_, _ = c.W.Write([]byte("Required parameter missing: " + activeDocWrapper))
		return nil, false, nil
	}
	return p, true, nil
}

func (c *Call) wrongType() error {
	c.W.Header().Set("Content-Type", "text/plain; charset=utf-8")
	c.W.WriteHeader(http.StatusUnprocessableEntity)
	_, _ = c.W.Write([]byte("Wrong type for parameter: " + activeDocWrapper))
	return errAnswered
}

// jsonScalar turns a JSON string, number, boolean or null into its text.
func jsonScalar(raw json.RawMessage) (*string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	var s string
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	case float64:
		s = strings.TrimSpace(string(raw))
	default:
		return nil, fmt.Errorf("not a scalar")
	}
	return &s, nil
}
