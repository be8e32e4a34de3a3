package decision

import (
	"errors"
	"net/http"
	"strconv"
)

// Code is the snake_case code of an error document or a denial.
type Code string

// Error document codes (spec §11.1).
const (
	CodeProviderKeyOrServiceTokenRequired  Code = "provider_key_or_service_token_required"
	CodeServiceIDMissing                   Code = "service_id_missing"
	CodeServiceTokenInvalid                Code = "service_token_invalid"
	CodeProviderKeyInvalid                 Code = "provider_key_invalid"
	CodeProviderKeyInvalidOrServiceMissing Code = "provider_key_invalid_or_service_missing"
	CodeServiceIDInvalid                   Code = "service_id_invalid"
	CodeApplicationNotFound                Code = "application_not_found"
	CodeUserKeyInvalid                     Code = "user_key_invalid"
	CodeAuthenticationError                Code = "authentication_error"
	CodeMetricInvalid                      Code = "metric_invalid"
	CodeUsageValueInvalid                  Code = "usage_value_invalid"
	CodeEndUsersNoLongerSupported          Code = "end_users_no_longer_supported"
	CodeNotValidData                       Code = "not_valid_data"
	CodeBadRequest                         Code = "bad_request"
	CodeContentTypeInvalid                 Code = "content_type_invalid"
	CodeTransactionsIsBlank                Code = "transactions_is_blank"
	CodeTransactionsFormatInvalid          Code = "transactions_format_invalid"
	CodeTransactionsHasNilTransaction      Code = "transactions_has_nil_transaction"
	CodeTransactionTimestampTooOld         Code = "transaction_timestamp_too_old"
	CodeTransactionTimestampTooNew         Code = "transaction_timestamp_too_new"
	// CodeIdempotencyKeyInvalid is Portico's own: an Idempotency-Key
	// header or transactions[N][idempotency_key] that is not 1–255
	// printable ASCII characters.
	CodeIdempotencyKeyInvalid Code = "idempotency_key_invalid"
)

// Denial codes (spec §11.2): sent in 3scale-rejection-reason on a 409.
const (
	CodeApplicationKeyInvalid Code = "application_key_invalid"
	CodeReferrerNotAllowed    Code = "referrer_not_allowed"
	CodeApplicationNotActive  Code = "application_not_active"
	CodeServiceNotActive      Code = "service_not_active"
	CodeLimitsExceeded        Code = "limits_exceeded"
	CodeOAuthNotEnabled       Code = "oauth_not_enabled"
	CodeRedirectURIInvalid    Code = "redirect_uri_invalid"
	CodeRedirectURLInvalid    Code = "redirect_url_invalid"
)

var codeStatus = map[Code]int{
	CodeProviderKeyOrServiceTokenRequired:  http.StatusForbidden,
	CodeServiceIDMissing:                   http.StatusUnprocessableEntity,
	CodeServiceTokenInvalid:                http.StatusForbidden,
	CodeProviderKeyInvalid:                 http.StatusForbidden,
	CodeProviderKeyInvalidOrServiceMissing: http.StatusForbidden,
	CodeServiceIDInvalid:                   http.StatusForbidden,
	CodeApplicationNotFound:                http.StatusNotFound,
	CodeUserKeyInvalid:                     http.StatusForbidden,
	CodeAuthenticationError:                http.StatusForbidden,
	CodeMetricInvalid:                      http.StatusNotFound,
	CodeUsageValueInvalid:                  http.StatusForbidden,
	CodeEndUsersNoLongerSupported:          http.StatusBadRequest,
	CodeNotValidData:                       http.StatusUnprocessableEntity,
	CodeBadRequest:                         http.StatusBadRequest,
	CodeContentTypeInvalid:                 http.StatusBadRequest,
	CodeTransactionsIsBlank:                http.StatusBadRequest,
	CodeTransactionsFormatInvalid:          http.StatusBadRequest,
	CodeTransactionsHasNilTransaction:      http.StatusBadRequest,
	CodeTransactionTimestampTooOld:         http.StatusForbidden,
	CodeTransactionTimestampTooNew:         http.StatusForbidden,
	CodeIdempotencyKeyInvalid:              http.StatusBadRequest,
}

// Status is the HTTP status an error document with this code is sent with.
func (c Code) Status() int {
	if s, ok := codeStatus[c]; ok {
		return s
	}
	return http.StatusForbidden
}

