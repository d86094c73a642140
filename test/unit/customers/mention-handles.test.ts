import { findMentions, handles } from '../../../src/customers/mention-handles';

const team = [
  { id: 1, name: 'Ava Agent' },
  { id: 2, name: 'Leo Lead' },
  { id: 3, name: 'Leo Long' },
];

describe('mentions in a note', () => {
  it('names a colleague by full handle, or by first name when it is theirs alone', () => {
    expect([...handles(team).keys()].sort()).toEqual(['ava', 'ava.agent', 'leo.lead', 'leo.long']);
    expect(findMentions('@ava please call back, cc @Leo.Lead and @ava again', team)).toEqual({
      mentioned: [team[0], team[1]],
      unknown: [],
    });
  });

  it('an ambiguous first name or a stranger is unknown; an email address is no mention', () => {
    expect(findMentions('@leo and @zed: wrote to tara@example.com.', team)).toEqual({
      mentioned: [],
      unknown: ['leo', 'zed'],
    });
  });
});
