package org.vitrine.hub.voice;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.UUID;
import org.vitrine.hub.catalog.CatalogHolder;
import org.vitrine.hub.catalog.ShopperProfile;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.StaffNotice;
import org.vitrine.hub.events.StoreEvent;
import org.vitrine.hub.events.VoiceIntent;

/**
 * Turns what shoppers say into store events: every understood intent becomes a {@code voice}
 * {@link StoreEvent} (rules may react, the event log keeps it), and "call an assistant" notifies
 * the staff in the console.
 */
public final class VoiceTriggers extends VerticleBase {

  private final CatalogHolder catalog;

  public VoiceTriggers(CatalogHolder catalog) {
    this.catalog = catalog;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<VoiceIntent>consumer(Addresses.VOICE_INTENT, m -> onIntent(m.body())).completion();
  }

  private void onIntent(VoiceIntent i) {
    vertx.eventBus().publish(Addresses.STORE_EVENT, new StoreEvent("voice", i.zone(), i.shopper(), null, null, i.intent(),
        i.slots() == null ? null : i.slots().get("product"), i.slots(), i.at(), i.sessionId()));
    if (i.actions() != null && i.actions().contains("call-assistant")) {
      String zoneName = catalog.get().zone(i.zone()).map(z -> z.name() == null ? z.id() : z.name()).orElse(i.zone());
      String who = catalog.get().shopper(i.shopper()).map(ShopperProfile::name).orElse("A shopper");
      vertx.eventBus().publish(Addresses.STAFF_NOTIFY, new StaffNotice(UUID.randomUUID().toString(), i.zone(), i.shopper(),
          who + " asks for an assistant in " + zoneName + " (speaker " + i.siteId() + ")", null, i.at()));
    }
  }
}
