/** One server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Parse a `text/event-stream` body (WHATWG HTML §9.2.6) from a byte stream. Written against fetch
 * rather than `EventSource` because EventSource cannot send the credential headers the API requires.
 */
export async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline = buffer.search(/\r\n|\r|\n/);
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        const width = buffer.startsWith('\r\n', newline) ? 2 : 1;
        // A lone \r at the end of the buffer may be the first half of \r\n: wait for more.
        if (buffer[newline] === '\r' && newline + 1 === buffer.length) break;
        buffer = buffer.slice(newline + width);
        if (line === '') {
          if (data.length > 0) {
            yield {
              event: event || 'message',
              data: data.join('\n'),
              ...(id !== undefined ? { id } : {}),
              ...(retry !== undefined ? { retry } : {}),
            };
          }
          data = [];
          event = '';
          retry = undefined;
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let content = colon < 0 ? '' : line.slice(colon + 1);
          if (content.startsWith(' ')) content = content.slice(1);
          if (field === 'data') data.push(content);
          else if (field === 'event') event = content;
          else if (field === 'id' && !content.includes('\0')) id = content;
          else if (field === 'retry' && /^\d+$/.test(content)) retry = Number(content);
        }
        newline = buffer.search(/\r\n|\r|\n/);
      }
    }
  } finally {
    // Stopping early (a consumer's break, a reconnect) must close the connection, not just detach.
    await reader.cancel().catch(() => undefined);
  }
}
