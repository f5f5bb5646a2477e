// `npm run ledger:verify [-- --community <id>]`: audits the points ledger; exits 1 on any mismatch.
import { createCore, createLogger, loadConfig, verifyLedger } from '../core/index.ts';

const config = loadConfig();
const communityIndex = process.argv.indexOf('--community');
const communityId = communityIndex > 0 ? process.argv[communityIndex + 1] : undefined;
const core = await createCore(config, { logger: createLogger('silent') });
try {
  const report = await verifyLedger(core.models, communityId);
  for (const problem of report.problems) console.log(`MISMATCH ${problem}`);
  const verdict = report.problems.length === 0 ? 'clean' : `${report.problems.length} problems`;
  console.log(`${report.members} members, ${report.entries} entries checked: ${verdict}`);
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} finally {
  await core.close();
}
