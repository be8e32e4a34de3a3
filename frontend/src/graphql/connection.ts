/** The shape every ent connection shares. */
interface Connection<T> {
  edges?: ReadonlyArray<{ node?: T | null } | null> | null;
}

/** The nodes of a connection, without the nulls GraphQL allows in edges. */
export function nodes<T>(connection: Connection<T> | null | undefined): T[] {
  const result: T[] = [];
  for (const edge of connection?.edges ?? []) {
    if (edge?.node) result.push(edge.node);
  }
  return result;
}
