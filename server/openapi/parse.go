package openapi

import (
	"fmt"
	"net/url"
	"strings"

	yaml "github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	validator "github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel"

	"github.com/portico-apim/portico/server/problem"
)

// MaxBodyBytes bounds a specification's text.
const MaxBodyBytes = 4 << 20

// maxNodes bounds the size of a document once its YAML aliases (*name) are
// expanded: each alias stands for a whole copy of what it names, so a few
// nested ones make a small text enormous.
const maxNodes = 200_000

// expandsTooFar reports whether body, read as YAML, has more than maxNodes
// nodes with its aliases expanded. Text that is not YAML is left to the
// parser to refuse.
func expandsTooFar(body string) bool {
	if !strings.Contains(body, "*") || !strings.Contains(body, "&") {
		return false
	}
	var root yaml.Node
	if yaml.Unmarshal([]byte(body), &root) != nil {
		return false
	}
	sizes := map[*yaml.Node]int{}
	var size func(n *yaml.Node, depth int) int
	size = func(n *yaml.Node, depth int) int {
		if n == nil {
			return 0
		}
		if s, ok := sizes[n]; ok {
			return s
		}
		if depth > 1000 {
			return maxNodes + 1
		}
		sizes[n] = maxNodes + 1 // a node reached again while being counted is a cycle
		total := 1
		if n.Kind == yaml.AliasNode {
			total += size(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			total += size(c, depth+1)
			if total > maxNodes {
				break
			}
		}
		total = min(total, maxNodes+1)
		sizes[n] = total
		return total
	}
	return size(&root, 0) > maxNodes
}

// Document is what an import reads from an OpenAPI description.
type Document struct {
	// Version is the declared version: "2.0", "3.0.3", "3.1.0", …
	Version     string
	Title       string
	Description string
	// BasePath prefixes every path on the wire: basePath in 2.0, the path
	// of the first server's URL in 3.x ("" for "/").
	BasePath string
	// ServerURL is where the API is served: the first server's URL in 3.x,
	// scheme://host+basePath in 2.0; "" when the document does not say.
	ServerURL  string
	Operations []Operation
}

// Operation is one verb on one path.
type Operation struct {
	// Method is the HTTP verb in upper case.
	Method      string
	Path        string
	OperationID string
	Summary     string
	Description string
}

// Pattern is the operation's mapping-rule pattern: the base path followed
// by the path, with its {param} templates kept.
func (d *Document) Pattern(op Operation) string {
	return d.BasePath + op.Path
}

// invalid is a refused document: the problem names the field "body".
func invalid(format string, args ...any) error {
	return problem.Invalid("body", format, args...)
}

// Check reports whether body is an OpenAPI 2.0, 3.0 or 3.1 document (JSON or
// YAML) that follows its version's schema, naming the first problems found.
func Check(body string) error {
	_, err := Parse(body)
	return err
}

// Parse reads and validates an OpenAPI 2.0, 3.0 or 3.1 document (JSON or
// YAML). A refused document is a problem.Invalid on "body" naming where the
// parser found the problem.
func Parse(body string) (doc *Document, err error) {
	if strings.TrimSpace(body) == "" {
		return nil, invalid("is empty: an OpenAPI document is required")
	}
	if len(body) > MaxBodyBytes {
		return nil, invalid("is larger than %d bytes", MaxBodyBytes)
	}
	if expandsTooFar(body) {
		return nil, invalid("expands to more than %d YAML nodes through aliases: write the document out in full", maxNodes)
	}
	// The parser must never take the server down, whatever it is given.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, invalid("could not be read as an OpenAPI document")
		}
	}()
	cfg := datamodel.NewDocumentConfiguration()
	cfg.AllowFileReferences = false
	cfg.AllowRemoteReferences = false
	d, err := libopenapi.NewDocumentWithConfiguration([]byte(body), cfg)
	if err != nil {
		return nil, invalid("is not an OpenAPI document: %s", oneLine(err.Error()))
	}
	info := d.GetSpecInfo()
	switch {
	case info.SpecFormat == datamodel.OAS2 && info.Version == "2.0":
	case info.SpecFormat == datamodel.OAS3 && strings.HasPrefix(info.Version, "3.0."),
		info.SpecFormat == datamodel.OAS31:
	default:
		return nil, invalid("declares OpenAPI version %q: versions 2.0, 3.0.x and 3.1.x are supported", info.Version)
	}
	if ok, verrs := validator.ValidateOpenAPIDocument(d); !ok {
		return nil, invalid("is not a valid OpenAPI %s document: %s", info.Version, describe(verrs))
	}
	if info.SpecFormat == datamodel.OAS2 {
		return fromV2(d)
	}
	return fromV3(d)
}

