// `npm run ledger:verify [-- --community <id>]`: audits the points ledger; exits 1 on any mismatch.
import { connectMongo } from '../core/db/connection.ts';
import { createModels } from '../core/db/models.ts';
import { loadConfig } from '../core/config.ts';
import { verifyLedger } from '../core/loyalty/ledger-verify.ts';

const config = loadConfig();
const communityIndex = process.argv.indexOf('--community');
const communityId = communityIndex > 0 ? process.argv[communityIndex + 1] : undefined;
const connection = await connectMongo(config.MONGODB_URI);
try {
  const report = await verifyLedger(createModels(connection), communityId);
  for (const problem of report.problems) console.log(`MISMATCH ${problem}`);
  console.log(
    `${report.members} members, ${report.entries} entries checked: ${report.problems.length === 0 ? 'clean' : `${report.problems.length} problems`}`,
  );
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} finally {
  await connection.close();
}
