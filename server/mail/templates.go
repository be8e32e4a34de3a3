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
	"sync"
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

// The catalogue is filled once, by the packages that send email, as they
// are initialised; afterwards it is only read.
var catalogue = struct {
	sync.RWMutex
	byName map[string]Template
}{byName: map[string]Template{}}

// Define adds a template to the catalogue. It is called once per email by
// the package that sends it, at package initialisation, and panics on a
// duplicate or empty name and on defaults that do not render with the
// sample data: such a mistake must stop the program before it sends mail.
// It returns t so that a package can write var _ = mail.Define(…).
func Define(t Template) Template {
	if t.Name == "" || t.Title == "" {
		panic("mail: template without a name or title")
	}
	if _, _, err := Check(t, t.Subject, t.Body); err != nil {
		panic(fmt.Sprintf("mail: default of template %s: %v", t.Name, err))
	}
	catalogue.Lock()
	defer catalogue.Unlock()
	if _, dup := catalogue.byName[t.Name]; dup {
		panic("mail: template " + t.Name + " defined twice")
	}
	catalogue.byName[t.Name] = t
	return t
}

// Templates returns the catalogue sorted by name.
func Templates() []Template {
	catalogue.RLock()
	defer catalogue.RUnlock()
	out := make([]Template, 0, len(catalogue.byName))
	for _, t := range catalogue.byName {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the template named name.
func Lookup(name string) (Template, bool) {
	catalogue.RLock()
	defer catalogue.RUnlock()
	t, ok := catalogue.byName[name]
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

// funcs replaces the built-in printf with one that refuses huge widths and
// precisions, which would allocate without bound before any output limit.
var funcs = template.FuncMap{"printf": safePrintf}

var hugeVerb = regexp.MustCompile(`%[-+# 0]*(\*|\d{4,}|\d*\.(\*|\d{4,}))`)

func safePrintf(format string, args ...any) (string, error) {
	if hugeVerb.MatchString(format) {
		return "", errors.New("printf widths and precisions are limited to 3 digits")
	}
	return fmt.Sprintf(format, args...), nil
}

// execute parses and runs one source, field naming it in errors.
func execute(field, src string, data any) (string, error) {
	tmpl, err := template.New(field).Option("missingkey=error").Funcs(funcs).Parse(src)
	if err != nil {
		return "", templateError(field, err)
	}
	for _, t := range tmpl.Templates() {
		if t.Tree != nil {
			if err := checkRanges(field, t.Tree, t.Tree.Root); err != nil {
				return "", err
			}
		}
	}
	w := &limitedBuffer{max: maxRenderedSize}
	if err := tmpl.Execute(w, data); err != nil {
		if errors.Is(err, errTooLong) {
			return "", problem.Invalid(field, "renders to more than %d bytes", maxRenderedSize)
		}
		return "", templateError(field, err)
	}
	return w.String(), nil
}

// checkRanges refuses {{range N}} over a number written in the template:
// it would loop without producing anything the output limit could stop.
func checkRanges(field string, tree *parse.Tree, n parse.Node) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkRanges(field, tree, c); err != nil {
				return err
			}
		}
	case *parse.RangeNode:
		for _, cmd := range n.Pipe.Cmds {
			for _, arg := range cmd.Args {
				if _, ok := arg.(*parse.NumberNode); ok {
					loc, _ := tree.ErrorContext(n)
					return templateError(field, fmt.Errorf("template: %s: range over a number is not allowed", loc))
				}
			}
		}
		return first(checkRanges(field, tree, n.List), checkRanges(field, tree, n.ElseList))
	case *parse.IfNode:
		return first(checkRanges(field, tree, n.List), checkRanges(field, tree, n.ElseList))
	case *parse.WithNode:
		return first(checkRanges(field, tree, n.List), checkRanges(field, tree, n.ElseList))
	}
	return nil
}

// first returns the first error that is not nil.
func first(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
