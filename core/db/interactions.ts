import { createOnce } from './create-once.ts';
import { interactionDocId } from './ids.ts';
import type { InteractionDoc } from './loyalty-models.ts';
import type { Models } from './models.ts';

/**
 * Records a member–item signal once per event id: an insert on a deterministic `_id`, so a
 * replayed event is refused by the index and checking for it is an `_id` lookup.
 */
export function recordInteraction(models: Models, interaction: Omit<InteractionDoc, '_id'>): Promise<boolean> {
  return createOnce(models.Interaction, {
    ...interaction,
    _id: interactionDocId(interaction.communityId, interaction.eventId),
  });
}

/** Whether an event was already recorded (its effects then already ran). */
export async function interactionRecorded(models: Models, communityId: string, eventId: string): Promise<boolean> {
  return (await models.Interaction.exists({ _id: interactionDocId(communityId, eventId) })) !== null;
}
