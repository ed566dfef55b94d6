import { withName, withoutName } from './manifestCache';

describe('name placeholders', () => {
  it('replaces every spelling of the name and puts it back exactly', () => {
    const text =
      'name: orders-api\nalert: OrdersApiDown\ndb: orders_api\nenv: ORDERS_API_URL\nfn: ordersApi\n';
    const normalized = withoutName(text, 'orders-api');
    expect(normalized).not.toMatch(/orders|Orders|ORDERS/);
    expect(normalized).toBe(
      withoutName(
        text
          .replace(/orders/g, 'refund')
          .replace(/Orders/g, 'Refund')
          .replace(/ORDERS/g, 'REFUND'),
        'refund-api',
      ),
    );
    expect(
      withName({ files: [], problems: [normalized] }, 'orders-api').problems,
    ).toEqual([text]);
  });
});
