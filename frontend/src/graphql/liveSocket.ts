import { subscriptionExchange, type Exchange } from 'urql';

/** The messages of the graphql-transport-ws protocol this client reads. */
interface ServerMessage {
  id?: string;
  type: 'connection_ack' | 'next' | 'error' | 'complete' | 'ping' | 'pong';
  payload?: unknown;
}

/** The websocket address of the GraphQL endpoint at path on this page's origin. */
export function graphqlSocketUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/**
 * Subscriptions over the GraphQL websocket (graphql-transport-ws): one socket per subscription,
 * opened with the current access token in `connection_init` and closed when the subscriber leaves.
 * A socket that closes early ends the subscription; the screen keeps its last data.
 */
export function liveExchange(getToken: () => string | null, url: () => string): Exchange {
  return subscriptionExchange({
    forwardSubscription(request) {
      return {
        subscribe(sink) {
          const socket = new WebSocket(url(), 'graphql-transport-ws');
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            sink.complete();
          };
          socket.onopen = () => {
            const token = getToken();
            socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { Authorization: `Bearer ${token}` } : {} }));
          };
          socket.onmessage = (event: MessageEvent<string>) => {
            const message = JSON.parse(event.data) as ServerMessage;
            switch (message.type) {
              case 'connection_ack':
                socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: request }));
                break;
              case 'ping':
                socket.send(JSON.stringify({ type: 'pong' }));
                break;
              case 'next':
                sink.next(message.payload as Parameters<typeof sink.next>[0]);
                break;
              case 'error':
                sink.next({ errors: message.payload as { message: string }[] });
                finish();
                socket.close(1000);
                break;
              case 'complete':
                finish();
                socket.close(1000);
                break;
            }
          };
          socket.onclose = finish;
          return {
            unsubscribe() {
              if (!done && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id: '1', type: 'complete' }));
              done = true;
              socket.close(1000);
            },
          };
        },
      };
    },
  });
}
