package analytics

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"
)

// WriteCSV writes a series as CSV: a header, then one line per point with
// its start and end (ISO 8601 in the series' zone) and its value, then the
// total.
func WriteCSV(w io.Writer, s *Series) error {
	name := s.Code
	if s.Metric != nil {
		name = s.Metric.SystemName
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"since", "until", name})
	for i, p := range s.Points {
		end := s.Range.Until
		if i+1 < len(s.Points) {
			end = s.Points[i+1].Start
		}
		_ = cw.Write([]string{p.Start.In(s.Range.Zone).Format(time.RFC3339), end.Add(-time.Second).In(s.Range.Zone).Format(time.RFC3339),
			strconv.FormatInt(p.Value, 10)})
	}
	_ = cw.Write([]string{"total", "", strconv.FormatInt(s.Total, 10)})
	cw.Flush()
	return cw.Error()
}
