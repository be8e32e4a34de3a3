package compat

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
)

// jsonMarshal encodes v without HTML escaping, as Rails does.
func jsonMarshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func writeBody(w http.ResponseWriter, f Format, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", f.contentType())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// encodeOne writes one representation: {"root": v} in JSON, <root>…</root>
// in XML (v's own XML encoding under the root element).
func encodeOne(f Format, root string, v any) ([]byte, error) {
	if f == JSON {
		return jsonMarshal(map[string]any{root: v})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header[:len(xml.Header)-1])
	enc := xml.NewEncoder(&buf)
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}}); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// listItem wraps each element of a JSON list in its own root, as 3scale
// does: {"proxy_configs":[{"proxy_config":{…}}]}.
type listItem map[string]any

// encodeList writes a collection: plural holding one singular per item,
// with the page's metadata when the result does not fit in one page.
func encodeList[T any](f Format, plural, singular string, items []T, meta *Meta) ([]byte, error) {
	if f == JSON {
		wrapped := make([]listItem, len(items))
		for i, it := range items {
			wrapped[i] = listItem{singular: it}
		}
		doc := map[string]any{plural: wrapped}
		if meta != nil {
			doc["metadata"] = meta
		}
		return jsonMarshal(doc)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header[:len(xml.Header)-1])
	enc := xml.NewEncoder(&buf)
	start := xml.StartElement{Name: xml.Name{Local: plural}}
	if meta != nil {
		start.Attr = []xml.Attr{
			{Name: xml.Name{Local: "per_page"}, Value: strconv.Itoa(meta.PerPage)},
			{Name: xml.Name{Local: "total_entries"}, Value: strconv.Itoa(meta.TotalEntries)},
			{Name: xml.Name{Local: "total_pages"}, Value: strconv.Itoa(meta.TotalPages)},
			{Name: xml.Name{Local: "current_page"}, Value: strconv.Itoa(meta.CurrentPage)},
		}
	}
	if err := enc.EncodeToken(start); err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := enc.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: singular}}); err != nil {
			return nil, err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
