/**
 * Loaded with `node --import` into a CLI run (test/cli/contacts-host.test.ts): when the
 * run's first HTTP server listens, and before the command hears it, sends that server
 * two GETs a web page could cause: one with a Host header naming another machine (DNS
 * rebinding), one from another origin; writes their statuses and bodies, as a JSON
 * array, to the file FOREIGN_HOST_PROBE_OUT. Real requests to the server the command
 * itself started, on the port it does not print.
 */
import { request, Server } from 'node:http';
import { writeFileSync } from 'node:fs';

const out = process.env.FOREIGN_HOST_PROBE_OUT;
const listen = Server.prototype.listen;
let probed = false;

function get(port, headers) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/contacts/any-instance/any-contact', headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (err) => resolve({ status: 0, body: String(err) }));
    req.end();
  });
}

const probe = async (port) => [
  await get(port, { host: `attacker.example:${port}` }),
  await get(port, { host: `127.0.0.1:${port}`, origin: 'https://attacker.example' }),
];

Server.prototype.listen = function (...args) {
  const done = typeof args.at(-1) === 'function' ? args.pop() : undefined;
  if (probed || !out) return listen.call(this, ...args, ...(done ? [done] : []));
  probed = true;
  return listen.call(this, ...args, () => {
    probe(this.address().port).then((answer) => {
      writeFileSync(out, JSON.stringify(answer));
      done?.();
    });
  });
};
