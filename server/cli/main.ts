// The `billing` command line: validate documents, rate a request, evaluate dunning, verify the
// audit log.
import { Command, InvalidArgumentError } from 'commander';
import { loadConfigFromEnvironment } from '../config/config';
import { runAuditVerify } from './run-audit-verify';
import { runDunning } from './run-dunning';
import { runRate } from './run-rate';
import { runValidate } from './run-validate';

function format(value: string): 'json' | 'table' {
  if (value !== 'json' && value !== 'table') {
    throw new InvalidArgumentError('expected "json" or "table"');
  }
  return value;
}

const program = new Command()
  .name('billing')
  .description('Ledgerline rating core: validate policies, rate usage, explain every amount.')
  .showHelpAfterError();

program
  .command('validate')
  .description('validate policies, rating requests and overdue invoices (files or folders)')
  .argument('<paths...>', 'JSON files or folders of JSON files')
  .action(async (paths: string[]) => {
    process.exitCode = await runValidate({ paths, out: console.log, err: console.error });
  });

program
  .command('rate')
  .description('rate a request with a set of policies and print the result')
  .requiredOption(
    '--policies <paths...>',
    'policy files or folders (every version of every policy)',
  )
  .requiredOption('--request <file>', 'rating request (JSON)')
  .option('--format <format>', 'json or table', format, 'json')
  .action(async (options: { policies: string[]; request: string; format: 'json' | 'table' }) => {
    process.exitCode = await runRate({ ...options, out: console.log, err: console.error });
  });

program
  .command('dunning')
  .description('the next dunning actions for an overdue invoice')
  .requiredOption('--policies <paths...>', 'dunning policy files or folders')
  .requiredOption('--invoice <file>', 'overdue invoice state (JSON)')
  .option('--now <instant>', 'evaluation instant (default: now)')
  .action(async (options: { policies: string[]; invoice: string; now?: string }) => {
    const now = options.now ?? new Date().toISOString();
    process.exitCode = await runDunning({ ...options, now, out: console.log, err: console.error });
  });

const audit = program.command('audit').description('the audit log of the store the server uses');

audit
  .command('verify')
  .description(
    'verify the hash chain of the audit log (store from MONGODB_URI or DATA_DIR); exit 1 if tampered, 2 if not checked',
  )
  .action(async () => {
    process.exitCode = await runAuditVerify({
      readConfig: loadConfigFromEnvironment,
      out: console.log,
      err: console.error,
    });
  });

await program.parseAsync();
