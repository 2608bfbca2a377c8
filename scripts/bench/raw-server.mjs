// Baseline for the benchmark: a bare node:http server answering fixed responses from memory.
// usage: node raw-server.mjs RESPONSES_JSON [WORKERS] (prints "ready <port>" once listening on a free port)
// RESPONSES_JSON: { etag, plain, gzip?, br?, notModified }, each { status, headers: [name, value, …], body (base64) }.
// WORKERS > 1: a node:cluster primary forks that many workers sharing one port (default scheduling,
// round-robin through the primary on Linux), the way a clustered app would be laid out.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const workers = Number(process.argv[3] ?? 1);

function serve() {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const responses = Object.fromEntries(Object.entries(spec)
    .filter(([, r]) => r && typeof r === 'object')
    .map(([name, r]) => [name, { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') }]));
  return createServer((req, res) => {
    const accept = String(req.headers['accept-encoding'] ?? '');
    const r = req.headers['if-none-match'] === spec.etag ? responses.notModified
      : responses.br && accept.includes('br') ? responses.br
        : responses.gzip && accept.includes('gzip') ? responses.gzip
          : responses.plain;
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
}

if (workers > 1 && cluster.isPrimary) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) process.stdout.write(`ready ${address.port}\n`);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  // Workers asking for port 0 all get the same port from the primary.
  const server = serve();
  server.listen(0, '127.0.0.1', () => {
    if (workers <= 1) process.stdout.write(`ready ${server.address().port}\n`);
  });
}
