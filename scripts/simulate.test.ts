import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamClient } from '../relay/test/support/stream-client';
import { startRelayProcess, type RelayProcess } from '../tests/support/relay-process';
import { phoneNumberIdFor } from '../tools/emulators/openphone/payloads';

const LEGACY_KEY = 'cmVjZXB0aW9uaXN0LWNvbnNvbGUtdGVzdC1rZXktMDE=';
const STANDARD_KEY = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const LINE = '+16175550199';
const CALLER = '+16175550142';
const SIMULATE = path.resolve(__dirname, 'simulate.ts');

function simulate(args: string[], secret: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SIMULATE, ...args], {
    env: { ...process.env, OPENPHONE_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run simulate -- ring', () => {
  let relay: RelayProcess;
  let stream: StreamClient;
  const ring = (...extra: string[]) => ['ring', '--relay', relay.url, '--from', CALLER, '--to', LINE, '--answer-after', '0', '--duration', '0', ...extra];
  // The simulator prints OpenPhone's call id; the events carry it namespaced by provider.
  const typesOfCall = (callId: string) => stream.events().filter((e) => 'callId' in e.event.data && e.event.data.callId === `openphone:${callId}`).map((e) => e.event.type);

  beforeAll(async () => {
    relay = await startRelayProcess({
      env: { OPENPHONE_WEBHOOK_SECRET: `${LEGACY_KEY},${STANDARD_KEY}`, OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}` },
    });
    stream = await StreamClient.open(relay.wsUrl, await relay.addDevice('watcher', 'admin'));
  });
  afterAll(async () => {
    await stream.close();
    await relay.stop();
  });

  it('plays a new-generation call, signed with the whsec_ key of a setting that lists both', async () => {
    const run = await simulate(ring('--generation', 'standard'), `${LEGACY_KEY},${STANDARD_KEY}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`OPENPHONE_PHONE_NUMBER_IDS=${phoneNumberIdFor(LINE)}=${LINE}`);
    const callId = /call (AC[0-9a-f]+) done/.exec(run.stdout)?.[1] ?? '';
    await stream.waitFor(() => typesOfCall(callId).length === 3, 'the call events');
    expect(typesOfCall(callId)).toEqual(['call.ringing', 'call.answered', 'call.completed']);
  });

  it('plays a legacy call by default, signed with the other key', async () => {
    const run = await simulate(ring(), `${STANDARD_KEY},${LEGACY_KEY}`);
    expect(run.code, run.stderr).toBe(0);
    const callId = /call (AC[0-9a-f]+) done/.exec(run.stdout)?.[1] ?? '';
    await stream.waitFor(() => typesOfCall(callId).length === 2, 'the call events');
    expect(typesOfCall(callId)).toEqual(['call.ringing', 'call.completed']);
  });

  it('plays a recorded call whose transcript has the caller say the words given with --say', async () => {
    const words = "I'd like someone to look at a leaking pipe at 12 Oak Street next Tuesday morning";
    const run = await simulate(ring('--record', '--media-base-url', 'http://127.0.0.1:9', '--say', words), LEGACY_KEY);
    expect(run.code, run.stderr).toBe(0);
    const callId = /call (AC[0-9a-f]+) done/.exec(run.stdout)?.[1] ?? '';
    await stream.waitFor(() => typesOfCall(callId).includes('call.transcript_ready'), 'the transcript');
    const transcript = stream.events().find((e) => e.event.type === 'call.transcript_ready' && e.event.data.callId === `openphone:${callId}`)!.event;
    expect(transcript.type === 'call.transcript_ready' && transcript.data.dialogue.map((line) => line.text)).toContain(words);
    const refused = await simulate(ring('--say', words), LEGACY_KEY);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--say needs --record/);
  });

  it('refuses to start without the key of the generation asked for, or with an unknown generation', async () => {
    const run = await simulate(ring('--generation', 'standard'), LEGACY_KEY);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/OPENPHONE_WEBHOOK_SECRET has no whsec_… key/);
    expect(run.stderr).not.toContain(LEGACY_KEY);
    const bad = await simulate(ring('--generation', 'modern'), LEGACY_KEY);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--generation must be legacy or standard, got 'modern'/);
  });
});
