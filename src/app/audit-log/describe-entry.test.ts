import { describe, expect, it } from 'vitest';
import { describeEntry } from './describe-entry.js';

const entry = (action: string, after: unknown = null, before: unknown = null) => ({
  action,
  actorName: 'Dana Whitfield',
  subjectName: 'Sofia Alvarez',
  after,
  before,
});

describe('audit entries in words', () => {
  it('says who did what to whom', () => {
    expect(describeEntry(entry('licence.assigned', { licenceType: 'assistant' }))).toBe(
      'Dana Whitfield gave Sofia Alvarez an assistant licence',
    );
    expect(
      describeEntry(
        entry('licences.changed', {
          op: 'remove',
          seats: { assistant: 2 },
          outcome: 'scheduled',
          effective: '2026-12-01T00:00:00Z',
        }),
      ),
    ).toBe('Dana Whitfield removed 2 assistant from 2026-12-01');
    expect(
      describeEntry(entry('staff.updated', { status: 'inactive' }, { status: 'active' })),
    ).toBe('Dana Whitfield made Sofia Alvarez inactive');
  });

  it('names an action it has no sentence for in plain words', () => {
    expect(describeEntry(entry('webhook_endpoint.created'))).toBe(
      'Dana Whitfield: webhook endpoint created (Sofia Alvarez)',
    );
  });
});
