// Request and response bodies: JSON in, JSON out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, parseJson, type Json, type JsonObject } from './json';
import { badRequest } from './status';

/** DeleteOptions come in the body or, from client-node, as query parameters. */
export function deleteOptions(query: URLSearchParams, body: string): JsonObject {
  const parsed = parse(body);
  const options: JsonObject = isObject(parsed) ? parsed : {};
  const policy = query.get('propagationPolicy');
  if (policy !== null) options.propagationPolicy = policy;
  const orphan = query.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = orphan === 'true';
  return options;
}

export function parse(body: string): Json | undefined {
  try {
    return parseJson(body);
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      chunks.push(c);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, code: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
