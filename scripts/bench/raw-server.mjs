// Baseline for the benchmark: a bare node:http server answering fixed bytes from memory.
// usage: node raw-server.mjs PORT BODY_FILE (PORT 0 picks a free one, printed as "ready <port>") CONTENT_TYPE ETAG [GZIP_FILE] [BR_FILE]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, bodyFile, type, etag, gzipFile, brFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const gzip = gzipFile ? readFileSync(gzipFile) : undefined;
const br = brFile ? readFileSync(brFile) : undefined;

const server = createServer((req, res) => {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag });
    res.end();
    return;
  }
  const accept = String(req.headers['accept-encoding'] ?? '');
  const [encoding, bytes] = br && accept.includes('br') ? ['br', br] : gzip && accept.includes('gzip') ? ['gzip', gzip] : [undefined, body];
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    ETag: etag,
    ...(encoding ? { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' } : {}),
  });
  res.end(bytes);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));
