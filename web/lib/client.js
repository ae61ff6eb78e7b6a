// The page's side of the worker protocol (see workers/serve.js): numbered requests
// answered by promises, pushed messages handed to listeners, and a crash
// reported once so that the page can offer a restart.

export class WorkerClient {
  constructor(createWorker) {
    this.createWorker = createWorker;
    this.listeners = new Map();  // type -> Set of callbacks
    this.pending = new Map();    // id -> { resolve, reject, action }
    this.nextId = 1;
    this.worker = null;
    this.dead = false;
  }

  start() {
    this.worker = this.createWorker();
    this.dead = false;
    this.worker.addEventListener('message', (event) => this.onMessage(event.data));
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fail(event.message || 'the worker stopped with an error');
    });
    this.worker.addEventListener('messageerror', () => this.fail('a message from the worker could not be read'));
  }

  // Ends the worker and every request waiting on it.
  stop(reason = 'the worker was stopped') {
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(reason);
  }

  rejectAll(reason) {
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
  }

  fail(message) {
    if (this.dead) return;
    this.dead = true;
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(`the worker crashed: ${message}`);
    this.emit('crash', { message });
  }

  on(type, callback) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(callback);
    return () => this.listeners.get(type).delete(callback);
  }

  emit(type, message) {
    for (const callback of this.listeners.get(type) ?? []) callback(message);
  }

  onMessage(message) {
    if (message && message.type) {
      if (message.type === 'fatal') this.fail(message.message);
      else this.emit(message.type, message);
      return;
    }
    const entry = this.pending.get(message?.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if ('error' in message) entry.reject(new Error(message.error));
    else entry.resolve(message.result);
  }

  request(action, args = {}, transfer = []) {
    if (!this.worker) return Promise.reject(new Error('the worker is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, action });
      this.worker.postMessage({ id, action, ...args }, transfer);
    });
  }
}
