// Package httpserver is Portico's one route table and HTTP server: every
// route, the middleware chain, timeouts and graceful shutdown.
package httpserver
