// Package search owns the console's global search: one text matched across
// a tenant's accounts, applications (by name or any whole credential),
// products, backends, plans and users, within the viewer's rights.
package search
