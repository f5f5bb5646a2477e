import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ButtonInvocation, InvokingUser, Reply } from '../../../core/types.ts';
import {
  createTestCore,
  invocations,
  joinAll,
  ManualClock,
  people,
  RecordingNotifier,
  type TestCore,
} from '../../helpers/test-core.ts';

let core: TestCore;
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-csat';
const inv = invocations(community);
const mia: InvokingUser = { id: 'mia', displayName: 'Mia', role: 'member', locale: 'en-US' };
const key = (userId: string) => ({ communityId: community, platform: 'console' as const, userId });
const balance = async (userId: string) => (await core.services.loyalty.ledger.totals(key(userId))).balance;
const dispatch = (...args: Parameters<typeof inv.command>) => core.dispatcher.dispatch(inv.command(...args));
let sequence = 0;

/** A press from the member's direct messages: no community, as the Discord adapter sends it. */
function dmPress(user: InvokingUser, action: string, input?: string): Promise<Reply> {
  const press: ButtonInvocation = {
    invocationId: `dm-${(sequence += 1)}`,
    platform: 'console',
    communityId: '',
    directMessage: true,
    user,
    action,
    input,
  };
  return core.dispatcher.press(press);
}

/** Opens a ticket for a member and has Mia close it; returns the DM asking for a rating. */
async function closedTicket(user: InvokingUser, text: string) {
  const { ticket } = await core.services.support.tickets.open({
    communityId: community,
    platform: 'console',
    userId: user.id,
    displayName: user.displayName,
    source: 'ask',
    sourceId: `q-${(sequence += 1)}`,
    text,
    at: clock.now(),
  });
  const closed = await dispatch(mia, 'tickets', { action: 'close', ticket: ticket.ticketId });
  expect(closed.tone).toBe('success');
  const dm = notifier.sent.at(-1);
  expect(dm?.target).toMatchObject({ kind: 'member', userId: user.id });
  return { ticketId: ticket.ticketId, dm: dm!.message };
}

const button = (reply: Reply, label: string) => {
  const found = reply.buttons?.find((b) => b.label === label);
  if (!found) throw new Error(`no button ${label} in ${JSON.stringify(reply.buttons)}`);
  return found.action;
};

beforeAll(async () => {
  core = await createTestCore('csat', { clock });
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Tea Club');
  await core.services.communities.update(community, { adminUserIds: ['admin'], managerUserIds: ['mia'] });
  await core.services.communities.setSupport(community, { staffChannelId: 'staff' });
  await joinAll(core, community, [people.alice, people.bob, people.chen]);
});
afterAll(async () => core?.cleanup());
beforeEach(() => {
  notifier.sent.length = 0;
});

