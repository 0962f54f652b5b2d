// An open-loop, constant-arrival-rate load generator: request i is due at start + i / rate, sent
// when it is due whether or not earlier ones have been answered, and its latency counts from when
// it was due, not from when it went out. A closed-loop generator (each connection waits for its
// answer before sending the next) sends less while the server is slow, so the slow moments are
// sampled less often than they happen (coordinated omission); here a stall of the server, of the
// network or of this generator itself shows up in the latency of every request due during it.
//
// Requests go over keep-alive connections; a request due while every open connection is busy
// opens another, up to `maxConnections`, and beyond that waits for the first connection to come
// free, with that wait in its latency.
//
// The generator shares the machine with the server it measures, so it is written to cost little:
// plain TCP sockets, each request one prepared buffer written at once, and responses read only as
// far as HTTP/1.1 needs (status, Content-Length, the body's bytes, compared to the first body).
// Node's http client cost about 500 us of CPU per request here, as much as half the server's
// work, and its pauses delayed its own sending; this costs a fraction of that.
import net from 'node:net';
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

/** The bytes of one POST request, sent as they are on every connection. */
function requestBytes(run: OpenLoopRun, target: URL): Buffer {
  const body = Buffer.from(run.body);
  const head = [
    `POST ${run.path} HTTP/1.1`,
    `Host: ${target.host}`,
    'Connection: keep-alive',
    ...Object.entries(run.headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/** A response read off a connection: status and body, or why it could not be read. */
type ReadResponse = { status: number; body: Buffer } | { error: string };

/**
 * Reads HTTP/1.1 responses with a Content-Length, one at a time (no pipelining): `take` is given
 * each chunk and answers the response once its last byte is in.
 */
class ResponseReader {
  private chunks: Buffer[] = [];
  private received = 0;
  private bodyStart = -1;
  private expected = 0;
  private status = 0;

  take(chunk: Buffer): ReadResponse | undefined {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (this.bodyStart < 0) {
      const all = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
      this.chunks = [all];
      const headEnd = all.indexOf(HEAD_END);
      if (headEnd < 0) return undefined;
      const head = all.toString('latin1', 0, headEnd);
      this.status = Number(head.slice(9, 12));
      const length = CONTENT_LENGTH.exec(head);
      if (!length) return { error: `a response without Content-Length: ${head.split('\r\n')[0]}` };
      this.bodyStart = headEnd + HEAD_END.length;
      this.expected = this.bodyStart + Number(length[1]);
    }
    if (this.received < this.expected) return undefined;
    if (this.received > this.expected) return { error: 'bytes after the response' };
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const response = { status: this.status, body: all.subarray(this.bodyStart) };
    this.chunks = [];
    this.received = 0;
    this.bodyStart = -1;
    return response;
  }
}

interface Connection {
  socket: net.Socket;
  reader: ResponseReader;
  /** The request being answered on it (or waiting for it to connect); undefined when free. */
  inFlight: ((response: ReadResponse) => void) | undefined;
}

type Answer = (response: ReadResponse) => void;

export function runOpenLoad(run: OpenLoopRun): Promise<OpenLoopResult> {
  const target = new URL(run.url);
  const request = requestBytes(run, target);
  const intervalMs = 1000 / run.rate;
  const leadIn = Math.round(run.leadInSeconds * run.rate);
  const total = leadIn + Math.round(run.seconds * run.rate);
  const latencies = new Float64Array(total - leadIn);
  const sendLags = new Float64Array(total);
  const connections: Connection[] = [];
  const free: Connection[] = [];
  const waiting: Array<(connection: Connection) => void> = [];
  let opened = 0;
  let answered = 0;
  let responses = 0;
  let settled = 0;
  let non200 = 0;
  let differentBodies = 0;
  let errors = 0;
  let sampleBody: Buffer | undefined;
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
      for (const connection of connections) connection.socket.destroy();
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
        connections: opened,
        sampleBody: sampleBody?.toString('utf8'),
      });
    };

    const settle = () => {
      settled++;
      if (settled === total) finish();
    };

    const release = (connection: Connection) => {
      const nextWaiting = waiting.shift();
      if (nextWaiting) nextWaiting(connection);
      else free.push(connection);
    };

    /** A connection closed or failed: its request (if any) fails, and it is not used again. */
    const lose = (connection: Connection, reason: string) => {
      const index = connections.indexOf(connection);
      if (index < 0) return;
      connections.splice(index, 1);
      const freeIndex = free.indexOf(connection);
      if (freeIndex >= 0) free.splice(freeIndex, 1);
      const inFlight = connection.inFlight;
      connection.inFlight = undefined;
      inFlight?.({ error: reason });
    };

    /** A new connection for `answer`'s request, sent once it is connected. */
    const open = (answer: Answer) => {
      opened++;
      const socket = net.connect({ host: target.hostname, port: Number(target.port) });
      socket.setNoDelay(true);
      const connection: Connection = { socket, reader: new ResponseReader(), inFlight: answer };
      connections.push(connection);
      socket.once('connect', () => socket.write(request));
      socket.on('data', (chunk: Buffer) => {
        const response = connection.reader.take(chunk);
        if (response === undefined) return;
        const inFlight = connection.inFlight;
        connection.inFlight = undefined;
        if ('error' in response) {
          socket.destroy();
          lose(connection, response.error);
        } else {
          release(connection);
        }
        if (inFlight) inFlight(response);
        else errors++;
      });
      socket.on('error', (error) => lose(connection, error.message));
      socket.on('close', () => lose(connection, 'the server closed the connection'));
    };

    const send = (index: number, dueAt: number) => {
      sendLags[index] = performance.now() - dueAt;
      const answer: Answer = (response) => {
        const answeredAt = performance.now();
        if ('error' in response) {
          errors++;
          settle();
          return;
        }
        responses++;
        if (response.status !== 200) non200++;
        else if (sampleBody === undefined) sampleBody = Buffer.from(response.body);
        else if (!response.body.equals(sampleBody)) differentBodies++;
        if (index >= leadIn) {
          latencies[answered++] = answeredAt - dueAt;
          firstMeasuredAnswerAt = Math.min(firstMeasuredAnswerAt, answeredAt);
          lastMeasuredAnswerAt = Math.max(lastMeasuredAnswerAt, answeredAt);
        }
        settle();
      };
      const write = (connection: Connection) => {
        connection.inFlight = answer;
        connection.socket.write(request);
      };
      const idle = free.pop();
      if (idle) write(idle);
      else if (connections.length < run.maxConnections) open(answer);
      else waiting.push(write);
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
