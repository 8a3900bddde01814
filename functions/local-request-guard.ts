/**
 * What the local server refuses before reading a request, because it checks no
 * signature (SigV4): a web page the developer has open must not be able to use it.
 * A browser sends a cross-origin POST with a text/plain, form or multipart body and
 * no preflight (a "simple" request: the write happens even though the page cannot
 * read the answer), and DNS rebinding lets a page reach 127.0.0.1 under its own host
 * name. So: a body must be JSON, as the AWS SDK sends it (`Content-Type:
 * application/json` for Connect's REST-JSON operations); the Host must name this
 * server; a request from a web page (an Origin header naming another origin) is refused.
 */
import type { IncomingMessage } from 'node:http';
import { AccessDeniedException, UnsupportedMediaTypeException, type ApiError } from '../engine/api/errors.ts';
import { isLoopbackHost } from '../storage/endpoints.ts';

/** The media types a body may have: REST-JSON's, and the JSON protocols' the SDK uses elsewhere. */
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/x-amz-json-1.0', 'application/x-amz-json-1.1']);

/** Addresses a server listens on for every interface: no one Host names it. */
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The local servers behind the guard, as their refusals name them: whoever is refused
 * (a tool given the wrong name, a developer reading the answer) is told the command that
 * runs the server and, where there is one, the option that lets another name in.
 */
const LOCAL_SERVERS = {
  serve: { name: 'the local API', allowedHostOption: 'serve --allowed-host', exposed: 'any page could change rules' },
  // Started by the command for its own SDK requests on a port it does not print: no other client has a use for it.
  contacts: { name: 'the contacts server of connect-rules contacts --data-dir', allowedHostOption: undefined, exposed: 'any page could read the contacts' },
} as const satisfies Record<string, { name: string; allowedHostOption: string | undefined; exposed: string }>;

export type LocalServerName = keyof typeof LOCAL_SERVERS;

export interface GuardOptions {
  /** Which local server this is, for what its refusals say. */
  readonly server: LocalServerName;
  /** The address the server listens on (`--host`). */
  readonly host: string;
  /** More host names the Host header may give (a name the developer set up for this machine). */
  readonly allowedHosts?: readonly string[];
}

/** `name:port` or `[v6]:port` split; undefined port when none is given. */
function splitHost(value: string): { name: string; port: string | undefined } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(value.trim().toLowerCase());
  return m ? { name: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] } : { name: value, port: undefined };
}

/** Whether a request has a body (a length above 0, or chunked). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** A refusal for `req`, or undefined when it may be served. */
export function localRequestGuard(options: GuardOptions): (req: IncomingMessage) => ApiError | undefined {
  const listenName = splitHost(options.host).name;
  const names = new Set([listenName, ...(options.allowedHosts ?? []).map((h) => splitHost(h).name)]);
  // On every interface (--allow-remote --host 0.0.0.0) any name may reach the server: only the body is checked.
  const checkHost = !WILDCARD.has(listenName);
  const known = (value: string, port: number): boolean => {
    const { name, port: given } = splitHost(value);
    return (names.has(name) || isLoopbackHost(name)) && (given === undefined ? port === 80 : Number(given) === port);
  };
  const server = LOCAL_SERVERS[options.server];
  const otherNames = server.allowedHostOption ? ` or a name it was given (${server.allowedHostOption})` : '';
  const noOtherName = server.allowedHostOption ? '' : '; it takes no other name: it serves only the command that started it';
  return (req) => {
    const port = req.socket.localPort ?? 0;
    const host = req.headers.host;
    if (checkHost && (host === undefined || !known(host, port))) {
      return new AccessDeniedException(`Host '${host ?? ''}' does not name this server: ${server.name} answers only requests addressed to ${listenName}:${port} (a loopback name)${otherNames}, which a web page reaching it through its own domain name (DNS rebinding) is not${noOtherName}`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        // `null` (a sandboxed page) or not a URL: not this server
      }
      if (!originHost || !known(originHost, port)) {
        return new AccessDeniedException(`Origin '${origin}': ${server.name} does not answer requests from web pages (it checks no signature, so ${server.exposed})`);
      }
    }
    const type = req.headers['content-type'];
    const media = type?.split(';')[0]!.trim().toLowerCase();
    if (media === undefined ? hasBody(req) : !JSON_MEDIA_TYPES.has(media)) {
      return new UnsupportedMediaTypeException(`Content-Type '${type ?? ''}' is not accepted: a request body must be JSON, sent as 'application/json' (as the AWS SDK sends it)`);
    }
    return undefined;
  };
}
