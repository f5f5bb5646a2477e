// `npm run dashboard:link -- --community <id> --user <platform>:<userId> [--role manager|admin]
// [--name <shown name>] [--locale en|zh-CN]`: prints a one-time dashboard sign-in link for an
// operator, as its last line. The role defaults to what the community's settings give the
// user (its admin and manager lists), else manager.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  createCore,
  createLogger,
  exitOnStartupError,
  loadConfig,
  PLATFORMS,
  SUPPORTED_LOCALES,
} from '../core/index.ts';

const argsSchema = z.object({
  community: z.string().min(1, 'give --community <id>'),
  user: z
    .string()
    .regex(
      new RegExp(`^(${PLATFORMS.join('|')}):[\\w.@-]{1,64}$`),
      'give --user <platform>:<userId>, e.g. discord:1234',
    ),
  role: z.enum(['manager', 'admin']).optional(),
  name: z.string().max(80).optional(),
  locale: z.enum(SUPPORTED_LOCALES).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      community: { type: 'string', default: '' },
      user: { type: 'string', default: '' },
      role: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
    process.exit(2);
  }
  const { community, user, role, name, locale } = parsed.data;
  const [platform, userId] = user.split(':') as [(typeof PLATFORMS)[number], string];
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const core = await createCore(config, { logger: createLogger(config.LOG_LEVEL, 'dashboard-link') });
  try {
    const found = await core.services.communities.find(community);
    if (!found || found.platform !== platform) {
      console.error(`no ${platform} community "${community}" is known to this bot`);
      process.exitCode = 2;
      return;
    }
    const listed = found.adminUserIds.includes(userId) ? 'admin' : 'manager';
    const url = await core.dashboard.linkFor({
      platform,
      communityId: community,
      userId,
      displayName: name ?? userId,
      role: role ?? listed,
      locale: locale ?? config.DEFAULT_LOCALE,
    });
    console.log(url);
  } finally {
    await core.close();
  }
}

main().catch(exitOnStartupError);
