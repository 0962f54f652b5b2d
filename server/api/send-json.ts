// A JSON body sent as it is. Express's response.json also converts the text to a buffer and
// hashes it for an ETag; an ETag only answers conditional GET requests, so on the response to a
// POST (a rated invoice is computed anew for every request) it is work nobody can use.
import type { Response } from 'express';

export function sendJson(response: Response, body: unknown): void {
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  // Node sets Content-Length for a body sent whole with end(), and sends it with the headers.
  response.end(JSON.stringify(body));
}