// describe lists up to three schema violations with their line and path.
func describe(verrs []*liberrors.ValidationError) string {
	var parts []string
	for _, ve := range verrs {
		if len(ve.SchemaValidationErrors) == 0 {
			parts = append(parts, at(ve.SpecLine, "", ve.Reason))
			continue
		}
		for _, f := range ve.SchemaValidationErrors {
			parts = append(parts, at(f.Line, f.FieldPath, f.Reason))
		}
	}
	parts = dedupe(parts)
	const most = 3
	if len(parts) > most {
		parts = append(parts[:most], fmt.Sprintf("and %d more", len(parts)-most))
	}
	if len(parts) == 0 {
		return "the document does not follow the OpenAPI schema"
	}
	return strings.Join(parts, "; ")
}

func at(line int, path, reason string) string {
	var b strings.Builder
	if line > 0 {
		fmt.Fprintf(&b, "line %d: ", line)
	}
	if path != "" && path != "$" {
		b.WriteString(path)
		b.WriteString(": ")
	}
	b.WriteString(oneLine(reason))
	return b.String()
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

var methodOrder = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

func fromV3(d libopenapi.Document) (*Document, error) {
	// A model with errors is still usable when they are only circular
	// references, which documentation may well contain.
	m, err := d.BuildV3Model()
	if m == nil {
		return nil, invalid("could not be read: %s", oneLine(errText(err)))
	}
	model := m.Model
	out := &Document{Version: d.GetVersion()}
	if model.Info != nil {
		out.Title, out.Description = model.Info.Title, model.Info.Description
	}
	if len(model.Servers) > 0 && model.Servers[0] != nil {
		out.ServerURL = model.Servers[0].URL
		out.BasePath = basePathOf(out.ServerURL)
	}
	if model.Paths != nil && model.Paths.PathItems != nil {
		for path, item := range model.Paths.PathItems.FromOldest() {
			if item == nil {
				continue
			}
			ops := item.GetOperations()
			for _, method := range methodOrder {
				op, ok := ops.Get(strings.ToLower(method))
				if !ok || op == nil {
					continue
				}
				out.Operations = append(out.Operations, Operation{Method: method, Path: path,
					OperationID: op.OperationId, Summary: op.Summary, Description: op.Description})
			}
		}
	}
	return out, nil
}

func fromV2(d libopenapi.Document) (*Document, error) {
	m, err := d.BuildV2Model()
	if m == nil {
		return nil, invalid("could not be read: %s", oneLine(errText(err)))
	}
	model := m.Model
	out := &Document{Version: d.GetVersion()}
	if model.Info != nil {
		out.Title, out.Description = model.Info.Title, model.Info.Description
	}
	out.BasePath = strings.TrimRight(model.BasePath, "/")
	if model.Host != "" {
		scheme := "https"
		if len(model.Schemes) > 0 {
			scheme = model.Schemes[0]
		}
		out.ServerURL = scheme + "://" + model.Host + out.BasePath
	}
	if model.Paths != nil && model.Paths.PathItems != nil {
		for path, item := range model.Paths.PathItems.FromOldest() {
			if item == nil {
				continue
			}
			ops := item.GetOperations()
			for _, method := range methodOrder {
				op, ok := ops.Get(strings.ToLower(method))
				if !ok || op == nil {
					continue
				}
				out.Operations = append(out.Operations, Operation{Method: method, Path: path,
					OperationID: op.OperationId, Summary: op.Summary, Description: op.Description})
			}
		}
	}
	return out, nil
}

// basePathOf returns the path of a server URL without its trailing slash;
// "" when the URL has no usable path (relative URLs are paths themselves).
func basePathOf(raw string) string {
	if strings.Contains(raw, "{") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimRight(u.Path, "/")
}

func errText(err error) string {
	if err == nil {
		return "no model could be built"
	}
	return err.Error()
}
