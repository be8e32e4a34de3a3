// Package openapi reads OpenAPI 2.0, 3.0 and 3.1 documents, imports their
// operations into a product as methods and mapping rules, and keeps the
// tenant's ActiveDocs: the specifications shown to developers.
package openapi
