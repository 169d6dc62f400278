package org.vitrine.hub.events;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for store-event records: passed by reference locally, as JSON across a cluster.
 * Records are immutable, so sharing the instance locally is safe.
 */
public final class RecordCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  private RecordCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers the codec of every store event as the default for its class. */
  public static void registerAll(Vertx vertx) {
    for (Class<?> c : new Class<?>[] {Sighting.class, ZoneChange.class, ScreenCommand.class, ScreenReport.class, PlaylistChanged.class,
        DeviceMessage.class, EnrolRequest.class, EnrolResult.class, IdentityChanged.class, ShopperErased.class,
        AudioFrame.class, HermesPublish.class, VoiceIntent.class, VoiceOrder.class, StoreEvent.class, StaffNotice.class,
        SpeakRequest.class, CatalogChanged.class, ContentRemoved.class, ScreenNow.class, DeviceStatus.class, VoiceShow.class, NoticeDone.class,
        CredentialsChanged.class, Paired.class, DeviceReport.class, BasketChanged.class}) {
      register(vertx, c);
    }
  }

  private static <T> void register(Vertx vertx, Class<T> c) {
    // Idempotent: several hubs may start, one after another, on one Vertx (tests, restarts).
    vertx.eventBus().unregisterDefaultCodec(c);
    vertx.eventBus().registerDefaultCodec(c, new RecordCodec<>(c));
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    byte[] bytes = Json.bytes(t);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int len = buffer.getInt(pos);
    return Json.read(buffer.getBytes(pos + 4, pos + 4 + len), type);
  }

  @Override
  public T transform(T t) {
    return t;
  }

  @Override
  public String name() {
    return "vitrine-" + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
