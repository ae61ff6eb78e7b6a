// A task boundary without the clamping nested timers get (4 ms each after a
// few): a worker's long loop awaits it between steps, so that a cancel gets in.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();

export const nextTask = () => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});
