// Package schema holds Portico's ent schemas: the entities of the system of
// record, their edges, the tenant and time mixins and the field rules shared
// by every write path. Code in ent/ is generated from it.
package schema
