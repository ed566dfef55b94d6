import { renderHandlebars } from './handlebars';

const context = {
  values: {
    name: 'order-service',
    description: 'Say "hi": now',
    port: 8080,
    system: null,
    flag: true,
    list: ['a', 'b'],
  },
  template: { name: 't', version: '1.0.0' },
  computed: { ownerName: 'team-a', systemName: null },
};
const render = (source: string) => renderHandlebars(source, context);

describe('renderHandlebars', () => {
  it.each([
    ['{{eq values.port 8080}} {{ne values.port 8080}}', 'true false'],
    [
      '{{and values.flag values.port}} {{or values.system values.flag}} {{not values.flag}}',
      'true true false',
    ],
    [
      '{{json values.description}} {{yamlString values.system}}',
      '"Say \\"hi\\": now" null',
    ],
    ['{{upper values.name}} {{lower "ABC"}}', 'ORDER-SERVICE abc'],
    [
      '{{camel values.name}} {{pascal values.name}} {{constant values.name}}',
      'orderService OrderService ORDER_SERVICE',
    ],
    [
      '{{pascal "myHTTPServer v2"}} {{camel "Billing_API"}}',
      'MyHttpServerV2 billingApi',
    ],
    [
      '{{default values.system "none"}} {{default values.name "none"}}',
      'none order-service',
    ],
    ['{{#each values.list}}{{this}};{{/each}}', 'a;b;'],
    [
      '{{#if (and values.flag (eq values.port 8080))}}yes{{else}}no{{/if}}',
      'yes',
    ],
    [
      '<{{values.description}}> & {{{values.description}}}',
      '<Say "hi": now> & Say "hi": now',
    ],
  ])('renders %s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('rejects helpers outside the documented set', () => {
    expect(() => render('{{shout values.name}}')).toThrow(
      'You specified knownHelpersOnly, but used the unknown helper shout',
    );
    expect(() => render('{{lookup values "name"}}')).toThrow(
      'unknown helper lookup',
    );
    expect(() => render('{{log values}}')).toThrow('unknown helper log');
    expect(() => render('{{> partial}}')).toThrow(
      'PartialStatement is not supported',
    );
  });

  it('rejects unknown variables, even inside conditions and untaken branches', () => {
    expect(() => render('{{values.nmae}}')).toThrow(
      "unknown variable 'values.nmae' on line 1",
    );
    expect(() => render('x\n{{#if (eq values.databse "pg")}}{{/if}}')).toThrow(
      "unknown variable 'values.databse' on line 2",
    );
    expect(() => render('{{#if false}}{{computed.ownerRef}}{{/if}}')).toThrow(
      "unknown variable 'computed.ownerRef'",
    );
    expect(() => render('{{valuse.name}}')).toThrow(
      "unknown variable 'valuse'",
    );
  });

  it('leaves paths inside each/with to strict mode', () => {
    expect(render('{{#with values}}{{name}}{{/with}}')).toBe('order-service');
    expect(() => render('{{#with values}}{{nmae}}{{/with}}')).toThrow(
      '"nmae" not defined',
    );
  });

  it('denies prototype access', () => {
    expect(() => render('{{values.constructor}}')).toThrow(
      "unknown variable 'values.constructor'",
    );
    expect(render('{{#with values}}{{constructor}}{{/with}}')).toBe('');
  });

  it('checks helper arity and argument types', () => {
    expect(() => render('{{upper}}')).toThrow(
      "helper 'upper' expects 1 argument(s), got 0",
    );
    expect(() => render('{{eq values.port}}')).toThrow(
      "helper 'eq' expects 2 argument(s), got 1",
    );
    expect(() => render('{{upper values.system}}')).toThrow(
      "helper 'upper' expects a string, got null",
    );
  });
});