describe('rating a closed ticket', () => {
  it('asks by DM with 1–5 buttons that work there, earns points once, may be changed and commented', async () => {
    const { ticketId, dm } = await closedTicket(people.alice, 'How do I change my email?');
    expect(dm.title).toBe(`Your ticket ${ticketId} was closed`);
    expect(dm.text).toContain('rating earns you 10 points');
    expect(dm.buttons?.map((b) => b.label)).toEqual(['1 ★', '2 ★', '3 ★', '4 ★', '5 ★']);
    expect(dm.buttons?.[0]?.action).toMatch(/^v1:rate:r1:~[A-Za-z0-9_-]{22}$/);

    const rated = await dmPress(people.alice, button(dm, '4 ★'));
    expect(rated.text).toContain(`You rated ticket ${ticketId} 4/5`);
    expect(rated.text).toContain('You earned 10 points');
    expect(await balance('alice')).toBe(10);
    const changed = await dmPress(people.alice, button(dm, '5 ★'));
    expect(changed.text).toContain('5/5');
    expect(changed.text).not.toContain('earned');
    expect(await balance('alice')).toBe(10);
    const stored = await core.models.CsatRating.findById(`${community}|${ticketId}`).lean();
    expect(stored).toMatchObject({ rating: 5, staffId: 'mia', staffName: 'Mia', userId: 'alice' });

    // "Add a comment" asks for text; the submission is scored like feedback.
    const form = await dmPress(people.alice, button(changed, 'Add a comment'));
    expect(form.form).toMatchObject({ title: 'Your comment', maxLength: 1000 });
    const saved = await dmPress(people.alice, form.form!.action, 'Quick and friendly, thank you so much!');
    expect(saved.text).toBe('Thanks for your comment.');
    const commented = await core.models.CsatRating.findById(`${community}|${ticketId}`).lean();
    expect(commented).toMatchObject({ comment: 'Quick and friendly, thank you so much!', commentLabel: 'positive' });
    const feedback = await core.models.Feedback.findOne({ communityId: community, source: 'csat' }).lean();
    expect(feedback).toMatchObject({ userId: 'alice', label: 'positive', ticketId: null });
    expect((await dmPress(people.alice, form.form!.action, 'again')).errorCode).toBe('CSAT.COMMENTED');
  });

  it("is the member's own: nobody else can use their buttons or rate their ticket", async () => {
    const { ticketId, dm } = await closedTicket(people.alice, 'Where is my order?');
    const stolen = await dmPress(people.bob, button(dm, '1 ★'));
    expect(stolen.errorCode).toBe('BUTTON.NOT_YOURS');
    const byCommand = await dispatch(people.bob, 'rate', { ticket: ticketId, rating: 1 });
    expect(byCommand.errorCode).toBe('TICKET.NOT_FOUND');
    expect(await core.models.CsatRating.findById(`${community}|${ticketId}`).lean()).toBeNull();
    // A token that was never issued, or one of another command's, does nothing.
    expect((await dmPress(people.alice, 'v1:rate:r5:~AAAAAAAAAAAAAAAAAAAAAA')).errorCode).toBe('BUTTON.EXPIRED');
    const token = button(dm, '5 ★').split('~')[1];
    expect((await dmPress(people.alice, `v1:recommend:like:~${token}`)).errorCode).toBe('BUTTON.EXPIRED');
    // A DM press that is not routed still refuses guild commands.
    expect((await dmPress(people.alice, `v1:rate:r5:${ticketId}`)).errorCode).toBe('COMMAND.GUILD_ONLY');
  });

  it('is fixed 7 days after the ticket was closed', async () => {
    const { ticketId, dm } = await closedTicket(people.bob, 'Points missing');
    await dmPress(people.bob, button(dm, '3 ★'));
    clock.advanceDays(7);
    clock.advanceSeconds(60);
    const late = await dmPress(people.bob, button(dm, '5 ★'));
    expect(late.errorCode).toBe('CSAT.CLOSED');
    expect(late.text).toContain('more than 7 days ago');
    expect((await core.models.CsatRating.findById(`${community}|${ticketId}`).lean())?.rating).toBe(3);
    expect((await dispatch(people.bob, 'rate', { ticket: ticketId, rating: 5 })).errorCode).toBe('CSAT.CLOSED');
  });

  it('opens one follow-up for a rating of 1–2 and tells the staff channel once', async () => {
    const { ticketId } = await closedTicket(people.bob, 'The app crashes at checkout');
    const reply = await dispatch(people.bob, 'rate', {
      ticket: ticketId.toLowerCase(),
      rating: 2,
      comment: 'Still broken',
    });
    expect(reply.text).toContain('someone from the team will follow up');
    expect(reply.text).toContain('Thanks for your comment.');
    await dispatch(people.bob, 'rate', { ticket: ticketId, rating: 1 });
    const followUps = await core.models.Ticket.find({ communityId: community, source: 'csat' }).lean();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ userId: 'bob', status: 'open' });
    const posts = notifier.sent.filter((s) => s.target.kind === 'channel');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.message.title).toBe(`Low rating: follow-up ticket ${followUps[0]?.ticketId}`);
    expect(posts[0]?.message.text).toContain(`Bob rated ticket ${ticketId} 2/5 (closed by Mia)`);
    expect((await core.models.CsatRating.findById(`${community}|${ticketId}`).lean())?.followUpTicketId).toBe(
      followUps[0]?.ticketId,
    );
  });

  it("asks in the member's language and earns nothing when the community set 0 points", async () => {
    await core.services.communities.setSupport(community, { staffChannelId: 'staff', csatPoints: 0 });
    await dispatch(people.chen, 'language', { language: 'zh-CN' });
    const { dm } = await closedTicket(people.chen, '怎么兑换奖励？');
    expect(dm.text).toContain('请从 1（差）到 5（好）打分');
    const before = await balance('chen');
    const rated = await dmPress(people.chen, button(dm, '5 ★'));
    expect(rated.text).toContain('5/5');
    expect(await balance('chen')).toBe(before);
    await core.services.communities.setSupport(community, { staffChannelId: 'staff' });
  });
});

describe('CSAT for managers', () => {
  it('shows the ratings per week and per staff member in /insights and the digest', async () => {
    const view = await dispatch(mia, 'insights', { view: 'csat', days: 60 });
    const fields = Object.fromEntries((view.fields ?? []).map((f) => [f.name, f.value]));
    expect(view.title).toBe('Customer satisfaction');
    // Alice 5 and Bob 3 in the first week; Bob 1 and Chen 5 in the next: all closed by Mia.
    expect(fields['Overall (mean · satisfied)']).toBe('3.5 · 50% satisfied (n=4)');
    expect(fields['Satisfied, 4–5 (95% CI)']).toBe('50.0% (15.0–85.0%)');
    expect(fields['By week']).toBe('2026-W23: 4.0 · 50% satisfied (n=2)\n2026-W24: 3.0 · 50% satisfied (n=2)');
    expect(fields['By staff member (who closed the ticket)']).toBe('Mia: 3.5 · 50% satisfied (n=4)');
    const digest = await dispatch(mia, 'sentiment', { days: 30 });
    const digestFields = Object.fromEntries((digest.fields ?? []).map((f) => [f.name, f.value]));
    expect(digestFields.CSAT).toBe('3.5 · 50% satisfied (n=4)');
    expect(digestFields['CSAT by staff']).toBe('Mia: 3.5 · 50% satisfied (n=4)');
  });

  it('lets a member export their ratings and erase their comments', async () => {
    const exported = await core.services.support.privacy.export(key('alice'));
    expect(exported.ratings).toEqual([
      expect.objectContaining({ rating: 5, comment: 'Quick and friendly, thank you so much!' }),
    ]);
    await core.services.support.privacy.eraseWritings(key('alice'), clock.now());
    const after = await core.services.support.privacy.export(key('alice'));
    expect(after.ratings[0]).toMatchObject({ rating: 5, comment: null });
  });
});
