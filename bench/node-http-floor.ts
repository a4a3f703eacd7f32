import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { newCallId } from '../tools/emulators/openphone/payloads';
import { BUSINESS_LINE, seededRandom } from './console-seed';
import { readProcessCpuSeconds, readProcessMemory } from './process-stats';
import { deliverAll, prepareRinging, webhookAgent } from './signed-webhooks';

/**
 * The floor under the relay's CPU per webhook: a bare node:http server (same node flags as
 * the relay, keep-alive, reads the body and answers a small JSON 200, nothing else) posted
 * the relay-ingest bench's webhooks by the same senders. `npx tsx bench/node-http-floor.ts [webhooks] [senders]`.
 */
const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    Buffer.concat(chunks);
    const body = '{"seq":1,"duplicate":false}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

async function main(): Promise<void> {
  const webhooks = Number(process.argv[2] ?? 20_000);
  const senders = Number(process.argv[3] ?? 32);
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.on('data', (chunk: Buffer) => resolve(Number(/listening (\d+)/.exec(chunk.toString())![1]))));
  const url = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString('base64');
  const random = seededRandom(3);
  const at = new Date();
  const make = (count: number) => Array.from({ length: count }, () => prepareRinging({ callId: newCallId(), from: `+1415${2_000_000 + Math.floor(random() * 7_999_999)}`, to: BUSINESS_LINE, at }, secret));
  const warmUp = webhookAgent(senders);
  await deliverAll(url, make(2_000), senders, warmUp);
  warmUp.destroy();
  const measured = make(webhooks);
  const agent = webhookAgent(senders);
  const before = readProcessCpuSeconds(child.pid!);
  const started = performance.now();
  await deliverAll(url, measured, senders, agent);
  const seconds = (performance.now() - started) / 1000;
  const cpu = readProcessCpuSeconds(child.pid!) - before;
  agent.destroy();
  console.log(`bare node:http @${senders}: ${((cpu / webhooks) * 1e6).toFixed(1)} µs CPU per request, ${(webhooks / seconds).toFixed(0)}/s, RSS ${(readProcessMemory(child.pid!).residentBytes / 1048576).toFixed(1)} MB`);
  child.kill();
}

void main();
