import { nestedRelation } from '../testing/nested-fixtures';
import { linkOperations, wantedIds } from './link-operations';
import { LinkPlan, LinksWrite, NestedWriteMode } from './nested-plan';

const link = (id: number): LinkPlan => ({ id, path: `tags[${id}].id`, unlink: false });
const unlink = (id: number): LinkPlan => ({ id, path: `tags[${id}].id`, unlink: true });
const write = (mode: NestedWriteMode, links: LinkPlan[]): LinksWrite => ({
  kind: 'links',
  key: 'tags',
  path: 'tags',
  relation: nestedRelation('tags'),
  mode,
  links,
});

describe('linkOperations (02 §7.4)', () => {
  it.each<[string, NestedWriteMode, LinkPlan[], unknown[], { unlink: unknown[]; link: unknown[] }]>([
    [
      'diff: link the missing, unlink the _delete ids, nothing else',
      'diff',
      [link(1), link(2), unlink(3)],
      ['1'],
      { unlink: [3], link: [2] },
    ],
    [
      'replace: a set difference both ways',
      'replace',
      [link(1), link(2), unlink(3)],
      ['1', '3', '4'],
      { unlink: ['3', '4'], link: [2] },
    ],
    ['replace with no ids unlinks everything', 'replace', [], ['1', '2'], { unlink: ['1', '2'], link: [] }],
    ['append: only the missing ones', 'append', [link(1), link(2)], ['2'], { unlink: [], link: [1] }],
    ['already linked: nothing to do', 'diff', [link(1)], [1], { unlink: [], link: [] }],
  ])('%s', (_label, mode, links, linked, expected) => {
    expect(linkOperations(write(mode, links), linked)).toEqual(expected);
  });

  it('wantedIds: the ids to link (the desired set on replace)', () => {
    expect(wantedIds(write('replace', [link(1), unlink(2), link(3)]))).toEqual([1, 3]);
  });
});
