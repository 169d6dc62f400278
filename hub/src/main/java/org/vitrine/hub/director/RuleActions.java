package org.vitrine.hub.director;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.DeviceMessage;
import org.vitrine.hub.events.SpeakRequest;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.ops.Counters;
import org.vitrine.hub.rules.Rule;

/**
 * A rule's side effects, handed to the adapters that own the connections: speech to the voice
 * verticle ({@link SpeakRequest}), a device message to the MQTT gateway ({@link DeviceMessage}), a
 * notice to the console ({@link StaffNotice}). "{name}" in a text becomes the shopper's name.
 */
final class RuleActions {

  private final Vertx vertx;
  private final CatalogHolder catalog;
  private final Counters counters;
  private final AtomicLong seq = new AtomicLong();

  RuleActions(Vertx vertx, CatalogHolder catalog, Counters counters) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.counters = counters;
  }

  void carryOut(Rule rule, String zone, String shopper, long now) {
    Rule.Action a = rule.then();
    String name = catalog.get().shopper(shopper).map(p -> p.name() == null ? p.id() : p.name()).orElse("");
    if (a.say() != null) {
      vertx.eventBus().publish(Addresses.VOICE_SAY, new SpeakRequest(zone, personal(a.say(), name), rule.id()));
      counters.increment("rules.say");
    }
    if (a.mqtt() != null) {
      vertx.eventBus().send(Addresses.DEVICE_PUBLISH,
          new DeviceMessage(a.mqtt().device(), channelOf(a.mqtt()), personal(a.mqtt().payload(), name), 1));
      counters.increment("rules.mqtt");
    }
    if (a.notice() != null) {
      vertx.eventBus().publish(Addresses.STAFF_NOTIFY, new StaffNotice("n-" + Long.toString(now, 36) + "-"
          + seq.incrementAndGet(), zone, shopper, personal(a.notice(), name), rule.id(), now));
      counters.increment("rules.notify");
    }
  }

  private static String personal(String text, String name) {
    return text.replace("{name}", name);
  }

  /**
   * The hub only publishes under a device's own prefix (vitrine/v1/devices/&lt;id&gt;/&lt;channel&gt;):
   * a topic there names the channel, any other topic goes to the device's commands.
   */
  static String channelOf(Rule.Mqtt m) {
    String own = "vitrine/v1/devices/" + m.device() + "/";
    if (m.topic() != null && m.topic().startsWith(own) && m.topic().length() > own.length()) {
      return m.topic().substring(own.length());
    }
    return "commands";
  }
}
