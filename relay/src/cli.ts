import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mergeConfigFile, parseRelaySettings, type RelaySettings, type SettingsSource } from './config';
import { DataDirError } from './data-dir';
import { openRelayDatabase, type RelayDatabase } from './database';
import { RelayAccounts } from './accounts/relay-accounts';
import { addDevice, DeviceInputError, listDevices, revokeDevice } from './devices/device-store';
import { livePidIn, holdPidFile, IMPORTING_FILE, SERVING_FILE } from './log-import/data-dir-lock';
import { HistoryRefusedError, importHistory } from './log-import/log-import';
import { createLogger } from './logger';
import { createRelay } from './server';
import { BackupRefusedError, restoreBackup } from './backup/backup-restore';
import { backupsIn, makeBackup } from './backup/relay-backup';
import { takeMaintenanceTurn } from './db/maintenance-turns';
import { RedactionStore } from './privacy/redaction-store';

/**
 * `npm run relay` (or `npm run relay -- serve`) runs the relay;
 * `npm run relay -- device add|list|revoke` manages device tokens in the same data dir;
 * `npm run relay -- log import FILE` appends a history file at its own times (relay not running);
 * `npm run relay -- accounts rebuild` replays the log into the relay's accounts (relay not running);
 * `npm run relay -- backup now|list|restore` makes, lists and restores backups (restore: relay not running).
 */

const USAGE = `usage:
  npm run relay [-- serve]
  npm run relay -- device add --name NAME --role admin|bookkeeper|agent [--number +E164]...
  npm run relay -- device list
  npm run relay -- device revoke NAME
  npm run relay -- log import FILE.jsonl   (history at its own receivedAt; stop the relay first)
  npm run relay -- accounts rebuild        (the accounts replayed from the whole log; stop the relay first)
  npm run relay -- backup now [--to DIR]   (a checked copy of relay.db and the media; DIR defaults to RELAY_BACKUP_DIR)
  npm run relay -- backup list [--in DIR]
  npm run relay -- backup restore FILE     (puts a copy back; stop the relay first)`;

/** Exit code for a bad setting or bad command line, so a supervisor does not restart in a loop. */
const EXIT_USAGE = 2;

