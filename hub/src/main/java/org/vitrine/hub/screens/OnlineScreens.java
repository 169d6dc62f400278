package org.vitrine.hub.screens;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.events.DeviceStatus;

/**
 * Which screens have a live WebSocket on this hub instance. A screen may briefly hold two (a
 * reconnect overlapping the old socket's close), so connections are counted per screen; the
 * console hears when a screen comes online or goes offline ({@link Addresses#DEVICE_STATUS}, kind screen).
 */
public final class OnlineScreens {

  private final Vertx vertx;
  private final ConcurrentHashMap<String, AtomicInteger> sockets = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  public OnlineScreens(Vertx vertx) {
    this.vertx = vertx;
  }

  void connected(String screen) {
    total.incrementAndGet();
    if (sockets.computeIfAbsent(screen, s -> new AtomicInteger()).incrementAndGet() == 1) {
      vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(screen, "screen", true, System.currentTimeMillis()));
    }
  }

  void disconnected(String screen) {
    total.decrementAndGet();
    AtomicInteger n = sockets.get(screen);
    if (n != null && n.decrementAndGet() <= 0) {
      sockets.remove(screen, n);
      vertx.eventBus().publish(Addresses.DEVICE_STATUS, new DeviceStatus(screen, "screen", false, System.currentTimeMillis()));
    }
  }

  public Set<String> ids() {
    return Set.copyOf(sockets.keySet());
  }

  /** Open screen sockets (a screen reconnecting may count twice for a moment). */
  public int count() {
    return total.get();
  }
}
