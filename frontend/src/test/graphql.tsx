/* eslint-disable react-refresh/only-export-components -- test helpers, not app modules */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { Client, Provider, cacheExchange, fetchExchange } from 'urql';
import { vi } from 'vitest';

import { NotificationsProvider } from '../components/Notifications';

/** The JSON body of a GraphQL answer. */
export interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export type Handler = Answer | ((variables: Record<string, unknown>) => Answer | Promise<Answer>);

export interface Call {
  operationName: string;
  variables: Record<string, unknown>;
}

/** An error answer as the Portico API writes it. */
export function apiError(code: string, message: string, field?: string): Answer {
  return { data: null, errors: [{ message, extensions: field ? { code, field } : { code } }] };
}

/**
 * A real urql client whose fetch answers from `handlers`, keyed by operation
 * name. Every request is recorded in `calls`; an operation without a handler
 * fails the test loudly.
 */
export function fakeGraphQL(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetch = vi.fn<typeof globalThis.fetch>(async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as Call;
    calls.push({ operationName: body.operationName, variables: body.variables ?? {} });
    const handler = handlers[body.operationName];
    if (!handler) throw new Error(`fakeGraphQL: no answer for ${body.operationName}`);
    const answer = typeof handler === 'function' ? await handler(body.variables ?? {}) : handler;
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  const client = new Client({
    url: 'http://localhost/graphql',
    exchanges: [cacheExchange, fetchExchange],
    fetch,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
  });
  return {
    client,
    calls,
    /** Variables of every call of one operation, in order. */
    callsOf: (operationName: string) => calls.filter((call) => call.operationName === operationName).map((call) => call.variables),
  };
}

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Renders a screen at `path` (matched by `route`) with the client, toasts and a router. */
export function renderScreen(ui: ReactElement, { client, path = '/', route = '*' }: { client: Client; path?: string; route?: string }) {
  return render(
    <Provider value={client}>
      <NotificationsProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={ui} />
            {route === '*' ? null : <Route path="*" element={<p>Elsewhere</p>} />}
          </Routes>
          <Where />
        </MemoryRouter>
      </NotificationsProvider>
    </Provider>,
  );
}

/** A connection as the API returns it. */
export function connection<T>(typename: string, items: T[], totalCount = items.length) {
  return {
    __typename: `${typename}Connection`,
    totalCount,
    pageInfo: { __typename: 'PageInfo', startCursor: items.length ? 'c0' : null, endCursor: items.length ? `c${items.length - 1}` : null },
    edges: items.map((node) => ({ __typename: `${typename}Edge`, node: { __typename: typename, ...node } })),
  };
}

/** Waits until the router is at `path` (pathname and search). */
export async function expectLocation(path: string) {
  const { screen, waitFor } = await import('@testing-library/react');
  const { expect } = await import('vitest');
  await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(path));
}

/** The tenant's currency, as the TenantCurrency query answers it. */
export function tenantCurrency(currency = 'USD'): Answer {
  return { data: { viewer: { __typename: 'Viewer', tenant: { __typename: 'Tenant', id: 't1', currency } } } };
}
