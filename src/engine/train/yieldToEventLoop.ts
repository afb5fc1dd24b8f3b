/**
 * Lets queued messages (pause, stop, step, inspect) run between two training batches. A MessageChannel
 * round trip is a macrotask without setTimeout's 4 ms clamp for nested timers, and exists both in Web
 * Workers and in Node. The ports are closed after each use so Node's event loop is not kept alive.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
