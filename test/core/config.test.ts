import { describe, expect, it } from 'vitest';
import { ConfigError, chosenAdapters, loadConfig } from '../../core/config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts from sensible defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      MONGODB_URI: 'mongodb://127.0.0.1:27017/loyalbot',
      DEFAULT_LOCALE: 'en',
      HTTP_PORT: 3000,
    });
    expect(chosenAdapters(config)).toEqual(['console']);
  });

  it('names every bad variable in one message', () => {
    const problems = problemsOf({
      MONGODB_URI: 'postgres://x',
      LOG_LEVEL: 'loud',
      HTTP_PORT: '99999',
      DEFAULT_LOCALE: 'fr',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DEFAULT_LOCALE',
      'HTTP_PORT',
      'LOG_LEVEL',
      'MONGODB_URI',
    ]);
    expect(problems.find((p) => p.startsWith('MONGODB_URI'))).toContain('mongodb://');
    try {
      loadConfig({ LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^Invalid configuration:\n {2}- LOG_LEVEL: .*\n {2}- REDIS_URL: must be a redis/,
      );
    }
  });

  it('reads Redis Cluster nodes as host and port, and names a malformed list', () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7101,redis-b.internal:7102' }).REDIS_CLUSTER_NODES).toEqual([
      { host: '127.0.0.1', port: 7101 },
      { host: 'redis-b.internal', port: 7102 },
    ]);
    for (const bad of ['127.0.0.1', '127.0.0.1:7101,', 'a:1 b:2', 'a:0'])
      expect(problemsOf({ REDIS_CLUSTER_NODES: bad })).toEqual([
        expect.stringMatching(/^REDIS_CLUSTER_NODES(\.0\.port)?: /),
      ]);
  });

  it('requires the companions of platform credentials', () => {
    expect(problemsOf({ DISCORD_TOKEN: 'abc' })).toEqual([
      'DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set',
    ]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN is set',
    ]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'token' })).toContain('SLACK_BOT_TOKEN: must start with xoxb-');
  });

  it('treats blank values as unset and picks adapters from credentials', () => {
    const config = loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123', SLACK_BOT_TOKEN: '' });
    expect(chosenAdapters(config)).toEqual(['discord']);
    expect(chosenAdapters(loadConfig({ BOT_ADAPTERS: 'console,slack,console' }))).toEqual(['console', 'slack']);
    expect(problemsOf({ BOT_ADAPTERS: 'irc' })[0]).toMatch(/^BOT_ADAPTERS/);
  });

  it('wants a state secret of its own for Slack OAuth, never the signing secret in its place', () => {
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_SIGNING_SECRET: 's' };
    expect(problemsOf(oauth)).toEqual(['SLACK_STATE_SECRET: is required when SLACK_CLIENT_ID is set']);
    expect(problemsOf({ ...oauth, SLACK_STATE_SECRET: 'state' })).toEqual([]);
  });
});
