import type { FeedbackInput, FeedbackOutcome, FeedbackService } from './feedback.ts';
import type { Privacy } from './privacy.ts';

/**
 * Feedback queued while MongoDB was away, written when it is back. A member who erased their
 * writings in between must not see it come back, so a write from before the erasure is dropped.
 */
export class QueuedFeedback {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly privacy: Privacy,
  ) {}

  async record(input: FeedbackInput): Promise<FeedbackOutcome | null> {
    if (await this.privacy.erasedSince(input, input.at)) return null;
    return this.feedback.record(input);
  }
}
