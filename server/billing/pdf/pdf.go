// Package pdf renders an issued invoice as a PDF document: the provider's
// name and address as letterhead, the buyer's billing address, the period and
// dates, every line item, the totals with VAT and the footnote.
//
// Rendering is deterministic: the same Document always yields the same bytes
// (the document dates come from the issue date, never the clock), so the
// stored copy of an invoice can be compared with a fresh rendering. Text is set
// in the Go fonts, embedded as subsets, which cover Latin, Greek and Cyrillic
// scripts; the embedded ToUnicode maps keep the text searchable and
// extractable.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Party is one side of the invoice: the provider who issues it or the buyer
// who owes it. Address may hold several lines separated by newlines.
type Party struct {
	Name    string
	Address string
	City    string
	State   string
	Zip     string
	Country string
	VATCode string
}

// Line is one line item, its amounts already formatted by the caller (the
// billing engine keeps four decimals on line items and two on totals).
type Line struct {
	Name        string
	Description string
	Quantity    string
	Cost        string
}

// Document is everything printed on an invoice. Amounts and dates are
// formatted strings so that the PDF shows exactly what the API returns.
type Document struct {
	FriendlyID string
	// IssuedOn and DueOn are dates as YYYY-MM-DD; IssuedOn also dates the
	// PDF's metadata.
	IssuedOn   string
	DueOn      string
	PeriodFrom string
	PeriodTo   string
	Currency   string

	Provider Party
	Buyer    Party

	Lines []Line

	CostWithoutVAT string
	// VATRate is a percentage ("21" or "21.0"); empty or zero prints
	// ZeroVATText (when set) instead of a VAT line.
	VATRate     string
	VATAmount   string
	Total       string
	Footnote    string
	ZeroVATText string
}

const (
	fontFamily = "Go"
	marginMM   = 18.0
	pageWidth  = 210.0 // A4
)

