package org.vitrine.hub.ops;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * Passes a message on to the next step of a chain (sighting → identity → presence → event log)
 * and, when the sender waits for an answer, answers it with the next step's. So a device is
 * acknowledged only once the last step kept what it sent, and refused when any step could not.
 */
public final class Relay {

  /** How long a step may take before the device is refused: more than a Redis hiccup, less than an MQTT client's patience. */
  public static final DeliveryOptions KEEP = new DeliveryOptions().setSendTimeout(10_000);

  private Relay() {
  }

  /** Sends {@code body} to {@code address}; if {@code from} waits for a reply, it gets the next step's. */
  public static void forward(Vertx vertx, String address, Object body, Message<?> from) {
    if (from.replyAddress() == null) {
      vertx.eventBus().send(address, body);
      return;
    }
    vertx.eventBus().request(address, body, KEEP).onComplete(ar -> {
      if (ar.succeeded()) {
        from.reply(ar.result().body());
      } else if (ar.cause() instanceof ReplyException r) {
        from.fail(r.failureCode(), r.getMessage());
      } else {
        from.fail(500, String.valueOf(ar.cause()));
      }
    });
  }
}
