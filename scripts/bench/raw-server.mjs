// Baseline for the benchmark: a bare node:http server answering fixed responses from memory.
// usage: node raw-server.mjs RESPONSES_JSON (prints "ready <port>" once listening on a free port)
// RESPONSES_JSON: { etag, plain, gzip?, br?, notModified }, each { status, headers: [name, value, …], body (base64) }.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const responses = Object.fromEntries(Object.entries(spec)
  .filter(([, r]) => r && typeof r === 'object')
  .map(([name, r]) => [name, { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') }]));

const server = createServer((req, res) => {
  const accept = String(req.headers['accept-encoding'] ?? '');
  const r = req.headers['if-none-match'] === spec.etag ? responses.notModified
    : responses.br && accept.includes('br') ? responses.br
      : responses.gzip && accept.includes('gzip') ? responses.gzip
        : responses.plain;
  res.writeHead(r.status, r.headers);
  res.end(r.body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));
