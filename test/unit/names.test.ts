import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { toCslItem } from '../../src/citations/csl';
import { splitName } from '../../src/citations/names';
import { formatReference } from '../../src/citations/styles';
import { authorsNamed, paperBuilder } from './builders';

describe('splitName particles', () => {
  const cases: Array<[string, ReturnType<typeof splitName>]> = [
    ['Seán Ó Briain', { family: 'Ó Briain', given: 'Seán' }],
    ['Máire Ní Bhriain', { family: 'Ní Bhriain', given: 'Máire' }],
    ['Eoin Mac Lochlainn', { family: 'Mac Lochlainn', given: 'Eoin' }],
    ['Ryan Mc Donald', { family: 'Mc Donald', given: 'Ryan' }],
    ['Juan De La Cruz', { family: 'De La Cruz', given: 'Juan' }],
    ['Thanh Van Nguyen', { family: 'Nguyen', given: 'Thanh Van' }],
    ['Maria De la Cruz', { family: 'De la Cruz', given: 'Maria' }],
    ['Dick Van Dyke', { family: 'Dyke', given: 'Dick Van' }],
    ['Ursula Von Der Leyen', { family: 'Von Der Leyen', given: 'Ursula' }],
    ['Ahmed Bin Rashid', { family: 'Rashid', given: 'Ahmed Bin' }],
    ['Ludwig van Beethoven', { family: 'Beethoven', given: 'Ludwig', particle: 'van' }],
    ['Vincent van der Berg', { family: 'Berg', given: 'Vincent', particle: 'van der' }],
    ['Ana dos Santos', { family: 'Santos', given: 'Ana', particle: 'dos' }],
    ['Mary Ann Smith', { family: 'Smith', given: 'Mary Ann' }],
    ['De Smith', { family: 'Smith', given: 'De' }],
    ['Mac Lochlainn', { family: 'Lochlainn', given: 'Mac' }],
    ['Jingtao Zhan', { family: 'Zhan', given: 'Jingtao' }],
  ];
  for (const [name, expected] of cases) {
    test(name, () => {
      assert.deepEqual(splitName(name), expected);
    });
  }

  test('CSL name parts for Ó Briain', () => {
    const item = toCslItem(paperBuilder({ authors: authorsNamed('Seán Ó Briain') }), 'k');
    assert.deepEqual(item.author, [{ family: 'Ó Briain', given: 'Seán' }]);
  });

  test('CSL keeps lower-case particles apart', () => {
    const item = toCslItem(paperBuilder({ authors: authorsNamed('Ludwig van Beethoven') }), 'k');
    assert.deepEqual(item.author, [{ family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' }]);
  });

  test('Vancouver keeps Ó with the family name', () => {
    const paper = paperBuilder({ authors: authorsNamed('Seán Ó Briain'), title: 'T' });
    assert.match(formatReference(paper, 'vancouver', 'k'), /^Ó Briain S\. /);
  });
});
