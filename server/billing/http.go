package billing

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
)

// PDFHandler answers GET /admin/invoices/{id}.pdf with the invoice's stored
// PDF (byte for byte what was rendered at issue) to the viewer the auth
// middleware set: tenancy and the finance section apply as to any read, and
// an access token needs the finance scope.
func (s *Service) PDFHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewer.FromContext(r.Context())
		if v == nil {
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		if v.Token != nil && !v.Token.HasScope(viewer.ScopeFinance) {
			http.Error(w, "the access token lacks the finance scope", http.StatusForbidden)
			return
		}
		name, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
		id, err := strconv.Atoi(name)
		if !ok || err != nil || id <= 0 {
			http.NotFound(w, r)
			return
		}
		inv, body, err := s.PDF(r.Context(), id)
		if err != nil {
			switch problem.Classify(err).Kind {
			case problem.KindNotFound:
				http.NotFound(w, r)
			case problem.KindForbidden:
				http.Error(w, "forbidden", http.StatusForbidden)
			default:
				s.logger.ErrorContext(r.Context(), "invoice pdf", "invoice", id, "error", err)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="invoice-`+inv.FriendlyID+`.pdf"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("Cache-Control", "private, no-store")
		_, _ = w.Write(body)
	})
}
