// The order the background classifies tabs in: one classification at a time, fair between tabs.
// Plain JavaScript with no browser API, so that the order is tested on its own (tests/js/scheduler.test.mjs).
//
// Each tab has at most one request waiting: a newer snapshot from the same tab replaces the older one,
// which is answered at once. When the running call ends, the waiting tab served least recently goes
// next (a tab never served before goes before any tab that was). So while a tab's request waits, every
// other tab is served at most once: a tab that floods the background delays another tab by at most one
// classify call, however many snapshots it sends.

/**
 * `serve(tabId, job, answer)` classifies one request and resolves to its answer; or it gives the answer
 * earlier with `answer(value)` and goes on with work that must still end before the next call (storing
 * the report): the request is answered at once, the next call waits, and what `serve` resolves to then
 * is not used. `superseded()` is the answer
 * to a request replaced by a newer one from the same tab; `failed(error)` the answer when `serve`
 * throws or rejects. `pause()` runs between two calls, to let other messages in.
 */
export function createScheduler({ serve, superseded, failed, pause = () => new Promise((resolve) => setTimeout(resolve, 0)) }) {
  /** Per tab, the one request waiting, with the function that answers it. */
  const waiting = new Map();
  /** When each tab was last served (a count of calls started). */
  const lastServed = new Map();
  let started = 0;
  let working = false;

  function next() {
    let best;
    for (const tabId of waiting.keys()) {
      if (best === undefined || (lastServed.get(tabId) ?? -1) < (lastServed.get(best) ?? -1)) best = tabId;
    }
    return best;
  }

  async function work() {
    working = true;
    try {
      while (waiting.size > 0) {
        const tabId = next();
        const { job, resolve } = waiting.get(tabId);
        waiting.delete(tabId);
        lastServed.set(tabId, ++started);
        let answered = false;
        const answer = (value) => {
          if (answered) return;
          answered = true;
          resolve(value);
        };
        try {
          answer(await serve(tabId, job, answer));
        } catch (error) {
          answer(failed(error));
        }
        await pause();
      }
    } finally {
      working = false;
    }
  }

  /** Queues `job` for `tabId`; resolves to its answer (or to `superseded()` if a newer one replaces it). */
  function submit(tabId, job) {
    waiting.get(tabId)?.resolve(superseded());
    return new Promise((resolve) => {
      waiting.set(tabId, { job, resolve });
      if (!working) work();
    });
  }

  /** Answers the tab's waiting request, if any, with `answer` and drops it (the tab navigated). */
  function cancel(tabId, answer) {
    waiting.get(tabId)?.resolve(answer);
    waiting.delete(tabId);
  }

  /** The tab is closed: its waiting request is answered with `answer` and its turn forgotten. */
  function close(tabId, answer) {
    cancel(tabId, answer);
    lastServed.delete(tabId);
  }

  return Object.freeze({ submit, cancel, close });
}
