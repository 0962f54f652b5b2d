// The API benchmark's load generator reads HTTP responses itself, so what it counts is checked
// here against a real node:http server: every request answered, bodies compared byte for byte,
// other statuses counted, responses split over many TCP chunks still read whole.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runOpenLoad, type OpenLoopRun } from '../../bench/open-loop-load';

let server: http.Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering the n-th request (from 0) with `answer(n)`, written in small pieces. */
async function serve(answer: (n: number) => { status: number; body: string }): Promise<string> {
  let count = 0;
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, body } = answer(count++);
      const bytes = Buffer.from(body);
      response.writeHead(status, { 'content-length': bytes.length });
      // Three writes: the generator must put the body back together.
      response.write(bytes.subarray(0, 1));
      response.write(bytes.subarray(1, 5));
      response.end(bytes.subarray(5));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const run = (url: string): OpenLoopRun => ({
  url,
  path: '/rate',
  headers: { 'content-type': 'application/json' },
  body: '{"period":{}}',
  rate: 200,
  leadInSeconds: 0.05,
  seconds: 0.25,
  maxConnections: 8,
  drainMs: 2000,
});

describe('runOpenLoad', () => {
  it('sends rate x seconds measured requests and reads every answer', async () => {
    const url = await serve(() => ({ status: 200, body: '{"total":"1654.15"}' }));
    const result = await runOpenLoad(run(url));
    // 200/s: 10 in the lead-in, 50 measured.
    expect(result.due).toBe(50);
    expect(result.answered).toBe(50);
    expect(result.responses).toBe(60);
    expect(result.non200 + result.differentBodies + result.errors + result.unanswered).toBe(0);
    expect(result.sampleBody).toBe('{"total":"1654.15"}');
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p50);
  });

  it('counts other statuses and bodies that differ from the first one', async () => {
    const url = await serve((n) =>
      n === 20
        ? { status: 500, body: '{"title":"Internal Server Error"}' }
        : { status: 200, body: n === 30 || n === 31 ? '{"total":"9999.99"}' : '{"total":"1.00"}' },
    );
    const result = await runOpenLoad(run(url));
    expect(result.non200).toBe(1);
    expect(result.differentBodies).toBe(2);
    expect(result.answered).toBe(50);
  });

  it('counts a connection the server refuses as errors, not answers', async () => {
    const url = await serve(() => ({ status: 200, body: '{}' }));
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const result = await runOpenLoad({ ...run(url), seconds: 0.05, leadInSeconds: 0 });
    expect(result.answered).toBe(0);
    expect(result.errors).toBe(10);
    expect(result.unanswered).toBe(0);
  });
});
