/**
 * A stand-in for Stripe.js in the browser tests (no network here): what the console uses of
 * it, as Stripe documents it. `Stripe(key).elements().create('card')` mounts one text input;
 * `createPaymentMethod` answers with one of Stripe's test PaymentMethods for the number typed
 * (4242... is `pm_card_visa`, 4000 0000 0000 0002 `pm_card_chargeDeclined`), or Stripe's
 * error for a number that is not a card. Served in place of https://js.stripe.com/....
 */
export const FAKE_STRIPE_JS = `
(function () {
  function Stripe(key) {
    if (!/^pk_/.test(key)) throw new Error('Invalid publishable key');
    return {
      _registerWrapper: function () {},
      elements: function () {
        return {
          create: function (type) {
            var input = null;
            return {
              mount: function (node) {
                input = document.createElement('input');
                input.setAttribute('aria-label', 'Card details');
                input.setAttribute('data-stripe-element', type);
                node.appendChild(input);
              },
              clear: function () { if (input) input.value = ''; },
              destroy: function () { if (input) input.remove(); },
              on: function () {},
              _value: function () { return input ? input.value.replace(/\\s/g, '') : ''; },
            };
          },
        };
      },
      createPaymentMethod: function (options) {
        var number = options.card._value();
        if (/^4242/.test(number)) return Promise.resolve({ paymentMethod: { id: 'pm_card_visa' } });
        if (number === '4000000000000002')
          return Promise.resolve({ paymentMethod: { id: 'pm_card_chargeDeclined' } });
        return Promise.resolve({
          error: { type: 'validation_error', message: 'Your card number is invalid.' },
        });
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();
`;
