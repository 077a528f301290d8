// Regenerates the brotli fixtures (Java has no brotli encoder): node make-br-fixtures.js
// chat-completion.json.br: one-shot. chat-stream.sse.br: streamed, flushed after every event as a server does.
const fs = require('fs');
const zlib = require('zlib');
const here = __dirname;
fs.writeFileSync(`${here}/chat-completion.json.br`, zlib.brotliCompressSync(fs.readFileSync(`${here}/chat-completion.json`)));
const events = fs.readFileSync(`${here}/chat-stream.sse`, 'utf8').split(/(?<=\n\n)/);
const enc = zlib.createBrotliCompress();
const out = [];
enc.on('data', (c) => out.push(c));
enc.on('end', () => fs.writeFileSync(`${here}/chat-stream.sse.br`, Buffer.concat(out)));
(async () => {
  for (const e of events) {
    enc.write(Buffer.from(e, 'utf8'));
    await new Promise((resolve) => enc.flush(zlib.constants.BROTLI_OPERATION_FLUSH, resolve));
  }
  enc.end();
})();
