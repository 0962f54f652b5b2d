// An open-loop, constant-arrival-rate load generator: request i is due at start + i / rate, sent
// when it is due whether or not earlier ones have been answered, and its latency counts from when
// it was due, not from when it went out. A closed-loop generator (each connection waits for its
// answer before sending the next) sends less while the server is slow, so the slow moments are
// sampled less often than they happen (coordinated omission); here a stall of the server, of the
// network or of this generator itself shows up in the latency of every request due during it.
//
// Requests go over keep-alive connections (node:http Agent); a request due while every open
// connection is busy opens another, up to `maxConnections`, and beyond that waits in the agent's
// queue, with that wait in its latency.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopRun {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  /** Sent and answered before the measured ones, not measured: connections open, code warms. */
  leadInSeconds: number;
  seconds: number;
  maxConnections: number;
  /** How long to wait for the last answers after the last request is due. */
  drainMs: number;
}

export interface OpenLoopResult {
  /** Measured requests that were due (rate x seconds). */
  due: number;
  /** Of those, answered with a complete response. */
  answered: number;
  /** Complete responses, lead-in included. */
  responses: number;
  /** Responses other than 200. */
  non200: number;
  /** 200 responses whose body differs from the first 200 body. */
  differentBodies: number;
  /** Connection errors. */
  errors: number;
  /** Requests still unanswered `drainMs` after the last one was due. */
  unanswered: number;
  /** Answered requests per second over the measured window. */
  rps: number;
  /** From when each request was due to the end of its response. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** How late this generator sent requests (timer granularity, its own pauses): p99 and max. */
  sendLagMs: { p99: number; max: number };
  /** Connections the agent opened. */
  connections: number;
  /** The first 200 body (lead-in included). */
  sampleBody: string | undefined;
}

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function runOpenLoad(run: OpenLoopRun): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: run.maxConnections });
  const sockets = new Set<unknown>();
  const target = new URL(run.url);
  const body = Buffer.from(run.body);
  const headers = { ...run.headers, 'content-length': String(body.length) };
  const intervalMs = 1000 / run.rate;
  const leadIn = Math.round(run.leadInSeconds * run.rate);
  const total = leadIn + Math.round(run.seconds * run.rate);
  const latencies = new Float64Array(total - leadIn);
  const sendLags = new Float64Array(total);
  let answered = 0;
  let responses = 0;
  let settled = 0;
  let non200 = 0;
  let differentBodies = 0;
  let errors = 0;
  let sampleBody: string | undefined;
  let firstMeasuredAnswerAt = Number.POSITIVE_INFINITY;
  let lastMeasuredAnswerAt = 0;

  return new Promise((resolve) => {
    const start = performance.now() + 10;
    let next = 0;
    let drainTimer: NodeJS.Timeout | undefined;
    let finished = false;

    const finish = () => {
      if (finished) return;
      finished = true;
      if (drainTimer) clearTimeout(drainTimer);
      agent.destroy();
      const measured = latencies.slice(0, answered).sort();
      const lags = sendLags.slice(0, next).sort();
      const windowSeconds = (lastMeasuredAnswerAt - firstMeasuredAnswerAt) / 1000;
      resolve({
        due: total - leadIn,
        answered,
        responses,
        non200,
        differentBodies,
        errors,
        unanswered: total - settled,
        rps: windowSeconds > 0 ? answered / windowSeconds : Number.NaN,
        latencyMs: {
          p50: percentile(measured, 0.5),
          p90: percentile(measured, 0.9),
          p99: percentile(measured, 0.99),
          p999: percentile(measured, 0.999),
          max: measured.length > 0 ? measured[measured.length - 1]! : Number.NaN,
        },
        sendLagMs: { p99: percentile(lags, 0.99), max: lags.length > 0 ? lags.at(-1)! : 0 },
        connections: sockets.size,
        sampleBody,
      });
    };

    const settle = () => {
      settled++;
      if (settled === total) finish();
    };

    const send = (index: number, dueAt: number) => {
      sendLags[index] = performance.now() - dueAt;
      let done = false;
      const settleOnce = (failed: boolean) => {
        if (done) return;
        done = true;
        if (failed) errors++;
        settle();
      };
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: run.path,
          headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answeredAt = performance.now();
            const text = Buffer.concat(chunks).toString('utf8');
            responses++;
            if (response.statusCode !== 200) non200++;
            else if (sampleBody === undefined) sampleBody = text;
            else if (text !== sampleBody) differentBodies++;
            if (index >= leadIn) {
              latencies[answered++] = answeredAt - dueAt;
              firstMeasuredAnswerAt = Math.min(firstMeasuredAnswerAt, answeredAt);
              lastMeasuredAnswerAt = Math.max(lastMeasuredAnswerAt, answeredAt);
            }
            settleOnce(false);
          });
          response.on('error', () => settleOnce(true));
        },
      );
      request.on('socket', (socket) => sockets.add(socket));
      request.on('error', () => settleOnce(true));
      request.end(body);
    };

    // Timers fire on whole milliseconds at best: each tick sends every request due by now.
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        send(next, start + next * intervalMs);
        next++;
      }
      if (next < total) {
        setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      } else {
        drainTimer = setTimeout(finish, run.drainMs);
      }
    };
    setTimeout(tick, 10);
  });
}
