/** Reads server-sent `ticket` events from a fetch stream, as the status component does. */
export async function* ticketEvents(response: Response): AsyncGenerator<any> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (/^event: ticket$/m.test(block)) yield JSON.parse(data);
    }
  }
}

/** The next event the stream yields, or a failure after `milliseconds`. */
export async function nextWithin<T>(stream: AsyncGenerator<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${milliseconds} ms`)), milliseconds);
  });
  try {
    const next = await Promise.race([stream.next(), timeout]);
    if (next.done) throw new Error(`the stream ended before ${what}`);
    return next.value;
  } finally {
    clearTimeout(timer);
  }
}