function main(argv: string[]): void {
  const [command = 'serve', subcommand, ...rest] = argv;
  if (command === 'serve' && subcommand === undefined) return serve(loadSettings());
  if (command === 'device' && subcommand !== undefined) return device(subcommand, rest, loadSettings());
  if (command === 'log' && subcommand === 'import') {
    if (rest.length !== 1) fail(`log import needs one file\n${USAGE}`);
    return void logImport(rest[0]!, loadSettings());
  }
  if (command === 'accounts' && subcommand === 'rebuild' && rest.length === 0) return accountsRebuild(loadSettings());
  if (command === 'backup' && subcommand !== undefined) return void backup(subcommand, rest, loadSettings());
  if (command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  fail(`unknown command: ${argv.join(' ')}\n${USAGE}`);
}

function loadSettings(): RelaySettings {
  let source: SettingsSource = process.env;
  const file = process.env.RELAY_CONFIG_FILE?.trim();
  if (file) {
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      fail(`RELAY_CONFIG_FILE ${file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const merged = mergeConfigFile(process.env, content, file);
    if (!merged.ok) fail(merged.errors.join('\n'));
    source = merged.source;
  }
  const parsed = parseRelaySettings(source);
  if (!parsed.ok) fail(parsed.errors.join('\n'));
  return parsed.settings;
}

function serve(settings: RelaySettings): void {
  const clock = Date.now;
  const logger = createLogger(settings.logLevel, clock);
  // Anything thrown outside a request handler is a bug: log it as JSON before exiting.
  process.on('uncaughtException', (error) => {
    logger.error('relay crashed', { error: error.stack ?? error.message });
    process.exit(1);
  });
  const db = openDatabase(settings);
  const importing = livePidIn(settings.dataDir, IMPORTING_FILE);
  if (importing !== null) fail(`a history import (pid ${importing}) is writing to RELAY_DATA_DIR ${path.resolve(settings.dataDir)}: start the relay once it has finished`);
  const release = holdPidFile(settings.dataDir, SERVING_FILE);
  process.once('exit', release);
  const relay = createRelay({ settings, db, logger, clock });
  relay.server.on('error', (error) => {
    logger.error('cannot listen', { host: settings.host, port: settings.port, error: error.message });
    process.exit(1);
  });
  relay.server.listen(settings.port, settings.host, () => {
    const address = relay.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : settings.port;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    process.stdout.write(`ringside relay listening on http://${host}:${port}\n`);
    logger.info('relay started', {
      dataDir: settings.dataDir,
      headSeq: relay.log.headSeq,
      webhooks: relay.webhooks,
      publicUrl: settings.publicUrl ?? 'not set',
    });
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    relay
      .close()
      .then(() => {
        db.close();
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function openDatabase(settings: RelaySettings): RelayDatabase {
  try {
    return openRelayDatabase(settings.dataDir);
  } catch (error) {
    if (error instanceof DataDirError) fail(error.message);
    fail(`the relay database in RELAY_DATA_DIR ${settings.dataDir} cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function device(subcommand: string, args: string[], settings: RelaySettings): void {
  const db = openDatabase(settings);
  // stderr, so a script reading the token from stdout is not disturbed.
  process.stderr.write(`relay data directory: ${path.resolve(settings.dataDir)} (RELAY_DATA_DIR)\n`);
  try {
    if (subcommand === 'add') {
      const { values } = parseArgs({
        args,
        options: { name: { type: 'string' }, role: { type: 'string' }, number: { type: 'string', multiple: true } },
        strict: true,
      });
      if (values.name === undefined || values.role === undefined) fail(`device add needs --name and --role\n${USAGE}`);
      const { device: added, token } = addDevice(db, { name: values.name, role: values.role, numbers: values.number ?? [] }, new Date());
      process.stdout.write(`added device '${added.name}' (${added.role}${added.numbers.length ? `, ${added.numbers.join(' ')}` : ''})\n`);
      process.stdout.write('its token is shown once, below; paste it into the console settings\n');
      process.stdout.write(`${token}\n`);
    } else if (subcommand === 'list') {
      if (args.length > 0) fail(`device list takes no arguments\n${USAGE}`);
      process.stdout.write(deviceTable(listDevices(db)));
    } else if (subcommand === 'revoke') {
      const name = args.join(' ').trim();
      if (name === '') fail(`device revoke needs a device name\n${USAGE}`);
      const outcome = revokeDevice(db, name, new Date());
      if (outcome === 'not_found') fail(`no device named '${name}'`);
      process.stdout.write(outcome === 'revoked' ? `revoked device '${name}'\n` : `device '${name}' was already revoked\n`);
    } else {
      fail(`unknown device command: ${subcommand}\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof DeviceInputError) fail(error.message);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) fail(`${error.message}\n${USAGE}`);
    throw error;
  } finally {
    db.close();
  }
}

async function logImport(file: string, settings: RelaySettings): Promise<void> {
  const dataDir = path.resolve(settings.dataDir);
  const db = openDatabase(settings);
  process.stderr.write(`relay data directory: ${dataDir} (RELAY_DATA_DIR)\n`);
  // The relay's clock and its streams' view of the log live in its memory: import while it is stopped.
  const serving = livePidIn(settings.dataDir, SERVING_FILE);
  if (serving !== null) fail(`the relay is running on this data directory (pid ${serving}): stop it, import, then start it again`);
  const other = livePidIn(settings.dataDir, IMPORTING_FILE);
  if (other !== null) fail(`another import (pid ${other}) is writing to this data directory`);
  const release = holdPidFile(settings.dataDir, IMPORTING_FILE);
  process.once('exit', release);
  const count = (n: number): string => n.toLocaleString('en-US');
  try {
    const report = await importHistory({
      db,
      settings,
      file,
      nowMs: Date.now(),
      onProgress: (done, total) => process.stdout.write(`imported ${count(done)} of ${count(total)} events\n`),
    });
    process.stdout.write(`${file}: ${count(report.lines)} lines, ${count(report.imported)} events imported, ${count(report.duplicates)} already in the log (skipped)\n`);
    if (report.erasedAgain.length > 0) process.stdout.write(`${report.erasedAgain.length} customers erased since the relay was restored (${report.erasedAgain.join(', ')}) are erased again when it starts: what these events say of them goes too\n`);
  } catch (error) {
    if (error instanceof HistoryRefusedError) fail(`${file} was not imported (nothing was stored): ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail(`${file} was not imported: no such file`);
    throw error;
  } finally {
    db.close();
    release();
  }
}

function accountsRebuild(settings: RelaySettings): void {
  const db = openDatabase(settings);
  process.stderr.write(`relay data directory: ${path.resolve(settings.dataDir)} (RELAY_DATA_DIR)\n`);
  // A running relay keeps the accounts in memory and moves them with every append: rebuild while it is stopped.
  const serving = livePidIn(settings.dataDir, SERVING_FILE) ?? livePidIn(settings.dataDir, IMPORTING_FILE);
  if (serving !== null) fail(`a relay or an import (pid ${serving}) is using this data directory: stop it, rebuild, then start it again`);
  const count = (n: number): string => n.toLocaleString('en-US');
  let lastAt = -Infinity;
  let final = { events: 0, elapsedMs: 0 };
  try {
    RelayAccounts.rebuilt(db, {
      onProgress: (p) => {
        final = p;
        if (p.elapsedMs - lastAt < 1000 && p.appliedSeq < p.headSeq) return;
        lastAt = p.elapsedMs;
        process.stdout.write(`accounts: ${count(p.appliedSeq)} of ${count(p.headSeq)} events (${Math.round((100 * p.appliedSeq) / Math.max(1, p.headSeq))} %)\n`);
      },
    });
    const perSecond = Math.round(final.events / Math.max(final.elapsedMs / 1000, 0.001));
    process.stdout.write(`accounts rebuilt from ${count(final.events)} events in ${(final.elapsedMs / 1000).toFixed(1)} s (${count(perSecond)} events/s)\n`);
  } finally {
    db.close();
  }
}

async function backup(subcommand: string, args: string[], settings: RelaySettings): Promise<void> {
  const dataDir = path.resolve(settings.dataDir);
  const option = (name: 'to' | 'in'): string | null => {
    const { values, positionals } = parseArgs({ args, options: { [name]: { type: 'string' } }, strict: true, allowPositionals: false });
    if (positionals.length > 0) fail(`backup ${subcommand} takes no file\n${USAGE}`);
    const dir = (values[name] as string | undefined) ?? settings.backup.dir;
    if (dir === null) fail(`backup ${subcommand} needs a folder: set RELAY_BACKUP_DIR or pass --${name} DIR`);
    return path.resolve(dir);
  };
  const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
  try {
    if (subcommand === 'now') {
      const backupDir = option('to')!;
      if (backupDir === dataDir || backupDir.startsWith(`${dataDir}${path.sep}`)) fail(`the backup folder ${backupDir} must be outside RELAY_DATA_DIR ${dataDir}`);
      // Safe beside a running relay: the copy is one read of a consistent snapshot, made in
      // its turn with the relay's own backups and erasure scrubs.
      const release = await takeMaintenanceTurn(dataDir, (pid) => process.stderr.write(`waiting for the relay (pid ${pid}) to finish a backup or an erasure's scrub…\n`));
      let made: Awaited<ReturnType<typeof makeBackup>>;
      try {
        const db = openDatabase(settings);
        let purgeBeforeMs: number | null;
        try {
          purgeBeforeMs = new RedactionStore(db).lastRemovalAtMs();
        } finally {
          db.close();
        }
        made = await makeBackup({ dataDir, backupDir, keep: settings.backup.keep, purgeBeforeMs, nowMs: Date.now() });
      } finally {
        release();
      }
      process.stdout.write(`backed up the log up to seq ${made.headSeq} to ${made.file} (${megabytes(made.bytes)}); media: ${made.mediaCopied} copied, ${made.mediaRemoved} removed; ${made.deleted.length} older copies deleted\n`);
    } else if (subcommand === 'list') {
      const backupDir = option('in')!;
      const files = await backupsIn(backupDir);
      if (files.length === 0) {
        process.stdout.write(`no backups in ${backupDir}\n`);
        return;
      }
      const rows = [['FILE', 'MADE', 'LOG UP TO SEQ']];
      for (const file of files) rows.push([file.name, new Date(file.madeAtMs).toISOString(), String(file.headSeq)]);
      process.stdout.write(table(rows));
    } else if (subcommand === 'restore') {
      if (args.length !== 1) fail(`backup restore needs one file\n${USAGE}`);
      const serving = livePidIn(settings.dataDir, SERVING_FILE) ?? livePidIn(settings.dataDir, IMPORTING_FILE);
      if (serving !== null) fail(`a relay or an import (pid ${serving}) is using RELAY_DATA_DIR ${dataDir}: stop it, restore, then start it again`);
      const file = path.resolve(args[0]!);
      const restored = await restoreBackup(file, dataDir, Date.now());
      process.stdout.write(
        [
          `restored ${file} into ${dataDir}: the log now ends at seq ${restored.headSeq}; ${restored.mediaCopied} media files copied back`,
          restored.replacedAs === null ? 'there was no database before' : `the database it replaced is kept as ${restored.replacedAs}: delete it once the relay runs well`,
          ...(restored.carried === null
            ? restored.carryError === null
              ? []
              : [`the replaced database could not be read (${restored.carryError}): devices added or revoked, and customers erased, since the copy was made are as the copy has them; revoke, add and erase them again`]
            : [
                `devices: ${restored.carried.devices}, as the replaced database had them (added and revoked since the copy included)`,
                ...(restored.carried.erasedAgain.length > 0 ? [`${restored.carried.erasedAgain.length} customers erased since the copy was made (${restored.carried.erasedAgain.join(', ')}) are erased again when the relay starts`] : []),
              ]),
          'events received after this copy was made are not in it: providers resend what they were not answered, and the daily reconciliation fetches missed OpenPhone calls;',
          "a console whose copy goes further writes what this copy lacks to a diverged-log-….jsonl file beside its database and downloads the log again: `log import` that file (the relay stopped) to put those events back",
        ].join('\n') + '\n',
      );
    } else {
      fail(`unknown backup command: ${subcommand}\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof BackupRefusedError) fail(`nothing was restored: ${error.message}`);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) fail(`${error.message}\n${USAGE}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail(`${(error as Error).message}`);
    throw error;
  }
}

function deviceTable(devices: ReturnType<typeof listDevices>): string {
  if (devices.length === 0) return 'no devices; add one with: npm run relay -- device add --name NAME --role ROLE\n';
  const rows = [
    ['NAME', 'ROLE', 'NUMBERS', 'CREATED', 'STATUS'],
    ...devices.map((d) => [d.name, d.role, d.numbers.join(' ') || '-', d.createdAt, d.revokedAt ? `revoked ${d.revokedAt}` : 'active']),
  ];
  return table(rows);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function fail(message: string): never {
  process.stderr.write(`ringside relay: ${message}\n`);
  process.exit(EXIT_USAGE);
}

main(process.argv.slice(2));
