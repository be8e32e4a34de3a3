package mail

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"github.com/portico-apim/portico/server/problem"
)

// Template is one of the emails Portico sends: its name, what it is for,
// and its default subject and body as text/template sources. A tenant may
// replace the subject and body with its own (see Service.UpdateTemplate).
type Template struct {
	// Name identifies the email, such as invitation.team.
	Name string
	// Title and Description tell admins what the email is and when it is
	// sent, to whom.
	Title       string
	Description string
	// Subject and Body are the default text/template sources: the subject
	// renders to one line, the body to plain text.
	Subject string
	Body    string
	// Sample is data of the same type and fields the sender passes, used
	// to preview and to validate edited templates.
	Sample any
}

// Limits of a template's sources and of a rendered email.
const (
	MaxSubjectLen   = 255       // characters, one line
	MaxBodyLen      = 64 * 1024 // bytes
	maxRenderedSize = 1 << 20   // bytes of one rendered subject or body
)

// Catalog is the set of emails Portico sends, built once at start from the
// templates of the packages that send them and only read afterwards.
type Catalog struct {
	byName map[string]Template
	sorted []Template
}

// NewCatalog checks and gathers templates: a name and title each, names
// unique, and defaults that render with their sample data (a mistake there
// must stop the program before it sends mail).
func NewCatalog(templates ...Template) (*Catalog, error) {
	c := &Catalog{byName: map[string]Template{}}
	var errs []error
	for _, t := range templates {
		switch {
		case t.Name == "" || t.Title == "":
			errs = append(errs, fmt.Errorf("mail: template %q without a name or title", t.Name))
			continue
		case c.byName[t.Name].Name != "":
			errs = append(errs, fmt.Errorf("mail: template %s defined twice", t.Name))
			continue
		}
		if _, _, err := Check(t, t.Subject, t.Body); err != nil {
			errs = append(errs, fmt.Errorf("mail: default of template %s: %w", t.Name, err))
			continue
		}
		c.byName[t.Name] = t
		c.sorted = append(c.sorted, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Name < c.sorted[j].Name })
	return c, nil
}

// Templates returns the catalogue sorted by name.
func (c *Catalog) Templates() []Template {
	if c == nil {
		return nil
	}
	return slices.Clone(c.sorted)
}

// Lookup returns the template named name.
func (c *Catalog) Lookup(name string) (Template, bool) {
	if c == nil {
		return Template{}, false
	}
	t, ok := c.byName[name]
	return t, ok
}

// Variables lists the top-level fields of a template's sample data: the
// names a template writes as {{.Name}}.
func Variables(t Template) []string {
	v := reflect.ValueOf(t.Sample)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return []string{}
		}
		v = v.Elem()
	}
	out := []string{}
	switch v.Kind() {
	case reflect.Struct:
		for f := range v.Type().Fields() {
			if f.IsExported() {
				out = append(out, f.Name)
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if k.Kind() == reflect.String {
				out = append(out, k.String())
			}
		}
		slices.Sort(out)
	}
	return out
}

// Check validates a subject and body for template t: both must be within
// the size limits, parse, and render with t's sample data, the subject to
// one line. It returns the rendered sample. Its errors are validation
// errors on the field "subject" or "body" that give the line.
func Check(t Template, subject, body string) (string, string, error) {
	if n := utf8.RuneCountInString(subject); n > MaxSubjectLen {
		return "", "", problem.Invalid("subject", "is %d characters long, at most %d are allowed", n, MaxSubjectLen)
	}
	if strings.ContainsAny(subject, "\r\n") {
		return "", "", problem.Invalid("subject", "must be one line")
	}
	if strings.TrimSpace(subject) == "" {
		return "", "", problem.Invalid("subject", "must not be empty")
	}
	if len(body) > MaxBodyLen {
		return "", "", problem.Invalid("body", "is %d bytes long, at most %d are allowed", len(body), MaxBodyLen)
	}
	return render(subject, body, t.Sample)
}

