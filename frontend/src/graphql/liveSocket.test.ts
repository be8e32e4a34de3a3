import { Client, gql } from 'urql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { graphqlSocketUrl, liveExchange } from './liveSocket';

/** A WebSocket double: records what the client sends, lets the test answer as the server. */
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket | undefined;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    public url: string,
    public protocol: string,
  ) {
    FakeSocket.last = this;
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const live = gql`
  subscription Live($a: ID) {
    liveUsage(applicationID: $a, metric: "hits") {
      total
    }
  }
`;

/** The socket the exchange opens: it forwards the subscription after the current tick. */
async function opened(): Promise<FakeSocket> {
  await vi.waitFor(() => expect(FakeSocket.last).toBeDefined());
  return FakeSocket.last!;
}

describe('liveExchange', () => {
  beforeEach(() => {
    FakeSocket.last = undefined;
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('subscribes over graphql-transport-ws with the access token and ends with the subscriber', async () => {
    const client = new Client({ url: '/graphql', exchanges: [liveExchange(() => 'tok-1', () => 'ws://portico.test/graphql')] });
    const totals: unknown[] = [];
    const subscription = client.subscription(live, { a: '9' }).subscribe((result) => totals.push(result.data ?? result.error?.message));
    const socket = await opened();
    expect([socket.url, socket.protocol]).toEqual(['ws://portico.test/graphql', 'graphql-transport-ws']);

    socket.open();
    expect(socket.sent).toEqual([{ type: 'connection_init', payload: { Authorization: 'Bearer tok-1' } }]);
    socket.receive({ type: 'connection_ack' });
    expect(socket.sent[1]).toMatchObject({ id: '1', type: 'subscribe', payload: { variables: { a: '9' } } });
    expect(String((socket.sent[1].payload as { query: string }).query)).toContain('liveUsage');

    socket.receive({ type: 'ping' });
    expect(socket.sent[2]).toEqual({ type: 'pong' });
    socket.receive({ id: '1', type: 'next', payload: { data: { liveUsage: { __typename: 'UsageSeries', total: 3 } } } });
    socket.receive({ id: '1', type: 'next', payload: { data: { liveUsage: { __typename: 'UsageSeries', total: 4 } } } });
    expect(totals).toEqual([{ liveUsage: { __typename: 'UsageSeries', total: 3 } }, { liveUsage: { __typename: 'UsageSeries', total: 4 } }]);

    subscription.unsubscribe();
    expect(socket.sent.at(-1)).toEqual({ id: '1', type: 'complete' });
    expect(socket.closed).toBe(true);
  });

  it('passes a refusal on as an error', async () => {
    const client = new Client({ url: '/graphql', exchanges: [liveExchange(() => null, () => 'ws://portico.test/graphql')] });
    const errors: string[] = [];
    client.subscription(live, { a: '9' }).subscribe((result) => errors.push(result.error?.graphQLErrors[0]?.message ?? ''));
    const socket = await opened();
    socket.open();
    expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: {} });
    socket.receive({ type: 'connection_ack' });
    socket.receive({ id: '1', type: 'next', payload: { errors: [{ message: 'Application not found', extensions: { code: 'NOT_FOUND' } }] } });
    socket.receive({ id: '1', type: 'complete' });
    // urql repeats the last result when the subscription completes.
    expect(new Set(errors)).toEqual(new Set(['Application not found']));
    expect(socket.closed).toBe(true);
  });

  it('addresses the endpoint on the page origin', () => {
    expect(graphqlSocketUrl('/graphql', { protocol: 'https:', host: 'admin.example.com' })).toBe('wss://admin.example.com/graphql');
    expect(graphqlSocketUrl('/graphql', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/graphql');
  });
});
