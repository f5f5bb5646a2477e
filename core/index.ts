/**
 * loyalbot core's public surface: everything outside core/ (adapters, jobs, scripts) imports
 * from here and from nowhere deeper. `npm run check` enforces it.
 */

// Building and running core
export { createCore, connectRedis, type Core, type CoreOptions, type HealthReport } from './app.ts';
export { connectRedisClient, type RedisClient, type RedisTarget } from './stores/redis-client.ts';
export type { AdapterApi } from './adapter-api.ts';
export { chosenAdapters, ConfigError, loadConfig, publicUrl, type Config } from './config.ts';
export { closeOnSignals, exitOnStartupError } from './lifecycle.ts';
export { createLogger, type Logger } from './logger.ts';
export { loadFolderModules } from './module-folder.ts';
export { isStoreUnavailable } from './db/connection.ts';
export { BoundedCache } from './bounded-cache.ts';

// What adapters exchange with core
export {
  PLATFORMS,
  ROLES,
  roleAtLeast,
  type ArgumentValue,
  type ButtonInvocation,
  type ChatEvent,
  type CommandInvocation,
  type InvokingUser,
  type Platform,
  type ReactionEvent,
  type Reply,
  type ReplyButton,
  type ReplyField,
  type ReplyForm,
  type ReplyImage,
  type Role,
  type SuggestionRequest,
} from './types.ts';
export type { ChatOutcome } from './chat-events.ts';
export type { CommerceReceipt, SignedDelivery } from './loyalty/commerce-inbox.ts';
export { signPayload } from './signature.ts';

// Ports core talks out through
export {
  jobIdFor,
  QUEUED_JOBS,
  type Clock,
  type DeliveryResult,
  type EnqueueOptions,
  type JobScheduler,
  type NotificationTarget,
  type Notifier,
  type OutboundHttp,
  type OutboundPost,
  type OutboundRefusal,
  type OutboundResult,
  type QueuedJob,
  type RoleSync,
} from './ports.ts';

// Commands: specs for platform definitions and manifests, typed words, buttons
export { argsFromText, tokenize } from './dispatch/typed-words.ts';
export { commandTable } from './dispatch/command-table.ts';
export type { Dispatcher } from './dispatch/dispatcher.ts';
export type { CommandRegistry } from './dispatch/registry.ts';
export { ACTION_PATTERN, CONFIRM_VERB, KEEP_VERB, parseButtonAction, type ButtonAction } from './dispatch/replies.ts';
export { formOption, type AnyCommandSpec, type OptionSpec } from './dispatch/spec.ts';
export type { Suggestion } from './dispatch/suggestions.ts';
export { loadCommandRegistry } from './dispatch/registry.ts';

// Languages and how numbers and dates read in each
export { formatDate, formatDateTime, formatDecimal, formatNumber } from './format.ts';
export {
  createTranslator,
  SUPPORTED_LOCALES,
  toSupportedLocale,
  type Locale,
  type Translate,
  type Translator,
} from './i18n.ts';

// The web dashboard (bots/web renders what its pages load)
export type { DashboardAction, DashboardApi } from './dashboard/api.ts';
export { isDashboardPage, type DashboardPageName, type DashboardViews } from './dashboard/registry.ts';
export type { DashboardIdentity, DashboardSession } from './stores/dashboard-sessions.ts';
export { DashboardSessions } from './stores/dashboard-sessions.ts';
export type { FeedbackLine } from './stores/feedback-index.ts';
export type { Chart } from './charts/chart-style.ts';

// Charts (ECharts options, drawn in the browser and as PNG for chat)
export { chartSamples } from './charts/samples.ts';
export { renderChartPng } from './charts/render.ts';

// The demo community and generated histories
export { DEMO_PEOPLE, seedDemoCommunity } from './demo/demo-community.ts';
export { seedBenchCommunity, type BenchCommunitySize } from './demo/bench-community.ts';
export {
  DEMO_HISTORY,
  HistoryConflictError,
  seedHistory,
  type GroupOutcome,
  type HistorySize,
  type SeedOptions,
  type SeedReport,
} from './demo/history-seed.ts';

// Audits and model tooling for scripts (figures, training)
export { verifyLedger, type LedgerReport } from './loyalty/ledger-verify.ts';
export { SentimentScorer, type Sentiment, type SentimentLabel } from './sentiment/scorer.ts';
export {
  crossValidatedLogits,
  crossValidatedPredictions,
  TRAINING_SETTINGS,
  trainSentimentModel,
  type LabelledText,
  type SentimentLanguage,
} from './sentiment/training.ts';
export { weightedMacroF1, type NeutralCalibration } from './sentiment/neutral-calibration.ts';
export { readModelFile, SHIPPED_MODEL_DIR, writeModelFiles } from './sentiment/model-files.ts';
export type { ModelFile } from './sentiment/logistic-model.ts';
export {
  chineseChatCalibration,
  labelledTexts,
  parseTrainingFile,
  trainingFileFromFeedback,
  type TrainingFileProblem,
  type TrainingFileRow,
} from './sentiment/training-file.ts';
export { easeScores, trainEase } from './recommend/ease.ts';
export { recencyWeight } from './recommend/signals.ts';
export { simulateExperiments, type SimulationResult } from './recommend/experiment-simulation.ts';
export { seededRandom } from './stats.ts';
export type { MemberKey } from './identity/members.ts';
