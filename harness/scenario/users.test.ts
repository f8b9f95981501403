/** User lists: expansion of ranges and `all`, the problems of a written list, and compact labels. */
import { describe, expect, it } from 'vitest';
import { compactUsers, expandSelection, expandUsers, userListProblems } from './users.js';

describe('user lists', () => {
  it('expand keys and inclusive ranges in the order written', () => {
    expect(expandUsers(['user9', 'user2..user4', 'user1'])).toEqual(['user9', 'user2', 'user3', 'user4', 'user1']);
    expect(expandUsers(['user3..user3'])).toEqual(['user3']);
  });

  it('expand all to the directory, with except taken out', () => {
    expect(expandSelection('all', 5)).toEqual(['user1', 'user2', 'user3', 'user4', 'user5']);
    expect(expandSelection('all', 5, ['user2', 'user4..user5'])).toEqual(['user1', 'user3']);
    expect(expandSelection('all', 100_000)).toHaveLength(100_000);
  });

  it('find each problem at its item, without expanding a range past the directory', () => {
    expect(userListProblems(['user1..user999999999', 'user2', 'user7..user3', 'user1..user3', 'user11'], 10)).toEqual([
      { index: 0, message: "range 'user1..user999999999' goes past the directory (the directory has user1..user10)" },
      { index: 2, message: "range 'user7..user3' runs backwards: write user3..user7" },
      { index: 3, message: 'lists user2 twice' },
      { index: 4, message: "unknown user 'user11' (the directory has user1..user10)" },
    ]);
    expect(userListProblems(['user1..user10000', 'user10000'], 10_000)).toEqual([{ index: 1, message: 'lists user10000 twice (also in user1..user10000)' }]);
  });

  it('label runs of three or more consecutive keys as ranges', () => {
    expect(compactUsers(['user1', 'user2'])).toBe('user1, user2');
    expect(compactUsers(['user1', 'user2', 'user3', 'user7', 'user5', 'user6', 'user7'])).toBe('user1..user3, user7, user5..user7');
    expect(compactUsers(expandUsers(['user1..user10000']))).toBe('user1..user10000');
    expect(compactUsers([])).toBe('');
  });
});