// Render lays the document out on A4 pages and returns the PDF bytes.
func Render(doc Document) ([]byte, error) {
	if strings.TrimSpace(doc.FriendlyID) == "" {
		return nil, errors.New("pdf: the invoice has no friendly id")
	}
	if strings.TrimSpace(doc.Total) == "" {
		return nil, errors.New("pdf: the invoice has no total")
	}
	stamp := documentTime(doc.IssuedOn)

	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCompression(true)
	f.SetTitle("Invoice "+doc.FriendlyID, true)
	f.SetAuthor(doc.Provider.Name, true)
	f.SetCreator("Portico", true)
	f.SetProducer("Portico", true)
	f.SetLang("en")
	f.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	f.SetMargins(marginMM, marginMM, marginMM)
	f.SetAutoPageBreak(true, marginMM+8)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-marginMM)
		f.SetFont(fontFamily, "", 8)
		f.SetTextColor(110, 110, 110)
		f.CellFormat(0, 5, fmt.Sprintf("Invoice %s · page %d of {nb}", doc.FriendlyID, f.PageNo()), "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})

	f.AddPage()
	header(f, doc)
	parties(f, doc)
	dates(f, doc)
	lineTable(f, doc)
	totals(f, doc)
	footnote(f, doc)

	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// documentTime dates the PDF metadata: midnight UTC of the issue date, or the
// Unix epoch when there is none, never the clock (renderings must repeat).
func documentTime(issuedOn string) time.Time {
	if t, err := time.Parse(time.DateOnly, issuedOn); err == nil {
		return t
	}
	return time.Unix(0, 0).UTC()
}

func contentWidth() float64 { return pageWidth - 2*marginMM }

func header(f *fpdf.Fpdf, doc Document) {
	name := doc.Provider.Name
	if name == "" {
		name = "Invoice"
	}
	f.SetFont(fontFamily, "B", 18)
	half := contentWidth() / 2
	y := f.GetY()
	f.MultiCell(half, 8, name, "", "L", false)
	after := f.GetY()
	f.SetXY(marginMM+half, y)
	f.SetFont(fontFamily, "B", 14)
	f.CellFormat(half, 8, "INVOICE", "", 2, "R", false, 0, "")
	f.SetFont(fontFamily, "", 11)
	f.CellFormat(half, 6, doc.FriendlyID, "", 2, "R", false, 0, "")
	if f.GetY() > after {
		after = f.GetY()
	}
	f.SetXY(marginMM, after+2)
	f.SetDrawColor(200, 200, 200)
	f.Line(marginMM, f.GetY(), pageWidth-marginMM, f.GetY())
	f.Ln(5)
}

func parties(f *fpdf.Fpdf, doc Document) {
	half := contentWidth() / 2
	y := f.GetY()
	block(f, marginMM, y, half-4, "From", doc.Provider)
	left := f.GetY()
	block(f, marginMM+half, y, half, "Bill to", doc.Buyer)
	if left > f.GetY() {
		f.SetY(left)
	}
	f.Ln(4)
}

// block prints a party's label, name, address lines and VAT code at (x, y).
func block(f *fpdf.Fpdf, x, y, w float64, label string, p Party) {
	f.SetXY(x, y)
	f.SetFont(fontFamily, "B", 9)
	f.SetTextColor(110, 110, 110)
	f.CellFormat(w, 5, strings.ToUpper(label), "", 2, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	f.SetFont(fontFamily, "B", 10)
	f.SetX(x)
	f.MultiCell(w, 5, orDash(p.Name), "", "L", false)
	f.SetFont(fontFamily, "", 10)
	for _, l := range addressLines(p) {
		f.SetX(x)
		f.MultiCell(w, 5, l, "", "L", false)
	}
	if p.VATCode != "" {
		f.SetX(x)
		f.MultiCell(w, 5, "VAT code: "+p.VATCode, "", "L", false)
	}
}

func addressLines(p Party) []string {
	var out []string
	for _, l := range strings.Split(p.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	cityLine := strings.TrimSpace(strings.Join(nonEmpty(p.Zip, p.City), " "))
	if p.State != "" {
		if cityLine != "" {
			cityLine += ", "
		}
		cityLine += p.State
	}
	if cityLine != "" {
		out = append(out, cityLine)
	}
	if p.Country != "" {
		out = append(out, p.Country)
	}
	return out
}

func dates(f *fpdf.Fpdf, doc Document) {
	rows := [][2]string{
		{"Issued on", orDash(doc.IssuedOn)},
		{"Due on", orDash(doc.DueOn)},
		{"Period", orDash(strings.Trim(doc.PeriodFrom+" – "+doc.PeriodTo, " –"))},
		{"Currency", orDash(doc.Currency)},
	}
	for _, r := range rows {
		f.SetFont(fontFamily, "B", 10)
		f.CellFormat(30, 6, r[0], "", 0, "L", false, 0, "")
		f.SetFont(fontFamily, "", 10)
		f.CellFormat(0, 6, r[1], "", 1, "L", false, 0, "")
	}
	f.Ln(4)
}

// Column widths of the line-item table: name, description, quantity, cost.
var columns = [4]float64{52, 68, 22, 32}

func lineTable(f *fpdf.Fpdf, doc Document) {
	heads := [4]string{"Item", "Description", "Quantity", "Cost (" + doc.Currency + ")"}
	aligns := [4]string{"L", "L", "R", "R"}
	tableHead := func() {
		f.SetFont(fontFamily, "B", 9)
		f.SetFillColor(240, 240, 240)
		for i, h := range heads {
			f.CellFormat(columns[i], 7, h, "B", 0, aligns[i], true, 0, "")
		}
		f.Ln(-1)
	}
	tableHead()
	f.SetFont(fontFamily, "", 9)
	if len(doc.Lines) == 0 {
		f.SetTextColor(110, 110, 110)
		f.CellFormat(contentWidth(), 7, "No line items.", "", 1, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
	}
	const lineH = 5.0
	_, pageH := f.GetPageSize()
	_, _, _, bottom := f.GetMargins()
	for _, l := range doc.Lines {
		cells := [4]string{l.Name, l.Description, l.Quantity, l.Cost}
		var wrapped [4][]string
		rows := 1
		for i, c := range cells {
			wrapped[i] = f.SplitText(c, columns[i])
			if len(wrapped[i]) == 0 {
				wrapped[i] = []string{""}
			}
			rows = max(rows, len(wrapped[i]))
		}
		h := float64(rows)*lineH + 2
		if f.GetY()+h > pageH-bottom {
			f.AddPage()
			tableHead()
			f.SetFont(fontFamily, "", 9)
		}
		x, y := f.GetXY()
		for i := range cells {
			f.SetXY(x, y+1)
			f.MultiCell(columns[i], lineH, strings.Join(wrapped[i], "\n"), "", aligns[i], false)
			x += columns[i]
		}
		f.SetXY(marginMM, y+h)
		f.SetDrawColor(225, 225, 225)
		f.Line(marginMM, f.GetY(), pageWidth-marginMM, f.GetY())
	}
	f.Ln(3)
}

func totals(f *fpdf.Fpdf, doc Document) {
	labelW := columns[0] + columns[1] + columns[2]
	row := func(label, value string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		f.SetFont(fontFamily, style, 10)
		f.CellFormat(labelW, 6, label, "", 0, "R", false, 0, "")
		f.CellFormat(columns[3], 6, value, "", 1, "R", false, 0, "")
	}
	row("Total without VAT", money(doc.CostWithoutVAT, doc.Currency), false)
	if vatApplies(doc.VATRate) {
		row("VAT ("+percent(doc.VATRate)+" %)", money(doc.VATAmount, doc.Currency), false)
	}
	row("Total", money(doc.Total, doc.Currency), true)
	if !vatApplies(doc.VATRate) && doc.ZeroVATText != "" {
		f.Ln(2)
		f.SetFont(fontFamily, "", 9)
		f.MultiCell(0, 5, doc.ZeroVATText, "", "R", false)
	}
}

func footnote(f *fpdf.Fpdf, doc Document) {
	if strings.TrimSpace(doc.Footnote) == "" {
		return
	}
	f.Ln(8)
	f.SetFont(fontFamily, "", 9)
	f.SetTextColor(80, 80, 80)
	f.MultiCell(0, 5, doc.Footnote, "T", "L", false)
	f.SetTextColor(0, 0, 0)
}

// vatApplies says whether a VAT rate is a number above zero.
func vatApplies(rate string) bool {
	r := strings.TrimSpace(rate)
	if r == "" {
		return false
	}
	return strings.Trim(r, "0.") != ""
}

// percent drops a rate's insignificant decimals: "21.50" prints as 21.5.
func percent(rate string) string {
	r := strings.TrimSpace(rate)
	if strings.Contains(r, ".") {
		r = strings.TrimSuffix(strings.TrimRight(r, "0"), ".")
	}
	return r
}

func money(amount, currency string) string {
	if amount == "" {
		return "–"
	}
	if currency == "" {
		return amount
	}
	return amount + " " + currency
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
