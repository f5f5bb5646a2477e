import { z } from 'zod';
import { definePage } from '../page.ts';

/** Jobs (admins): the queues, shown by Bull Board; this page only holds the role the web adapter checks. */
export default definePage({
  name: 'jobs',
  role: 'admin',
  query: z.object({}),
  async load() {
    return {};
  },
});
