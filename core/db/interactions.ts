import { isDuplicateKeyError } from '../errors.ts';
import type { InteractionDoc } from './loyalty-models.ts';
import type { Models } from './models.ts';

/**
 * Records an interaction once per (community, event id): false when it was already there.
 * An insert, not an upsert: the unique index rejects the repeat, while a filter on event
 * ids would be a collection scan on FerretDB.
 */
export async function recordInteractionOnce(models: Models, interaction: InteractionDoc): Promise<boolean> {
  try {
    await models.Interaction.create(interaction);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