// Error is a protocol error: it becomes an <error code="…"> document. The
// message is the spec's text and is safe to show to the caller.
type Error struct {
	Code    Code
	Message string
	// decoding marks errors raised while decoding parameters: they always
	// carry a body, even under no_body, and skip the CSP header.
	decoding bool
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Status is the HTTP status of the error document.
func (e *Error) Status() int { return e.Code.Status() }

func newError(code Code, msg string) *Error { return &Error{Code: code, Message: msg} }

// AsError returns the protocol error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Errors without parameters are allocated once.
var (
	errCredentialsRequired = newError(CodeProviderKeyOrServiceTokenRequired, "Provider key or service token are required")
	errServiceIDMissing    = newError(CodeServiceIDMissing, "Service ID is missing")
	errAppIDMissing        = newError(CodeApplicationNotFound, "application id is missing")
	errUserKeyMissing      = newError(CodeUserKeyInvalid, "user key is missing")
	errAuthentication      = newError(CodeAuthenticationError, "either app_id or user_key is allowed, not both")
	errEndUsers            = newError(CodeEndUsersNoLongerSupported, "End-users are no longer supported, do not specify the user_id parameter")
	errNotValidData        = &Error{Code: CodeNotValidData, Message: "all data must be valid UTF8", decoding: true}
	errBadRequest          = &Error{Code: CodeBadRequest, Message: "request contains syntax errors, should not be repeated without modification", decoding: true}
	errBadEncoding         = &Error{Code: CodeBadRequest, Message: "Invalid query parameters: invalid %-encoding", decoding: true}
	errQueryTooLarge       = &Error{Code: CodeBadRequest, Message: "total query size exceeds limit (" + strconv.Itoa(maxQueryBytes) + ")", decoding: true}
	errTransactionsBlank   = newError(CodeTransactionsIsBlank, "transactions parameter is blank")
	errIdempotencyKey      = newError(CodeIdempotencyKeyInvalid, "idempotency key must be 1 to 255 printable ASCII characters")
	errTransactionsFormat  = newError(CodeTransactionsFormatInvalid, "transactions format is invalid")
	errTransactionsNil     = newError(CodeTransactionsHasNilTransaction, "transactions has a nil transaction")
	errTimestampTooOld     = newError(CodeTransactionTimestampTooOld, "reporting transactions older than 86400 seconds is not allowed")
	errTimestampTooNew     = newError(CodeTransactionTimestampTooNew, "reporting transactions more than 3600 seconds in the future is not allowed")
)

func errTooManyParams(n int) *Error {
	return &Error{Code: CodeBadRequest, decoding: true,
		Message: "total number of query parameters (" + strconv.Itoa(n) + ") exceeds limit (" + strconv.Itoa(maxParams) + ")"}
}

func errServiceTokenInvalid(token, serviceID string) *Error {
	return newError(CodeServiceTokenInvalid, `service token "`+token+`" or service id "`+serviceID+`" is invalid`)
}

func errProviderKeyInvalid(key string) *Error {
	return newError(CodeProviderKeyInvalid, `provider key "`+key+`" is invalid`)
}

func errProviderKeyInvalidOrServiceMissing(key string) *Error {
	return newError(CodeProviderKeyInvalidOrServiceMissing, `provider key "`+key+`" invalid and/or service ID missing`)
}

func errServiceIDInvalid(id string) *Error {
	return newError(CodeServiceIDInvalid, `service id "`+id+`" is invalid`)
}

func errAppNotFound(id string) *Error {
	return newError(CodeApplicationNotFound, `application with id="`+id+`" was not found`)
}

func errUserKeyInvalid(key string) *Error {
	return newError(CodeUserKeyInvalid, `user key "`+key+`" is invalid`)
}

func errMetricInvalid(name string) *Error {
	return newError(CodeMetricInvalid, `metric "`+name+`" is invalid`)
}

func errUsageValueInvalid(name, value string) *Error {
	return newError(CodeUsageValueInvalid, `usage value "`+value+`" for metric "`+name+`" is invalid`)
}

func errUsageValueEmpty(name string) *Error {
	return newError(CodeUsageValueInvalid, `usage value for metric "`+name+`" can not be empty`)
}

func errContentTypeInvalid(mediaType string) *Error {
	return newError(CodeContentTypeInvalid, "invalid Content-Type: "+mediaType)
}

// denial is an authorization verdict of "no": a 409 <status> document.
type denial struct {
	code   Code
	reason string
}

var (
	denyKeyMissing       = &denial{CodeApplicationKeyInvalid, "application key is missing"}
	denyReferrerMissing  = &denial{CodeReferrerNotAllowed, "referrer is missing"}
	denyAppNotActive     = &denial{CodeApplicationNotActive, "application is not active"}
	denyServiceNotActive = &denial{CodeServiceNotActive, "service is not active"}
	denyLimits           = &denial{CodeLimitsExceeded, "usage limits are exceeded"}
	denyOAuthDisabled    = &denial{CodeOAuthNotEnabled, "oauth is not enabled"}
)

func denyKeyInvalid(key string) *denial {
	return &denial{CodeApplicationKeyInvalid, `application key "` + key + `" is invalid`}
}

func denyReferrer(ref string) *denial {
	return &denial{CodeReferrerNotAllowed, `referrer "` + ref + `" is not allowed`}
}

func denyRedirect(field, value string) *denial {
	code := CodeRedirectURLInvalid
	if field == "redirect_uri" {
		code = CodeRedirectURIInvalid
	}
	return &denial{code, field + ` "` + value + `" is invalid`}
}
