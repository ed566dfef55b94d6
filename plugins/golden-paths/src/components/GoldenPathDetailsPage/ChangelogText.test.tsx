import { render } from '@testing-library/react';
import { ChangelogText } from './GoldenPathDetailsPage';

const shown = (text: string) => render(<ChangelogText text={text} />).container;

describe('ChangelogText', () => {
  it('shows code spans as code, strong spans in bold and the rest as text', () => {
    const line = shown(
      'A new optional parameter, **On call** (`onCall`): paged when `**alerts**` fire',
    );
    expect(line.textContent).toBe(
      'A new optional parameter, On call (onCall): paged when **alerts** fire',
    );
    expect(
      [...line.querySelectorAll('strong')].map(s => s.textContent),
    ).toEqual(['On call']);
    expect([...line.querySelectorAll('code')].map(c => c.textContent)).toEqual([
      'onCall',
      '**alerts**',
    ]);
  });

  it('shows unpaired markers as they are', () => {
    const line = shown('2 ** 3 is 8, and a stray ` stays');
    expect(line.textContent).toBe('2 ** 3 is 8, and a stray ` stays');
    expect(line.querySelector('strong, code')).toBeNull();
  });
});
