import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import { type Role, roles } from '../modules/accounts/accounts.schema';
import type { RoleGrant, Scope } from '../modules/accounts/scope';
import { createUser, listUsers } from '../modules/accounts/users.service';
import { systemActor } from '../modules/audit/audit.service';
import { cancelUnansweredOrders } from '../modules/orders/order-actions.service';
import { setPemdaJoinedAt } from '../modules/regions/regions.service';
import { rebuildReports } from '../modules/reports/report-projection';
import { loadPopulation } from '../modules/reports/reports.service';
import { createSatker, listSatkers } from '../modules/satkers/satkers.service';
import { ConfigError, loadConfig } from '../server/config';
import { AppError } from '../shared/errors';
import { BackupError, backup, restore } from './backup';

/** The shell acts with the province operator's reach; every change is audited as `cli`. */
const provinceScope: Scope = { allRegions: true, pemdaCodes: [], satkerCodes: [] };
const actor = systemActor('cli');

const usage = `Blangkon operator commands: npm run cli -- <command> [options]

  db:migrate                                  apply migrations and load reference regions
  satker:create --pemda 33.25 --code 3325-DINSOS --name "Dinas Sosial" [--address "…"]
  satker:list [--pemda 33.25]
  user:create --username pp.dinsos --name "Nama" --password "…" --role pp:3325-DINSOS [--role …]
              (--role ROLE:SCOPE; operator/umkm_officer/auditor take a pemda code, 33 = province;
               pp/ppk/bendahara take a satker code. Without --password it is read from BLANGKON_PASSWORD.)
  user:list
  pemda:join --pemda 33.25 --date 2021-03-01  set the date a pemda joined (use --date none to clear)
  orders:cancel-unanswered                    cancel orders the partner left unanswered past the
                                              pemda's working days (the server also does it every 10 min)
  reports:rebuild                             recompute the reports projection from the order rows
  reference:population <file.csv>             load population per kabupaten/kota (CSV with columns
                                              kode and jumlah, e.g. kode,nama,laki_laki,perempuan,jumlah)
  backup <file>                               back the database up: pg_dump custom format on PostgreSQL,
                                              a dump of DATA_DIR on the embedded database
  restore <file> [--force]                    restore a backup into an empty database (--force: overwrite;
                                              the embedded one is kept aside). Stop the server first.

The database is the one the server uses: DATABASE_URL, else the embedded one in DATA_DIR.`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      pemda: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      address: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', multiple: true },
      date: { type: 'string' },
      force: { type: 'boolean' },
    },
    strict: true,
  });
  const config = loadConfig();
  // Before opening the database: a restore may target an empty DATA_DIR, which opening would fill.
  if (command === 'backup' || command === 'restore') {
    const file = positionals[0];
    if (!file) throw new UsageError(`${command} needs the backup file`);
    const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
    console.log(
      command === 'backup' ? await backup(target, file) : await restore(target, file, values.force === true),
    );
    return 0;
  }
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    return await runCommand(handle, command, { ...values, positionals }, config.demo);
  } finally {
    await handle.close();
  }
}

type Options = {
  pemda?: string | undefined;
  code?: string | undefined;
  name?: string | undefined;
  address?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  role?: string[] | undefined;
  date?: string | undefined;
  positionals?: string[];
};

async function runCommand(
  handle: DatabaseHandle,
  command: string,
  options: Options,
  demo: boolean,
): Promise<number> {
  const db = handle.db;
  switch (command) {
    case 'db:migrate': {
      const result = await prepareDatabase(handle, { demo });
      console.log(`migrations applied (${handle.kind}); regions loaded now: ${result.regionsLoaded}`);
      return 0;
    }
    case 'satker:create': {
      const satker = await createSatker(db, actor, provinceScope, {
        pemdaCode: required(options.pemda, '--pemda'),
        code: required(options.code, '--code'),
        name: required(options.name, '--name'),
        address: options.address,
      });
      console.log(`satker ${satker.code} created for pemda ${satker.pemdaCode}`);
      return 0;
    }
    case 'satker:list': {
      for (const s of await listSatkers(db, provinceScope, { pemdaCode: options.pemda })) {
        console.log(`${s.pemdaCode}\t${s.code}\t${s.name}`);
      }
      return 0;
    }
    case 'user:create': {
      const password = options.password ?? process.env.BLANGKON_PASSWORD;
      if (!password || password.length < 10)
        throw new UsageError('a password of at least 10 characters is required');
      const user = await createUser(db, actor, provinceScope, {
        username: required(options.username, '--username'),
        name: required(options.name, '--name'),
        password,
        roles: (options.role ?? []).map(parseGrant),
      });
      console.log(`user ${user.username} created with ${user.roles.map(describeGrant).join(', ')}`);
      return 0;
    }
    case 'user:list': {
      for (const u of await listUsers(db, provinceScope)) {
        console.log(
          `${u.username}\t${u.name}\t${u.isActive ? 'active' : 'inactive'}\t${u.roles.map(describeGrant).join(', ')}`,
        );
      }
      return 0;
    }
    case 'pemda:join': {
      const date = required(options.date, '--date');
      if (date !== 'none' && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new UsageError('--date must be YYYY-MM-DD or none');
      const pemda = await setPemdaJoinedAt(
        db,
        actor,
        required(options.pemda, '--pemda'),
        date === 'none' ? null : date,
      );
      console.log(`${pemda.name} joined on ${pemda.joinedAt ?? '(not joined)'}`);
      return 0;
    }
    case 'orders:cancel-unanswered': {
      const { routingDeadlineHours } = loadConfig();
      const numbers = await cancelUnansweredOrders(db, { routingDeadlineHours });
      console.log(
        numbers.length === 0
          ? 'no unanswered orders past their deadline'
          : `cancelled: ${numbers.join(', ')}`,
      );
      return 0;
    }
    case 'reports:rebuild': {
      const started = performance.now();
      const result = await rebuildReports(db);
      console.log(
        `reports rebuilt from ${result.contributions} counted transactions in ${Math.round(performance.now() - started)} ms`,
      );
      return 0;
    }
    case 'reference:population': {
      const file = options.positionals?.[0];
      if (!file) throw new UsageError('reference:population needs the CSV file');
      const result = await loadPopulation(db, await readFile(file, 'utf8'), path.basename(file));
      console.log(`population loaded for ${result.loaded} kabupaten/kota from ${path.basename(file)}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

class UsageError extends Error {}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function parseGrant(text: string): RoleGrant {
  const [role, scope] = text.split(':');
  if (!role || !scope || !(roles as readonly string[]).includes(role)) {
    throw new UsageError(`--role must be ROLE:SCOPE with ROLE one of ${roles.join(', ')} (got ${text})`);
  }
  const isPemdaRole = role === 'operator' || role === 'umkm_officer' || role === 'auditor';
  return isPemdaRole
    ? { role: role as Role, pemdaCode: scope, satkerCode: null }
    : { role: role as Role, pemdaCode: null, satkerCode: scope };
}

function describeGrant(grant: RoleGrant): string {
  return `${grant.role}:${grant.pemdaCode ?? grant.satkerCode}`;
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error instanceof BackupError) {
      console.error(error.message);
      process.exit(1);
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(1);
    }
    if (error instanceof AppError || error instanceof ConfigError) {
      console.error(`${error instanceof AppError ? `${error.code}: ` : ''}${error.message}`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
    console.error(error);
    process.exit(1);
  });
