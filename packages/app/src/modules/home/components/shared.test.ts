import { markdownToText, shorten } from './shared';

describe('markdownToText', () => {
  it('shows a changelog entry as it reads rendered, without its markers', () => {
    expect(
      markdownToText(
        "The service's README names who is on call (the **On call** answer) in its table, beside the owner.",
      ),
    ).toBe(
      "The service's README names who is on call (the On call answer) in its table, beside the owner.",
    );
    expect(
      markdownToText(
        'Probes on `/readyz` and `/healthz` time out after **2 s**',
      ),
    ).toBe('Probes on /readyz and /healthz time out after 2 s');
  });

  it('drops the markers of emphasis, strong and strikethrough, nested too', () => {
    expect(markdownToText('*a* _b_ __c__ ~~d~~ ***e*** *f **g** h*')).toBe(
      'a b c d e f g h',
    );
    expect(
      markdownToText('**A new optional parameter, _On call_ (`onCall`)**'),
    ).toBe('A new optional parameter, On call (onCall)');
  });

  it('keeps the text of links and images', () => {
    expect(
      markdownToText(
        'See [the `docs`](https://example.com/a_b_c) and ![logo](l.png), [ref][1] and <https://example.com/x_y_z>',
      ),
    ).toBe('See the docs and logo, ref and https://example.com/x_y_z');
  });

  it('keeps identifiers, code spans and escaped characters as written', () => {
    expect(
      markdownToText(
        'Renamed max_retry_count to retry_limit; `__proto__`, `**kwargs` and `a_b_` are refused',
      ),
    ).toBe(
      'Renamed max_retry_count to retry_limit; __proto__, **kwargs and a_b_ are refused',
    );
    expect(
      markdownToText('2 * 3 * 4, \\*not emphasis\\* and \\_nor this\\_'),
    ).toBe('2 * 3 * 4, *not emphasis* and _nor this_');
    // Escapes do not work inside code; a longer backtick run holds a backtick.
    expect(markdownToText('`C:\\*` and `` a`b ``')).toBe('C:\\* and a`b');
  });
});

describe('shorten', () => {
  it('cuts the plain text, not the Markdown, at a word boundary', () => {
    const entry =
      "A new optional parameter, **On call** (`onCall`): who is paged when the service's alerts fire";
    expect(shorten(entry, 200)).toBe(
      "A new optional parameter, On call (onCall): who is paged when the service's alerts fire",
    );
    expect(shorten(entry, 40)).toBe('A new optional parameter, On call…');
  });
});