// render executes a subject and a body with data.
func render(subject, body string, data any) (string, string, error) {
	subj, err := execute("subject", subject, data)
	if err != nil {
		return "", "", err
	}
	subj = strings.TrimSpace(subj)
	if strings.ContainsAny(subj, "\r\n") {
		return "", "", problem.Invalid("subject", "renders to more than one line")
	}
	if subj == "" {
		return "", "", problem.Invalid("subject", "renders empty")
	}
	text, err := execute("body", body, data)
	if err != nil {
		return "", "", err
	}
	return subj, text, nil
}

// maxSteps bounds the loop iterations and template calls of one rendering:
// loops that write nothing are not stopped by the output limit.
const maxSteps = 100_000

// hugeVerb finds printf verbs with a width or precision of four digits or
// more, or taken from an argument (*): fmt would allocate them whole before
// any output limit applies.
var hugeVerb = regexp.MustCompile(`%[^a-zA-Z%]*?(\*|\d{4,})`)

func safePrintf(format string, args ...any) (string, error) {
	if hugeVerb.MatchString(format) {
		return "", errors.New("printf widths and precisions are limited to 3 digits")
	}
	return fmt.Sprintf(format, args...), nil
}

// stepFunc is the function counting steps: a call of it is put first in
// every template and every range body before execution.
const stepFunc = "portico_step"

var errTooManySteps = fmt.Errorf("renders with more than %d loop iterations and template calls", maxSteps)

// execute parses and runs one source, field naming it in errors. The
// built-in printf is replaced by one refusing huge widths, the output is
// limited to maxRenderedSize and the steps to maxSteps.
func execute(field, src string, data any) (string, error) {
	steps := 0
	funcs := template.FuncMap{
		"printf": safePrintf,
		stepFunc: func() (string, error) {
			if steps++; steps > maxSteps {
				return "", errTooManySteps
			}
			return "", nil
		},
	}
	tmpl, err := template.New(field).Option("missingkey=error").Funcs(funcs).Parse(src)
	if err != nil {
		return "", templateError(field, err)
	}
	step, err := template.New("").Funcs(funcs).Parse("{{" + stepFunc + "}}")
	if err != nil {
		return "", err
	}
	for _, t := range tmpl.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			counted(t.Tree.Root, step.Tree.Root.Nodes[0])
		}
	}
	w := &limitedBuffer{max: maxRenderedSize}
	if err := tmpl.Execute(w, data); err != nil {
		switch {
		case errors.Is(err, errTooLong):
			return "", problem.Invalid(field, "renders to more than %d bytes", maxRenderedSize)
		case errors.Is(err, errTooManySteps):
			return "", problem.Invalid(field, "%s", errTooManySteps.Error())
		}
		return "", templateError(field, err)
	}
	return w.String(), nil
}

// counted puts step first in list and in every range body within it.
func counted(list *parse.ListNode, step parse.Node) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.RangeNode:
			counted(n.List, step)
			counted(n.ElseList, step)
		case *parse.IfNode:
			counted(n.List, step)
			counted(n.ElseList, step)
		case *parse.WithNode:
			counted(n.List, step)
			counted(n.ElseList, step)
		}
	}
	list.Nodes = append([]parse.Node{step}, list.Nodes...)
}

// templatePosition matches text/template's "template: body:3: …" and
// "template: body:3:14: executing "body" at <.Nope>: …".
var templatePosition = regexp.MustCompile(`^template: (?:subject|body):(\d+)(?::\d+)?: (?:executing "[^"]*" at (<[^>]*>): )?(.*)$`)

// templateError turns a parse or execution error into a validation error on
// field that names the line.
func templateError(field string, err error) error {
	msg := err.Error()
	if m := templatePosition.FindStringSubmatch(msg); m != nil {
		detail := m[3]
		if m[2] != "" {
			detail = m[2] + ": " + detail
		}
		return problem.Invalid(field, "line %s: %s", m[1], detail)
	}
	return problem.Invalid(field, "%s", strings.TrimPrefix(msg, "template: "))
}

var errTooLong = errors.New("rendered email too long")

// limitedBuffer is a buffer refusing writes past max bytes.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		return 0, errTooLong
	}
	return b.Buffer.Write(p)
}
