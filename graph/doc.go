// Package graph is Portico's GraphQL control plane: the gqlgen resolvers (thin
// calls into the domain services), the error presenter, the transaction and
// authentication middleware, the limits on what one operation may ask for,
// and the server handler.
package graph
