package org.vitrine.hub.commerce;

import io.vertx.core.Future;

/**
 * How a settled basket is paid. Every call carries an idempotency key: the same call with the same
 * key gives the first call's answer and moves no money again, so a retry after a timeout, a crash
 * or a restart never charges twice. A declined payment is an answer ({@code approved false}), not
 * a failure; a failed future means "not known": the caller keeps the checkout and retries with the
 * same key. Implementations: {@link LedgerStore} (the embedded member-account ledger). An external
 * provider (signed webhooks to the retailer's POS) fits the same calls: authorise and capture
 * become requests carrying the key, answered by a signed callback.
 */
public interface PaymentProvider {

  /** The method printed on receipts ("member account"). */
  String method();

  /** Holds {@code amount} on {@code account} (minor units of {@code currency}); declined when it is not available. */
  Future<Result> authorise(String key, String account, long amount, String currency);

  /** Takes the amount held by the authorisation {@code authKey}; {@code vat} is the VAT inside it (for the books). */
  Future<Result> capture(String key, String authKey, String account, long amount, long vat, String currency, String reference);

  /** Gives back {@code amount} (with {@code vat} inside) of the capture {@code captureKey}; never more than was captured in all. */
  Future<Result> refund(String key, String captureKey, long amount, long vat, String currency, String reason);

  /** What a call decided: {@code status} authorised, captured, refunded, declined or refused; {@code reason} for the last two. */
  record Result(String status, String reason, long amount, long available, String transaction) {

    public boolean approved() {
      return status.equals("authorised") || status.equals("captured") || status.equals("refunded");
    }
  }
}
