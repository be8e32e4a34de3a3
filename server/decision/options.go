package decision

// options are the 3scale-options extensions of one request (spec §5).
type options struct {
	noBody          bool
	noBodyInHeader  bool
	rejectionReason bool
	limitHeaders    bool
	// rateLimitHeaders asks for the IETF RateLimit and RateLimit-Policy
	// fields (and Retry-After on a limits denial), a Portico extension.
	rateLimitHeaders bool
	hierarchy        bool
	flatUsage        bool
	listAppKeys      bool
}

// parseOptions decodes the 3scale-options header with the parameter rules of
// the query string. Options are on only with the exact value "1"; no_body in
// the header also decides whether the legacy parameter is consulted.
func parseOptions(p *Params, header string) (options, *Error) {
	var o options
	if header == "" {
		return o, nil
	}
	p.reset()
	if err := p.parse(p.root, header); err != nil {
		return o, err
	}
	one := func(key string) bool {
		v, ok := p.str(p.get(key))
		return ok && v == "1"
	}
	if p.get("no_body") != none {
		o.noBodyInHeader = true
		o.noBody = one("no_body")
	}
	o.rejectionReason = one("rejection_reason_header")
	o.limitHeaders = one("limit_headers")
	o.rateLimitHeaders = one("rate_limit_headers")
	o.hierarchy = one("hierarchy")
	o.flatUsage = one("flat_usage")
	o.listAppKeys = one("list_app_keys")
	return o, nil
}

// applyLegacyNoBody honours ?no_body=… when the header did not set it: any
// value except "0" and "false" turns it on.
func (o *options) applyLegacyNoBody(p *Params) {
	if o.noBodyInHeader {
		return
	}
	if v, ok := p.str(p.get("no_body")); ok && v != "0" && v != "false" {
		o.noBody = true
	}
}
