package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	pdfreader "github.com/ledongthuc/pdf"
)

func sample() Document {
	return Document{
		FriendlyID: "2026-03-00000012",
		IssuedOn:   "2026-04-02",
		DueOn:      "2026-04-04",
		PeriodFrom: "2026-03-01",
		PeriodTo:   "2026-03-31",
		Currency:   "EUR",
		Provider: Party{
			Name: "Acme APIs GmbH", Address: "Hauptstraße 5\nHinterhaus", City: "Berlin", Zip: "10115",
			Country: "Germany", VATCode: "DE123456789",
		},
		Buyer: Party{Name: "Müller & Søn Software", Address: "ul. Dluga 1", City: "Kraków", Zip: "31-001", Country: "Poland"},
		Lines: []Line{
			{Name: "Fixed fee ('Pro')", Description: "March 1, 2026 ( 0:00) - March 31, 2026 (23:59)", Quantity: "1", Cost: "100.0000"},
			{Name: "Hits", Description: "March 1, 2026 - March 31, 2026", Quantity: "1250", Cost: "12.5000"},
		},
		CostWithoutVAT: "112.50",
		VATRate:        "19.0",
		VATAmount:      "21.38",
		Total:          "133.88",
		Footnote:       "Pay by bank transfer within 2 days. Questions: billing@acme.example",
	}
}

// text extracts the document's text the way a PDF reader does, through the
// fonts' ToUnicode maps. The reader applies the identity map one 256-code
// block at a time, as strict readers do, so the checks below keep to
// characters under U+0100 (viewers such as pdf.js map every character).
func text(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdfreader.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a readable PDF: %v", err)
	}
	var sb strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				sb.WriteString(w.S)
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

func TestRenderIsAReadablePDFWithTheInvoiceText(t *testing.T) {
	b, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
		t.Fatalf("not a PDF file: starts %q", b[:min(len(b), 8)])
	}
	got := text(t, b)
	for _, want := range []string{
		"2026-03-00000012", "Acme APIs GmbH", "Hauptstraße 5", "10115 Berlin", "DE123456789",
		"Müller & Søn Software", "31-001 Kraków", "Fixed fee ('Pro')", "100.0000", "1250", "12.5000",
		"112.50 EUR", "VAT (19 %)", "21.38 EUR", "133.88 EUR", "Pay by bank transfer", "page 1 of 1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q; text:\n%s", want, got)
		}
	}
}

func TestRenderRepeatsByteForByte(t *testing.T) {
	a, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of one document differ")
	}
	other := sample()
	other.Total = "133.89"
	c, err := Render(other)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c) {
		t.Fatal("a different total rendered the same bytes")
	}
}

func TestZeroVATPrintsTheTenantTextInsteadOfAVATLine(t *testing.T) {
	d := sample()
	d.VATRate, d.VATAmount, d.Total = "0", "0.00", "112.50"
	d.ZeroVATText = "VAT reverse charge: Article 196 Directive 2006/112/EC"
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, b)
	if strings.Contains(got, "VAT (") {
		t.Errorf("a zero rate printed a VAT line:\n%s", got)
	}
	if !strings.Contains(got, "Article 196") {
		t.Errorf("the zero-VAT text is missing:\n%s", got)
	}
}

func TestManyLinesFlowOntoMorePagesWithTheTableHeadRepeated(t *testing.T) {
	d := sample()
	d.Lines = nil
	for i := range 80 {
		d.Lines = append(d.Lines, Line{Name: fmt.Sprintf("Metric %02d", i), Description: "March 2026", Quantity: "1", Cost: "1.0000"})
	}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, b)
	if !strings.Contains(got, "Metric 79") || !strings.Contains(got, "page 2 of") {
		t.Fatalf("lines did not flow onto a second page:\n%s", got)
	}
	if n := strings.Count(got, "Description"); n < 2 {
		t.Errorf("table head printed %d times, want once per page", n)
	}
}

func TestRenderRefusesADocumentWithoutIdentity(t *testing.T) {
	if _, err := Render(Document{Total: "1.00"}); err == nil {
		t.Error("a document without friendly id rendered")
	}
	if _, err := Render(Document{FriendlyID: "2026-00000001"}); err == nil {
		t.Error("a document without total rendered")
	}
}
