import { matchesFilter } from './event-mapping';
import { serverFilter } from './server-filter';

const regexOf = (filter: ReturnType<typeof serverFilter>) => new RegExp('regex' in filter ? filter.regex : '');

describe('EventStoreDB filters', () => {
  it('sends categories as an exact stream-name regex', () => {
    const filter = serverFilter({ streamCategories: ['report', 'a.b'], eventTypes: ['Opened'] });
    expect(filter.filterOn).toBe('streamName');
    const regex = regexOf(filter);
    expect(['report-1', 'report', 'a.b-2'].map((name) => regex.test(name))).toEqual([true, true, true]);
    expect(['reports-1', 'axb-2', 'x-report-1'].map((name) => regex.test(name))).toEqual([false, false, false]);
  });

  it('sends event types as an exact type regex when there are no categories', () => {
    const filter = serverFilter({ eventTypes: ['Opened', 'Closed'] });
    expect(filter.filterOn).toBe('eventType');
    expect(['Opened', 'Closed', 'OpenedV2'].map((type) => regexOf(filter).test(type))).toEqual([true, true, false]);
  });

  it('still excludes system events without a filter', () => {
    const filter = serverFilter();
    expect(filter.filterOn).toBe('eventType');
    expect(['$metadata', 'Opened'].map((type) => regexOf(filter).test(type))).toEqual([false, true]);
  });

  it('applies both lists and skips system events on the client', () => {
    const matches = matchesFilter({ streamCategories: ['report'], eventTypes: ['Opened'] });
    expect(matches({ streamName: 'report-1', type: 'Opened' })).toBe(true);
    expect(matches({ streamName: 'report-1', type: 'Closed' })).toBe(false);
    expect(matches({ streamName: 'other-1', type: 'Opened' })).toBe(false);
    expect(matchesFilter()({ streamName: '$$registry.event-id-1', type: '$metadata' })).toBe(false);
    expect(matchesFilter()({ streamName: 'report-1', type: '$>' })).toBe(false);
  });
});
